"""One text translated safely: names masked, the translation memory asked first, the provider's answer checked.

Separate from the run over articles: this is the per-segment path every title,
paragraph, role and tag label takes, and what it counts (cached, sent, failed).
"""

from __future__ import annotations

from collections.abc import Callable

from ..config.translation import TranslationConfig
from .backend import Backend, TranslationError
from .memory import TranslationMemory
from .segments import (
    Masked,
    SegmentError,
    check_markdown,
    check_tokens,
    mask,
    swiss_spelling,
    unmask,
    verify_names,
)

#: ``on_progress(done, total, cached, sent)``, called after every segment.
Progress = Callable[[int, int, int, int], None]


class SegmentTranslator:
    """One text through placeholders, translation memory, provider and checks."""

    def __init__(self, backend: Backend, memory: TranslationMemory, settings: TranslationConfig, total: int = 0, on_progress: Progress | None = None):
        self.backend = backend
        self.memory = memory
        self.settings = settings
        self.total = total
        self.on_progress = on_progress
        self.cached = 0
        self.sent = 0
        self.failed = 0

    def translate(self, text: str, source: str, target: str, names: tuple[str, ...] = (), markdown: bool = False) -> str:
        """``text`` in ``target``; TranslationError if it cannot be translated safely."""
        protected = (*names, *self.settings.glossary)
        masked = mask(text, protected, markdown)
        raw = self._raw(masked, source, target, markdown)
        if self.settings.swiss_german and target.lower() == "de-ch":
            raw = swiss_spelling(raw)  # before the names go back in: "Strauß" stays "Strauß"
        try:
            result = unmask(masked, raw)
            verify_names(text, result, protected)
        except SegmentError as exc:
            raise TranslationError(self.backend.name, "names", f"{exc}; answer rejected") from None
        return result

    def _raw(self, masked: Masked, source: str, target: str, markdown: bool) -> str:
        """The provider's (checked) answer for the masked text, from memory when it is there."""
        src, tgt = self.backend.language(source), self.backend.language(target)
        if src == tgt:  # "de" -> "de-ch": nothing to translate, only to respell
            return self._counted("cached", masked.text)
        stored = self.memory.lookup(self.backend.name, src, tgt, masked.text)
        if stored is not None:
            return self._counted("cached", stored)
        try:
            answer = self.backend.translate(masked.text, src, tgt, check_markdown if markdown else check_tokens)
        except TranslationError:
            self._counted("failed", "")
            raise
        # Committed before anything else happens: a crash from here on loses nothing paid for.
        self.memory.store(self.backend.name, src, tgt, masked.text, answer)
        return self._counted("sent", answer)

    def _counted(self, outcome: str, text: str) -> str:
        """Count one segment as "cached", "sent" or "failed", report progress, pass ``text`` on."""
        if outcome == "cached":
            self.cached += 1
        elif outcome == "sent":
            self.sent += 1
        else:
            self.failed += 1
        if self.on_progress:
            self.on_progress(self.cached + self.sent + self.failed, self.total, self.cached, self.sent)
        return text
