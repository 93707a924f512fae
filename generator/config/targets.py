"""Deploy targets: the specs ("folder:/srv/www", "rsync:user@host:/path",
"git:../pages.git#gh-pages") and the ``[deploy]`` table of site.toml, parsed.

Pure: a spec is read into a ``Target``; relative local paths are resolved
against the project root later, by deploy.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

KINDS = ("folder", "rsync", "git")
DEFAULT_BRANCH = "gh-pages"
# A branch name git accepts, kept simple: no spaces, "..", "~^:?*[\", leading "-" or trailing ".lock".
_BRANCH = re.compile(r"(?!-)(?!.*\.\.)(?!.*\.lock$)[A-Za-z0-9._/-]+(?<![/.])")
# "user@host:path" or "host:path" (scp-like remote), as opposed to a local path.
_REMOTE = re.compile(r"^(?:[^@/:]+@)?[^@/:]+:")


@dataclass(frozen=True)
class Target:
    """Where ``newsgen deploy`` publishes the site."""

    #: One of KINDS.
    kind: str
    #: Folder path (folder), rsync destination (rsync) or repository path/URL (git).
    location: str
    #: Branch to commit to (git only).
    branch: str | None = None

    def __str__(self) -> str:
        return f"{self.kind}:{self.location}" + (f"#{self.branch}" if self.branch else "")

    @property
    def is_remote(self) -> bool:
        """True when ``location`` is not a path on this machine."""
        return "://" in self.location or bool(_REMOTE.match(self.location))


def parse_target(spec: str) -> Target:
    """``KIND:LOCATION`` -> Target; ValueError says what is wrong."""
    kind, colon, location = spec.partition(":")
    if not colon or kind not in KINDS:
        raise ValueError(f"{spec!r} is not a deploy target; write folder:/path, rsync:user@host:/path or git:/path/to/repo.git#branch")
    location = location.strip()
    branch = None
    if kind == "git":
        location, _, branch = location.rpartition("#") if "#" in location else (location, "", DEFAULT_BRANCH)
        if not _BRANCH.fullmatch(branch):
            raise ValueError(f"{spec!r}: {branch!r} is not a usable branch name")
    if not location:
        raise ValueError(f"{spec!r}: the {kind} target needs a path after '{kind}:'")
    path = location.split(":", 1)[1] if kind == "rsync" and _REMOTE.match(location) else location
    if kind != "git" and not path.strip().strip("/"):
        # rsync --delete into "/" or a remote home folder would wipe it.
        raise ValueError(f"{spec!r}: name the folder to publish into, not the root or a home folder")
    if kind == "folder" and "://" in location:
        raise ValueError(f"{spec!r}: a folder target is a local path; use rsync: or git: for other machines")
    return Target(kind, location, branch)


# -- the [deploy] table of site.toml ------------------------------------------------


@dataclass(frozen=True)
class NamedTarget:
    """One ``[deploy.targets.NAME]`` table: ``newsgen deploy NAME`` publishes there."""

    name: str
    #: Target spec: "folder:/path", "rsync:user@host:/path" or "git:/path/to/repo.git#branch".
    target: str
    #: Delete files at the target that the site no longer has (false: keep them, like --no-delete).
    delete: bool = True


@dataclass(frozen=True)
class DeployConfig:
    """The ``[deploy]`` table: where and how ``newsgen deploy`` publishes the site."""

    #: Target of a plain ``newsgen deploy``: a spec, or the NAME of one of ``targets``; None: name one on the command line.
    target: str | None = None
    #: Delete files at the default target that the site no longer has.
    delete: bool = True
    #: Publish a ``_headers`` file (cache and security headers read by Netlify and Cloudflare Pages).
    headers: bool = True
    #: The ``[deploy.targets.NAME]`` tables, sorted by name.
    targets: tuple[NamedTarget, ...] = ()

    def named(self, name: str) -> NamedTarget | None:
        return next((target for target in self.targets if target.name == name), None)


_DEPLOY_KEYS = {"target": str, "delete": bool, "headers": bool, "targets": dict}
_NAMED_KEYS = {"target": str, "delete": bool}
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


def parse_deploy(table, problems: list[str]) -> DeployConfig:
    """The ``[deploy]`` table; problems are appended, never raised."""
    if not isinstance(table, dict):
        problems.append("deploy: expected a table ([deploy])")
        return DeployConfig()
    _check_keys(table, _DEPLOY_KEYS, "deploy.", problems)
    named = _parse_named(table.get("targets", {}), problems)
    default = table.get("target")
    if isinstance(default, str) and ":" in default:
        _check_spec(default, "deploy.target", problems)
    elif isinstance(default, str) and default not in {target.name for target in named}:
        problems.append(f"deploy.target: {default!r} is neither a target spec (folder:/path, rsync:host:/path, git:repo#branch) nor a name under [deploy.targets]{_hint(default, [t.name for t in named])}")
    values = {key: table[key] for key in ("target", "delete", "headers") if isinstance(table.get(key), _DEPLOY_KEYS[key])}
    return DeployConfig(**values, targets=named)


def _parse_named(tables, problems: list[str]) -> tuple[NamedTarget, ...]:
    if not isinstance(tables, dict):
        return ()
    named = []
    for name, table in sorted(tables.items()):
        where = f"deploy.targets.{name}"
        if not _NAME.fullmatch(name):
            problems.append(f"{where}: a target name is letters, digits, '-' and '_'")
        if not isinstance(table, dict):
            problems.append(f"{where}: expected a table ([{where}])")
            continue
        _check_keys(table, _NAMED_KEYS, where + ".", problems)
        if not isinstance(table.get("target"), str):
            problems.append(f"{where}.target: missing (e.g. target = \"folder:/srv/www/news\")")
            continue
        _check_spec(table["target"], where + ".target", problems)
        delete = table.get("delete", True)
        named.append(NamedTarget(name, table["target"], delete if isinstance(delete, bool) else True))
    return tuple(named)


def _check_spec(spec: str, where: str, problems: list[str]) -> None:
    try:
        parse_target(spec)
    except ValueError as exc:
        problems.append(f"{where}: {exc}")


def _check_keys(table: dict, schema: dict[str, type], prefix: str, problems: list[str]) -> None:
    for key, value in table.items():
        if key not in schema:
            problems.append(f"{prefix}{key}: unknown key{_hint(key, schema)}")
        elif not isinstance(value, schema[key]):
            problems.append(f"{prefix}{key}: expected {schema[key].__name__}, got {type(value).__name__}")


def _hint(word: str, known) -> str:
    match = difflib.get_close_matches(word, list(known), n=1)
    return f" (did you mean {match[0]!r}?)" if match else ""
