"""``newsgen deploy``: publish the built site to a folder, over rsync, or to a git branch.

What is published is the output folder as built (hidden entries left out), plus
``_headers`` for Netlify and Cloudflare Pages when ``[deploy] headers`` is on
(``hostfiles.py``), plus ``.nojekyll`` on git branches (GitHub Pages would
otherwise run Jekyll and drop files starting with "_").

- ``folder:PATH``  copy what changed (size, then SHA-256), delete what is gone, in a copy of the
  folder swapped in at once (``folder_target.py``).
- ``rsync:DEST``   the system's ``rsync -az --delete --checksum`` (over ssh for ``user@host:path``).
- ``git:REPO#BRANCH`` commit the site as the whole tree of BRANCH in a temporary clone and push
  it; nothing is committed when nothing changed.

Every kind answers with the same ``Changes`` (added, changed, deleted), and
with ``dry_run`` only says what it would do. Deploy refuses a site whose last
build, or last check of that build, failed (``state.py``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..build.state import deploy_blockers, load_state
from ..config.settings import CONFIG_NAME, SiteConfig
from ..config.targets import Target, parse_target
from ..core.atomic import copy_atomic, write_atomic
from ..core.errors import ConfigError, NewsgenError
from ..render.hostfiles import HEADERS_FILE, inline_script_hashes, render_headers
from .changes import Changes, Publication
from .folder_target import deploy_folder
from .sitescan import list_files

NOJEKYLL_FILE = ".nojekyll"
#: Files of a GitHub Pages branch that the host, not the site, owns (a custom domain).
KEPT_IN_BRANCH = ("CNAME",)

@dataclass(frozen=True)
class DeployOptions:
    #: Only work out the changes; change nothing anywhere.
    dry_run: bool = False
    #: Delete files at the target that the site no longer has.
    delete: bool = True
    #: Deploy even if the last build or check failed.
    force: bool = False


@dataclass(frozen=True)
class DeployResult:
    target: Target
    changes: Changes
    dry_run: bool
    #: Why a folder target was changed in place, file by file, rather than swapped in whole.
    in_place_because: str | None = None


# -- choosing a target -------------------------------------------------------------


def choose_target(config: SiteConfig, name: str | None = None, spec: str | None = None) -> tuple[Target, bool]:
    """The target (and whether it deletes) for ``newsgen deploy [NAME] [--to SPEC]``.

    Raises ConfigError (a usage error) when none is given or a name is unknown."""
    where = str(config.root / CONFIG_NAME)
    if spec:
        return _parse(spec, "--to", where), config.deploy.delete
    chosen = name or config.deploy.target
    if not chosen:
        raise ConfigError(["no deploy target: set [deploy] target in site.toml, name one of [deploy.targets], or pass --to folder:/path"], where)
    named = config.deploy.named(chosen)
    if named:
        return _parse(named.target, f"deploy.targets.{named.name}.target", where), named.delete
    if name:
        known = ", ".join(t.name for t in config.deploy.targets) or "none"
        raise ConfigError([f"no deploy target named {name!r} in [deploy.targets] (known: {known})"], where)
    return _parse(chosen, "deploy.target", where), config.deploy.delete


def _parse(spec: str, what: str, where: str) -> Target:
    try:
        return parse_target(spec)
    except ValueError as exc:
        raise ConfigError([f"{what}: {exc}"], where) from None


# -- deploying ---------------------------------------------------------------------


def deploy_site(config: SiteConfig, target: Target, options: DeployOptions) -> DeployResult:
    """Publish ``config.output_path`` to ``target``; raise NewsgenError when it cannot."""
    site = config.output_path
    if not (site / "index.html").is_file():
        raise NewsgenError("no built site here (no index.html): run `newsgen build` first", str(site))
    if not options.force:
        blockers = deploy_blockers(load_state(config.root))
        if blockers:
            raise NewsgenError("refusing to deploy: " + "; ".join(blockers) + " (or deploy anyway with --force)", str(site))
    publication = collect_publication(site, headers=config.deploy.headers)
    if target.kind in ("folder", "rsync") and not target.is_remote:
        check_destination(_local_path(config, target.location), site.resolve(), config.root.resolve())
    if target.kind == "folder":
        done = deploy_folder(publication, _local_path(config, target.location), delete=options.delete, dry_run=options.dry_run)
        return DeployResult(target, done.changes, options.dry_run, done.in_place_because)
    if target.kind == "rsync":
        changes = deploy_rsync(publication, site, _rsync_destination(config, target), options)
    else:
        changes = deploy_git(publication, _git_remote(config, target), target.branch or "gh-pages", options)
    return DeployResult(target, changes, options.dry_run)


def collect_publication(site: Path, headers: bool = True) -> dict[str, Path | bytes]:
    """Every file of the site (hidden ones left out), plus ``_headers`` unless the build made one."""
    publication: dict[str, Path | bytes] = {relative: site / relative for relative in sorted(list_files(site))}
    if headers and HEADERS_FILE not in publication:
        pages = (path.read_text(encoding="utf-8", errors="replace") for relative, path in publication.items() if relative.endswith(".html"))
        publication[HEADERS_FILE] = render_headers(inline_script_hashes(pages))
    return publication


def check_destination(dest: Path, site: Path, root: Path) -> None:
    """Refuse a local destination inside the site folder, or holding it or the project:
    deleting what the site does not have would delete the project itself."""
    if dest.is_relative_to(site) or site.is_relative_to(dest) or root.is_relative_to(dest):
        raise NewsgenError("the deploy folder overlaps the site or the project; publish somewhere else", str(dest))


def _local_path(config: SiteConfig, location: str) -> Path:
    path = Path(location).expanduser()
    return (path if path.is_absolute() else config.root / path).resolve()


# -- rsync -------------------------------------------------------------------------


def rsync_command(sources: Sequence[str | Path], destination: str, *, delete: bool = True, dry_run: bool = False) -> list[str]:
    """The rsync command line that makes ``destination`` hold the sources' contents.

    ``--checksum`` compares contents, not times (a rebuilt but identical page is not sent);
    ``--exclude=.*`` leaves hidden entries at the destination alone, as the build does."""
    command = ["rsync", "-az"]
    if delete:
        command.append("--delete")
    command += ["--checksum", "--itemize-changes", "--exclude=.*"]
    if dry_run:
        command.append("--dry-run")
    return command + [str(source).rstrip("/") + "/" for source in sources] + [destination.rstrip("/") + "/"]


def parse_itemized(output: str) -> Changes:
    """Changes from rsync's ``--itemize-changes`` lines ("<f+++++++++ a.html", "*deleting   b.html")."""
    added, changed, deleted = [], [], []
    for line in output.splitlines():
        code, _, path = line[:11], line[11:12], line[12:]
        if code.startswith("*deleting") and not path.endswith("/"):
            deleted.append(path)
        elif code[:1] in "<>" and code[1:2] == "f":
            (added if code[2:].startswith("+++") else changed).append(path)
    return Changes(tuple(sorted(added)), tuple(sorted(changed)), tuple(sorted(deleted)))


def deploy_rsync(publication: Publication, site: Path, destination: str, options: DeployOptions) -> Changes:
    """Run rsync from the site folder (and a folder of made files) to ``destination``."""
    if shutil.which("rsync") is None:
        raise NewsgenError("rsync is not installed (apt-get install rsync, brew install rsync)")
    made = {relative: data for relative, data in publication.items() if isinstance(data, bytes)}
    with tempfile.TemporaryDirectory(prefix="newsgen-deploy-") as extra:
        # rsync copies a source folder's own permissions onto the destination folder.
        os.chmod(extra, 0o755)
        for relative, data in made.items():
            copy_atomic(data, Path(extra) / relative)
        sources = [site, extra] if made else [site]
        command = rsync_command(sources, destination, delete=options.delete, dry_run=options.dry_run)
        completed = _run(command)
    changes = parse_itemized(completed.stdout)
    if not options.delete:
        changes = Changes(changes.added, changes.changed)
    return changes


def _rsync_destination(config: SiteConfig, target: Target) -> str:
    if target.is_remote:
        return target.location
    return str(_local_path(config, target.location))


# -- git ---------------------------------------------------------------------------


def deploy_git(publication: Publication, remote: str, branch: str, options: DeployOptions) -> Changes:
    """Commit the publication as the whole tree of ``branch`` and push it to ``remote``.

    Works in a temporary clone that never checks out the old tree: the index is
    read from the branch, the new files are copied in, and git works out what
    changed. No change, no commit and no push, so deploying twice is a no-op."""
    with tempfile.TemporaryDirectory(prefix="newsgen-deploy-") as work:
        git = _git_in(Path(work))
        git("init", "-q")
        exists = _branch_exists(remote, branch)
        if exists:
            git("fetch", "-q", "--depth=1", remote, f"refs/heads/{branch}")
            git("update-ref", f"refs/heads/{branch}", "FETCH_HEAD")
        git("symbolic-ref", "HEAD", f"refs/heads/{branch}")
        if exists:
            git("read-tree", "HEAD")
        for relative, source in publication.items():
            copy_atomic(source, Path(work) / relative)
        write_atomic(Path(work) / NOJEKYLL_FILE, b"")
        before = set(git("ls-files", "-z").stdout.split("\0")) - {""}
        kept = sorted(before & set(KEPT_IN_BRANCH))
        git("add", "-A", "." if options.delete else "--ignore-removal", *([] if options.delete else ["."]))
        for name in kept:  # the host's, not the site's: restore what `add -A` removed
            git("reset", "-q", "HEAD", "--", name)
        changes = _staged_changes(git, before, set(publication) | {NOJEKYLL_FILE, *kept}, options.delete)
        if changes.empty or options.dry_run:
            return changes
        git(*_identity(git), "commit", "-q", "-m", f"Deploy site: {changes}")
        git("push", "-q", remote, f"HEAD:refs/heads/{branch}")
        return changes


def _staged_changes(git, before: set[str], published: set[str], delete: bool) -> Changes:
    # Against HEAD, or against nothing on a branch not yet born; "-z": status\0path\0...
    status = git("diff", "--cached", "--name-status", "--no-renames", "-z").stdout.split("\0")[:-1]
    added, changed, deleted = [], [], []
    for code, path in zip(status[0::2], status[1::2], strict=True):
        {"A": added, "M": changed, "T": changed, "D": deleted}.get(code[:1], changed).append(path)
    kept = () if delete else tuple(sorted(before - published))
    return Changes(tuple(sorted(added)), tuple(sorted(changed)), tuple(sorted(deleted)), kept)


def _branch_exists(remote: str, branch: str) -> bool:
    completed = _run(["git", "ls-remote", "--exit-code", "--heads", remote, f"refs/heads/{branch}"], allowed=(0, 2))
    return completed.returncode == 0


def _identity(git) -> list[str]:
    """``-c`` options naming a committer when git has none configured (a fresh CI machine)."""
    options = []
    if git("config", "user.name", allowed=(0, 1)).returncode != 0 and not os.environ.get("GIT_COMMITTER_NAME"):
        options += ["-c", "user.name=newsgen"]
    if git("config", "user.email", allowed=(0, 1)).returncode != 0 and not (os.environ.get("GIT_COMMITTER_EMAIL") or os.environ.get("EMAIL")):
        options += ["-c", "user.email=newsgen@localhost"]
    return options


def _git_in(work: Path):
    def git(*args: str, allowed: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess:
        return _run(["git", "-C", str(work), *args], allowed=allowed)

    return git


def _git_remote(config: SiteConfig, target: Target) -> str:
    if target.is_remote:
        return target.location
    path = _local_path(config, target.location)
    if not path.exists():
        raise NewsgenError("no git repository there (create one with `git init --bare`)", str(path))
    return str(path)


# -- running tools -----------------------------------------------------------------


def _run(command: list[str], allowed: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess:
    """Run a tool; a failure becomes a NewsgenError quoting the tool's last words."""
    try:
        completed = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise NewsgenError(f"cannot run {command[0]}: {exc.strerror or exc}") from None
    if completed.returncode not in allowed:
        words = (completed.stderr.strip() or completed.stdout.strip()).splitlines()
        shown = " ".join(arg for arg in command[:4] if not arg.startswith("-C"))
        raise NewsgenError(f"{shown} ... failed (exit {completed.returncode}): {words[-1] if words else 'no message'}")
    return completed
