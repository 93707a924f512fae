"""How the command line prints problems: one line each, "error:" in red and
"warning:" in yellow on a terminal, plain when piped or when NO_COLOR is set
(https://no-color.org)."""

from __future__ import annotations

import os
import sys
from typing import TextIO

_COLOURS = {"error": "\033[1;31m", "warning": "\033[1;33m"}
_RESET = "\033[0m"


def use_colour(stream: TextIO) -> bool:
    """Colour only for a terminal, and never when NO_COLOR is set or TERM is "dumb"."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def paint(severity: str, text: str, colour: bool) -> str:
    """``text`` in the colour of ``severity`` ("error", "warning") when ``colour``."""
    code = _COLOURS.get(severity)
    return f"{code}{text}{_RESET}" if colour and code else text


def print_problem(severity: str, message: str, stream: TextIO | None = None) -> None:
    """Print ``message`` as "error: ..." (or "warning: ..."), one labelled line per line of it."""
    stream = stream or sys.stderr
    label = paint(severity, f"{severity}:", use_colour(stream))
    for line in message.splitlines() or [""]:
        print(f"{label} {line}", file=stream)
