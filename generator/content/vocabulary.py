"""Both editor-maintained registries of a project, loaded together from ``content/``.

``people.yaml`` (:mod:`.people_registry`), ``tags.yaml`` (:mod:`.tag_vocabulary`)
and the machine labels of ``tag-labels.yaml`` (:mod:`.tag_labels`) each have
their own module; this one only knows where the files are and how they combine.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .people_registry import PeopleRegistry, load_people
from .tag_labels import TAG_LABELS_FILE, with_machine_labels
from .tag_vocabulary import TagVocabulary, load_tags


@dataclass(frozen=True)
class Vocabularies:
    """The editor-maintained registries of a project."""

    people: PeopleRegistry
    tags: TagVocabulary


def load_vocabularies(content_dir: Path) -> Vocabularies:
    """``content/people.yaml`` and ``content/tags.yaml`` (with ``tag-labels.yaml``); missing files are empty."""
    tags = load_tags(content_dir / "tags.yaml")
    labels_path = content_dir / TAG_LABELS_FILE
    if labels_path.is_file():
        tags = with_machine_labels(tags, labels_path.read_text(encoding="utf-8"), str(labels_path))
    return Vocabularies(load_people(content_dir / "people.yaml"), tags)
