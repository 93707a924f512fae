"""``newsgen new DIR``: a new site project, ready to build.

The project is a copy of ``generator/skeleton/`` (site.toml with comments, one
sample raw wire story, small people and tag registries) plus an empty
content/articles/. Without ``templates`` it has no templates/ folder and builds
with the templates newsgen ships (``config.settings.DEFAULT_TEMPLATES``); with it, it gets
a copy of them to edit.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from .config.settings import DEFAULT_TEMPLATES
from .core.errors import NewsgenError

SKELETON = Path(__file__).resolve().parent / "skeleton"
# Written by code: package data leaves out hidden files.
GITIGNORE = "# Made by newsgen: the built site, the previous one kept beside it, and the caches are not sources.\n/site/\n/.site.staging/\n/.newsgen-cache/\n"


def scaffold_project(dest: Path, *, templates: bool = False, force: bool = False) -> list[str]:
    """Create a project in ``dest``; return the files made, relative to it, sorted.

    Refuses a folder that is not empty unless ``force`` (then files of the same
    name are overwritten and everything else is left as it was)."""
    if dest.exists() and not dest.is_dir():
        raise NewsgenError("exists and is not a folder", str(dest))
    if dest.is_dir() and any(dest.iterdir()) and not force:
        raise NewsgenError("the folder is not empty; choose a new one, or use --force to add the project files to it", str(dest))
    made = _copy_tree(SKELETON, dest)
    (dest / "content" / "articles").mkdir(parents=True, exist_ok=True)
    (dest / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    made.append(".gitignore")
    if templates:
        made += ["templates/" + path for path in _copy_tree(DEFAULT_TEMPLATES, dest / "templates")]
    return sorted(made)


def _copy_tree(source: Path, dest: Path) -> list[str]:
    made = []
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        if path.is_dir() or "__pycache__" in relative.parts or path.suffix == ".mo":
            continue
        target = dest / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        made.append(relative.as_posix())
    return made
