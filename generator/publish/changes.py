"""What a deploy publishes and what it changes at its target: the same for every kind of target."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

#: What is published: relative path -> the file in the site folder, or bytes made for the deploy.
Publication = Mapping[str, "Path | bytes"]


@dataclass(frozen=True)
class Changes:
    """What a deploy changes at its target, as sorted relative paths."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    deleted: tuple[str, ...] = ()
    #: Gone from the site but left at the target (``delete`` off).
    kept: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.deleted)

    def __str__(self) -> str:
        text = f"{len(self.added)} added, {len(self.changed)} changed, {len(self.deleted)} deleted"
        return text + (f", {len(self.kept)} kept (no longer in the site)" if self.kept else "")
