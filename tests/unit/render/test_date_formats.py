"""generator/render/date_formats.py: dates in the page's language and the site's time zone."""

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from generator.render.date_formats import format_datetime_local

ZURICH = ZoneInfo("Europe/Zurich")


def test_german_dates_are_localized_without_system_locale(monkeypatch):
    for variable in ("LANG", "LC_ALL", "LC_TIME", "LANGUAGE"):
        monkeypatch.setenv(variable, "fr_FR.UTF-8")
    moment = datetime(2024, 3, 5, 8, 7, tzinfo=timezone.utc)
    assert format_datetime_local(moment, "de", ZURICH) == "5. März 2024, 09:07"
    assert format_datetime_local(moment, "en", ZURICH) == "March 5, 2024, 9:07\u202fAM"


def test_dates_are_shown_in_site_time_zone():
    moment = datetime(2024, 11, 30, 23, 30, tzinfo=timezone.utc)
    assert format_datetime_local(moment, "it", ZURICH) == "1 dicembre 2024 00:30"
