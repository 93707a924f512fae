"""The staging record: what the staging folder (the old site) lacks compared with the live one.

Separate from ``staging.py`` because it is the part trusted from one run to the
next: it names the two folders it describes and pairs with a token inside the
staging folder, so a record that no longer fits them, or is damaged, is dropped
rather than believed.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Sequence
from pathlib import Path

from ..core.atomic import write_atomic
from ..core.errors import NewsgenError
from .mirror import unlink
from .outputfolder import check_relative

STAGING_RECORD = "staging.json"
RECORD_SCHEMA = 2
#: The staging folder's half of the record: a random token, written after each swap.
_TOKEN = ".newsgen-staging"
#: A record listing more files than this is not kept: comparing the folders costs about as much.
RECORD_LIMIT = 20_000


def _identity(path: Path) -> list[int]:
    info = os.stat(path)
    return [info.st_dev, info.st_ino]


def save_record(cache_dir: Path, live: Path, staging: Path, written: Sequence[str], removed: Sequence[str], files: int) -> None:
    """Remember what the staging folder (the old site) lacks compared with the new live one."""
    try:
        # Folder identities can be reused by a folder made anew; the token in the folder cannot.
        token = secrets.token_hex(16)
        write_atomic(staging / _TOKEN, token)
        data = {"schema": RECORD_SCHEMA, "live": _identity(live), "staging": _identity(staging), "token": token,
                "files": files, "written": list(written), "removed": list(removed)}
        write_atomic(cache_dir / STAGING_RECORD, json.dumps(data, separators=(",", ":")))
    except OSError:
        pass  # without a record the next build compares the two folders instead


def load_record(cache_dir: Path, live: Path, staging: Path) -> dict | None:
    """The record, when it describes these two folders; None otherwise."""
    try:
        data = json.loads((cache_dir / STAGING_RECORD).read_text(encoding="utf-8"))
        if data["schema"] != RECORD_SCHEMA or data["live"] != _identity(live) or data["staging"] != _identity(staging):
            return None
        if (staging / _TOKEN).read_text(encoding="utf-8") != data["token"]:
            return None
        for path in data["written"] + data["removed"]:
            check_relative(str(staging), path)  # a damaged record must not reach outside the folders
        return data
    except (OSError, ValueError, KeyError, TypeError, NewsgenError):
        return None


def forget_record(cache_dir: Path, staging: Path | None = None) -> None:
    """Drop the record before the staging folder changes: a stale one would be trusted after a crash."""
    try:
        (cache_dir / STAGING_RECORD).unlink(missing_ok=True)
    except OSError as exc:
        raise NewsgenError(f"cannot update the staging record: {exc.strerror or exc}", str(cache_dir / STAGING_RECORD)) from None
    if staging is not None:
        unlink(str(staging / _TOKEN))  # never swapped into the live site
