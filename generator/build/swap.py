"""Swapping the staging folder with the live one: one atomic exchange, or three renames.

Separate from ``staging.py`` because this is the one place that asks the C
library for ``renameat2``, and what to do where it is missing is a question of
the platform, not of publishing.
"""

from __future__ import annotations

import ctypes
import errno
import os
from functools import lru_cache
from pathlib import Path


def swap_in(staging: Path, live: Path) -> bool:
    """Put the staging folder at the live folder's place; True when the old site is now the staging folder."""
    if not live.exists():
        os.rename(staging, live)
        return False
    if exchange(staging, live):
        return True
    # No atomic exchange here: three renames, and recover_interrupted_swap if killed between them.
    aside = aside_folder(live)
    os.rename(live, aside)
    os.rename(staging, live)
    os.rename(aside, staging)
    return True


def aside_folder(live: Path) -> Path:
    return live.parent / f".{live.name}.swap"


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one atomic step (Linux ``renameat2``); False where that is not supported."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False  # this file system cannot exchange
    raise OSError(code, os.strerror(code), str(first))


@lru_cache(maxsize=1)
def _renameat2():
    try:
        return ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):  # not Linux, or a C library without it
        return None

