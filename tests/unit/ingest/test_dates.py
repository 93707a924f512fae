"""Wire date lines become aware datetimes with the offset of that day."""

from zoneinfo import ZoneInfo

import pytest

from generator.ingest.dates import parse_date_line

ZURICH = ZoneInfo("Europe/Zurich")


@pytest.mark.parametrize(
    "line, iso",
    [
        ("23.11.2024 - 13:03", "2024-11-23T13:03:00+01:00"),
        ("23.11.2024, 13:03", "2024-11-23T13:03:00+01:00"),
        ("2.7.2024 - 09:05", "2024-07-02T09:05:00+02:00"),
        ("31.03.2024 - 03:30", "2024-03-31T03:30:00+02:00"),  # first hour of summer time
        ("23. November 2024, 13.03 Uhr", "2024-11-23T13:03:00+01:00"),
        ("November 23, 2024 1:03 PM", "2024-11-23T13:03:00+01:00"),
        ("2024-11-23T12:03:00Z", "2024-11-23T12:03:00+00:00"),
    ],
)
def test_date_line_formats(line, iso):
    assert parse_date_line(line, ZURICH).when.isoformat() == iso


def test_date_without_time_is_flagged():
    parsed = parse_date_line("23.11.2024", ZURICH)
    assert parsed.when.isoformat() == "2024-11-23T00:00:00+01:00"
    assert parsed.has_time is False


@pytest.mark.parametrize("line", ["Nato meets Trump", "31.02.2024 - 10:00", "SDA", "The vote on 23.11.2024 was close and long-awaited by all parties."])
def test_non_dates_are_not_dates(line):
    assert parse_date_line(line, ZURICH) is None
