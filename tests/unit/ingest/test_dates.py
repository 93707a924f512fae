"""Wire date lines become aware datetimes with the offset of that day or the one the line states."""

from datetime import date
from zoneinfo import ZoneInfo

import pytest

from generator.ingest.dates import InvalidDate, date_in_name, parse_date_line

ZURICH = ZoneInfo("Europe/Zurich")


@pytest.mark.parametrize(
    "line, iso",
    [
        # Swiss wires: Swiss local time, the offset of that day.
        ("23.11.2024 - 13:03", "2024-11-23T13:03:00+01:00"),
        ("23.11.2024, 13:03", "2024-11-23T13:03:00+01:00"),
        ("10.7.2024 - 01:15", "2024-07-10T01:15:00+02:00"),
        ("10.07.2024, 01:15", "2024-07-10T01:15:00+02:00"),
        ("3.1.2025 - 7:05", "2025-01-03T07:05:00+01:00"),
        ("31.03.2024 - 03:30", "2024-03-31T03:30:00+02:00"),  # first hours of summer time
        ("23. November 2024, 13.03 Uhr", "2024-11-23T13:03:00+01:00"),
        ("Mittwoch, 25. September 2024, 14:20 Uhr", "2024-09-25T14:20:00+02:00"),
        ("25. September 2024 um 14:20", "2024-09-25T14:20:00+02:00"),
        ("jeudi 3 avril 2025, 06h41", "2025-04-03T06:41:00+02:00"),
        ("1er mars 2024 - 18:05", "2024-03-01T18:05:00+01:00"),
        ("giovedì 3 aprile 2025, 06:41", "2025-04-03T06:41:00+02:00"),
        ("April 3, 2025 - 06:41", "2025-04-03T06:41:00+02:00"),
        ("November 23, 2024 1:03 PM", "2024-11-23T13:03:00+01:00"),
        # A stated zone wins over the feed's.
        ("Mar. 17, 2024 13:52 PM EDT", "2024-03-17T13:52:00-04:00"),
        ("Published 6:05 AM EDT, June 14, 2024", "2024-06-14T06:05:00-04:00"),
        ("Updated 3:14 PM EST, December 2, 2024", "2024-12-02T15:14:00-05:00"),
        ("Nov. 9, 2023, 11:02 a.m. ET", "2023-11-09T11:02:00-05:00"),
        ("June 9, 2023, 11:02 a.m. ET", "2023-06-09T11:02:00-04:00"),
        ("Article Launched: 06/01/2008 07:32:23 AM MDT", "2008-06-01T07:32:23-06:00"),
        ("03/17/2024 1:52 PM CDT", "2024-03-17T13:52:00-05:00"),
        ("Last updated: Tue 17 Mar 2024 13.52 GMT", "2024-03-17T13:52:00+00:00"),
        ("November 25, 2024 3:12 PM GMT+1", "2024-11-25T15:12:00+01:00"),
        ("2024-11-23T12:03:00Z", "2024-11-23T12:03:00+00:00"),
        ("Posted: 2024-03-17 13:52:00+05:30", "2024-03-17T13:52:00+05:30"),
        ("2024-09-25 14:20", "2024-09-25T14:20:00+02:00"),
    ],
)
def test_date_line_formats(line, iso):
    assert parse_date_line(line, ZURICH).when.isoformat() == iso


@pytest.mark.parametrize("line, iso", [("23.11.2024", "2024-11-23T00:00:00+01:00"), ("Sept. 30, 2024", "2024-09-30T00:00:00+02:00"), ("1996-12-06", "1996-12-06T00:00:00+01:00")])
def test_date_without_time_is_midnight_and_flagged(line, iso):
    parsed = parse_date_line(line, ZURICH)
    assert parsed.when.isoformat() == iso
    assert parsed.has_time is False


def test_a_date_without_year_takes_the_year_nearest_the_reference_day():
    assert parse_date_line("Nov 25", ZURICH) is None
    assert parse_date_line("Nov 25", ZURICH, reference=date(2024, 11, 26)).when.isoformat() == "2024-11-25T00:00:00+01:00"
    # Filed on 2 January, datelined 31 December: the year before.
    assert parse_date_line("Dec 31", ZURICH, reference=date(2025, 1, 2)).when.year == 2024


@pytest.mark.parametrize(
    "line",
    ["Nato meets Trump", "SDA", "3-1", "2:1 (1:0)", "2024/25", "2024", "May 2024", "Tuesday", "12 comments", "10.5 percent",
     "1. Marco Odermatt (SUI) 1:45.32", "1  ODERMATT Marco  SUI  1:45.32", "Scorers: Ronaldo 23, 67",
     "The vote on 23.11.2024 was close and long-awaited by all parties."],
)
def test_non_dates_are_not_dates(line):
    assert parse_date_line(line, ZURICH) is None
    assert parse_date_line(line, ZURICH, reference=date(2024, 11, 26)) is None


@pytest.mark.parametrize("line", ["31.02.2024 - 10:00", "2024-02-30", "23.11.2024 - 25:00", "12.03.2024 05:60"])
def test_dates_with_impossible_fields_say_so(line):
    with pytest.raises(InvalidDate, match="not a valid date"):
        parse_date_line(line, ZURICH)


@pytest.mark.parametrize(
    "name, day",
    [("20241125-reuters-001.txt", date(2024, 11, 25)), ("raw/2024-06-14_flood.txt", date(2024, 6, 14)), ("plain-001.txt", None), ("20241399-x.txt", None)],
)
def test_dates_in_file_names(name, day):
    assert date_in_name(name) == day
