"""Which news agency a piece of wire text names.

Agency lines, footers, copyright lines, bylines and datelines all name agencies,
short ("SDA", "AP") or in full ("The Associated Press"). The header, body and
dateline rules ask this one module, so a new agency or spelling is added once.
"""

from __future__ import annotations

import re

#: Agency names as they appear on agency lines and in datelines.
AGENCIES = (
    "Keystone-SDA", "Keystone-ATS", "Keystone-ATS-SDA", "SDA", "ATS", "AWP",
    "dpa", "AFP", "AP", "Reuters", "ANSA", "APA", "KNA", "epd", "Bloomberg", "EFE", "Xinhua",
)
_AGENCY_KEYS = {a.lower(): a for a in AGENCIES}
#: Agencies by their full names, as bylines and footers write them.
_AGENCY_FULL_NAMES = re.compile(
    r"\b(?:The\s+)?(?P<AP>Associated\s+Press)\b|\b(?P<AFP>Agence\s+France[- ]Presse)\b|\b(?P<dpa>Deutsche\s+Presse[- ]Agentur)\b"
    r"|\b(?P<SDA>Schweizerische\s+Depeschenagentur)\b|\b(?P<ATS>Agence\s+télégraphique\s+suisse)\b",
    re.I,
)
#: "(c) Reuters Limited 1996", "© dpa-infocom, dpa:240925-99-123456/3", "Copyright 2024 The Associated Press".
_COPYRIGHT = re.compile(r"^(?:\(c\)|©|copyright)\s*(?:\d{4}\s+)?(?P<owner>[^\d,]{2,40}?)(?:\s+(?:Limited|Ltd|GmbH|AG|Inc)\.?)?(?:[\s,].*)?$", re.I)
#: Agencies that distribute pictures; a line with one of these after the caption names it.
PICTURE_AGENCIES = ("Keystone", "KEYSTONE", "Keystone-SDA", "EPA", "AP", "Reuters", "dpa", "AFP", "Getty Images", "Imago")
#: Regional desks after an agency ("dpa/lhe", "dpa/lno"): part of the dateline, not an agency.
_DESK_CODE = re.compile(r"^[a-z]{2,4}$")


def agency_named_in(line: str | None) -> str | None:
    """The agency an agency line names ("Keystone-SDA SDA" -> "Keystone-SDA", "The Associated Press" -> "AP"), else None."""
    if not line or len(line) > 40:
        return None
    line = _AGENCY_FULL_NAMES.sub(lambda match: match.lastgroup or "", line)
    tokens = [t for t in re.split(r"[\s/,+&]+", line) if t]
    if not tokens or any(t.lower() not in _AGENCY_KEYS for t in tokens):
        return None
    names = [_AGENCY_KEYS[t.lower()] for t in tokens]
    # "Keystone-SDA SDA" names one agency twice: keep the most specific spelling.
    kept = [n for n in dict.fromkeys(names) if not any(n != other and n.lower() in other.lower() for other in names)]
    return "/".join(kept)


def agency_of_byline(byline: str | None) -> str | None:
    """"Mary Clarke, The Associated Press" -> "AP"."""
    if not byline:
        return None
    match = _AGENCY_FULL_NAMES.search(byline) or re.search(r"(?:,\s*|\s)(AP|Reuters|AFP|dpa|SDA|Bloomberg)$", byline)
    return agency_named_in(match.group()) if match else None


def copyright_agency(text: str) -> str | None:
    match = _COPYRIGHT.match(text)
    if not match:
        return None
    owner = match["owner"].strip().removeprefix("The ").split("-")[0]
    return agency_named_in(owner)


def dateline_agencies(text: str) -> list[str] | None:
    """"Reuters" -> ["Reuters"], "dpa/lhe" -> ["dpa"] (a regional desk), "AP/AFP" -> both; None if not agencies."""
    parts = text.split("/")
    if parts[0].lower() not in _AGENCY_KEYS:
        return None
    agencies = [_AGENCY_KEYS[p.lower()] for p in parts if p.lower() in _AGENCY_KEYS]
    unknown = [p for p in parts if p.lower() not in _AGENCY_KEYS]
    return agencies if all(_DESK_CODE.match(p) for p in unknown) else None
