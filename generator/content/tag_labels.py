"""Machine tag labels, ``content/tag-labels.yaml``: labels ``newsgen translate`` made for languages tags.yaml has none for.

Separate from tags.yaml because newsgen writes this file (tags.yaml is only
read) and tags.yaml always wins over it.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import yaml

from .registry_yaml import Document, did_you_mean, parse_yaml
from .tag_vocabulary import TagVocabulary

TAG_LABELS_FILE = "tag-labels.yaml"
_TAG_LABELS_HEADER = """\
# Tag labels translated by machine (`newsgen translate`) for languages that
# tags.yaml gives no label for. Edit freely: newsgen only adds missing labels
# and never changes one written here. A label in tags.yaml wins over these.
"""


def load_tag_labels(path: Path) -> dict[str, dict[str, str]]:
    """Read ``tag-labels.yaml`` (tag id -> language -> label); a missing file is empty."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    return parse_tag_labels(text, str(path))[0]


def parse_tag_labels(text: str, file: str = TAG_LABELS_FILE) -> tuple[dict[str, dict[str, str]], Document | None]:
    """Validate the text of a ``tag-labels.yaml``; the document is kept to name lines later."""
    document = parse_yaml(text, file)
    if document is None:
        return {}, None
    data = document.expect_mapping((), {"labels": dict})
    labels: dict[str, dict[str, str]] = {}
    for tag_id, by_lang in data.get("labels", {}).items():
        if not isinstance(by_lang, dict):
            raise document.error(("labels", tag_id), "expected a mapping of language code to label")
        for lang, label in by_lang.items():
            if not isinstance(label, str) or not label.strip():
                raise document.error(("labels", tag_id, lang), f"label for {lang!r} must be text")
        labels[str(tag_id)] = {str(lang): label.strip() for lang, label in by_lang.items()}
    return labels, document


def with_machine_labels(vocabulary: TagVocabulary, text: str, file: str = TAG_LABELS_FILE) -> TagVocabulary:
    """The vocabulary with the labels of a ``tag-labels.yaml`` added to its tags."""
    labels, document = parse_tag_labels(text, file)
    by_id = {tag.id: tag for tag in vocabulary.tags}
    for tag_id in labels:
        if tag_id not in by_id:
            raise document.error(("labels", tag_id), f"no tag with id {tag_id!r} in tags.yaml{did_you_mean(tag_id, by_id)}")
    return TagVocabulary(tuple(replace(tag, machine_labels=labels[tag.id]) if tag.id in labels else tag for tag in vocabulary.tags))


def render_tag_labels(labels: dict[str, dict[str, str]]) -> str:
    """``tag-labels.yaml`` text, sorted by tag id and language (deterministic)."""
    ordered = {tag_id: dict(sorted(labels[tag_id].items())) for tag_id in sorted(labels) if labels[tag_id]}
    body = yaml.safe_dump({"labels": ordered}, sort_keys=False, allow_unicode=True, width=10_000, default_flow_style=False)
    return _TAG_LABELS_HEADER + body
