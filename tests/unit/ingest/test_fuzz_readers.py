"""Fuzz the raw readers: no input makes ingest raise anything but an error naming the file.

1,100 generated files per run, the same on every run (derandomize); ``make
fuzz`` runs ten thousand with bench/fuzz_ingest.py and the same strategies.
The regression tests below are the crashes and hangs the fuzzing found.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from wire_strategies import check_ingest, fuzz_project, raw_bytes, raw_texts, wire_files

NAME = "content/raw/fuzz.txt"
FUZZ = settings(derandomize=True, database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def project():
    return fuzz_project()


def assert_handled(data: bytes, project) -> None:
    outcome = check_ingest(data, NAME, *project)
    assert outcome.kind in ("accepted", "refused"), f"{outcome.kind}: {outcome.detail}"


@settings(FUZZ, max_examples=350)
@given(data=raw_bytes())
def test_arbitrary_bytes_are_read_or_refused_naming_the_file(project, data):
    assert_handled(data, project)


@settings(FUZZ, max_examples=350)
@given(data=raw_texts())
def test_arbitrary_text_is_read_or_refused_naming_the_file(project, data):
    assert_handled(data, project)


@settings(FUZZ, max_examples=400)
@given(data=wire_files())
def test_wire_stories_with_hostile_fields_are_read_or_refused_naming_the_file(project, data):
    assert_handled(data, project)


@pytest.mark.parametrize("date_line", ["30.02.2024 - 12:00", "12.05.2024 - 05:60", "12.05.2024 - 24:00", "31.04. - 10:00", "12.05.99999 - 10:00", "2024-02-30"])
def test_impossible_dates_are_skipped_with_a_warning_or_refused(project, date_line):
    story = f"InternationalHeadline of a story\nSDA\n{date_line}\nA body sentence that is long enough to be a paragraph.\n"
    assert_handled(story.encode(), project)


def test_time_in_the_hour_clocks_skip_is_stored_unchanged(project):
    # Found by the fuzz: 25.03.2018 - 02:34 does not exist in Zurich, and read back from the file it compared unequal.
    story = "InternationalHeadline of a story\nSDA\n25.03.2018 - 02:34\nA body sentence that is long enough to be a paragraph.\n"
    assert check_ingest(story.encode(), NAME, *project).kind == "accepted"


def test_dateline_that_is_a_whole_line_is_stored_unchanged(project):
    # Found by the fuzz ("AFP(AP) —" on the agency line): an empty lead paragraph, a body the store read back without it.
    story = "EconomyA headline of the story\nAFP(AP) —\n28.06.1997 - 04:03\nKEYSTONE\nA body sentence that is long enough to be a paragraph.\n"
    assert check_ingest(story.encode(), NAME, *project).kind == "accepted"
