"""The Jinja environment of each page language: strict, autoescaping, with its UI strings.

Separate from the page contexts because it is what ``babel.cfg`` and
``i18n.EXTRACTION_OPTIONS`` must agree with (message ids), and because compiled
templates are shared here between the languages of one process.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import (
    BytecodeCache,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    pass_context,
)

from . import i18n
from .sanitize import finalize_value


class _CompiledTemplates(BytecodeCache):
    """Compiled templates shared by the environments of one process, in memory only.

    Every language gets an environment of its own (its catalog), but they all
    compile a template alike: with this, each template is compiled once per
    process instead of once per language, which is much of a short build.
    Entries are keyed by template file and source checksum, so an edited
    template is compiled again.
    """

    def __init__(self) -> None:
        self._code: dict[tuple[str, str], object] = {}

    def load_bytecode(self, bucket) -> None:
        found = self._code.get((bucket.key, bucket.checksum))
        if found is not None:
            bucket.code = found

    def dump_bytecode(self, bucket) -> None:
        self._code[(bucket.key, bucket.checksum)] = bucket.code


_COMPILED = _CompiledTemplates()


def make_environment(templates_dir: Path, lang: str) -> Environment:
    """Jinja environment for pages in ``lang``: strict, autoescaping, with its UI strings.

    Block whitespace and new-style gettext shape the ids of ``{% trans %}``
    blocks: ``i18n.EXTRACTION_OPTIONS`` (and ``babel.cfg``) must match.
    """
    env = Environment(
        loader=FileSystemLoader(str(templates_dir)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
        # Every printed string has its bidi controls balanced (sanitize.finalize_value).
        finalize=finalize_value,
        bytecode_cache=_COMPILED,
    )
    env.install_gettext_translations(i18n.translations(templates_dir, lang), newstyle=True)
    _remember_plain_strings(env)
    env.filters["number"] = lambda number: i18n.format_number(number, lang)
    return env


def _remember_plain_strings(env: Environment) -> None:
    """Let ``_()`` and ``gettext()`` answer a string without variables from memory.

    New-style gettext looks the string up, escapes it and applies ``%`` formatting
    on every call; a page calls it a dozen times, always with the same strings.
    """
    translate = env.globals["gettext"]
    remembered: dict[tuple[str, bool], str] = {}

    @pass_context
    def gettext(context, string: str, **variables):
        if variables:
            return translate(context, string, **variables)
        key = (string, context.eval_ctx.autoescape)
        if key not in remembered:
            remembered[key] = translate(context, string)
        return remembered[key]

    env.globals.update(gettext=gettext, _=gettext)
