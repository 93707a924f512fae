"""How the last build and the last check ended, kept in ``.newsgen-cache/state.json``.

A build records that it started before it writes anything, and its outcome
when it ends; check records its outcome. Deploy reads them and refuses to
publish a site whose last build failed or never finished (it was killed), or
whose last check of that same build failed. JSON with a schema version: a file of another version, or one that
cannot be read, counts as no record at all.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from ..core.atomic import write_atomic
from ..core.errors import NewsgenError

STATE_FILE = Path(".newsgen-cache") / "state.json"
SCHEMA_VERSION = 1
OK, FAILED, RUNNING = "ok", "failed", "running"


@dataclass(frozen=True)
class BuildRecord:
    """The last build."""

    #: "ok", "failed", or "running" from its start until its end (still there: the build was killed).
    status: str
    #: Counts builds, so a check can say which build it looked at.
    number: int


@dataclass(frozen=True)
class CheckRecord:
    """The last check."""

    #: "ok" or "failed".
    status: str
    #: ``BuildRecord.number`` of the build whose output was checked (0: none recorded).
    build: int
    errors: int
    warnings: int


@dataclass(frozen=True)
class State:
    build: BuildRecord | None = None
    check: CheckRecord | None = None


def load_state(root: Path) -> State:
    """The recorded state of the project in ``root``; empty when there is none."""
    try:
        data = json.loads((root / STATE_FILE).read_text(encoding="utf-8"))
        if data.get("schema") != SCHEMA_VERSION:
            return State()
        build, check = data.get("build"), data.get("check")
        return State(BuildRecord(**build) if build else None, CheckRecord(**check) if check else None)
    except (OSError, ValueError, TypeError, AttributeError):
        return State()


def save_state(root: Path, state: State) -> None:
    data = {"schema": SCHEMA_VERSION, "build": _as_dict(state.build), "check": _as_dict(state.check)}
    try:
        write_atomic(root / STATE_FILE, json.dumps(data, indent=2, sort_keys=True) + "\n")
    except OSError as exc:
        raise NewsgenError(f"cannot record the build state: {exc.strerror or exc}", str(root / STATE_FILE)) from None


def record_build_start(root: Path) -> None:
    """Record that a build started (its number is one more than the last), before it changes anything."""
    state = load_state(root)
    number = (state.build.number if state.build else 0) + 1
    save_state(root, State(BuildRecord(RUNNING, number), state.check))


def record_build(root: Path, ok: bool) -> None:
    """Record the end of the build whose start was recorded (or of a new one, if it was not)."""
    state = load_state(root)
    number = state.build.number if state.build else 0
    if not (state.build and state.build.status == RUNNING):
        number += 1
    save_state(root, State(BuildRecord(OK if ok else FAILED, number), state.check))


def record_check(root: Path, ok: bool, errors: int, warnings: int) -> None:
    """Record the end of a check of the current build's output."""
    state = load_state(root)
    build = state.build.number if state.build else 0
    save_state(root, State(state.build, CheckRecord(OK if ok else FAILED, build, errors, warnings)))


def deploy_blockers(state: State) -> list[str]:
    """Why the recorded state forbids a deploy (empty: it does not).

    A check of an earlier build says nothing about the current output, so only
    a failed check of the current build blocks."""
    blockers = []
    if state.build and state.build.status == RUNNING:
        blockers.append("the last build did not finish (it was stopped or is still running): run `newsgen build` again")
    elif state.build and state.build.status != OK:
        blockers.append("the last build failed: fix it and run `newsgen build` again")
    check = state.check
    current = state.build.number if state.build else 0
    if check and check.status != OK and check.build == current:
        found = f"{check.errors} error{'s' * (check.errors != 1)}, {check.warnings} warning{'s' * (check.warnings != 1)}"
        blockers.append(f"the last check of this build failed ({found}): fix it and run `newsgen check` again")
    return blockers


def _as_dict(record) -> dict | None:
    return asdict(record) if record else None
