"""What a build says when the machine gets in the way: the real cause, named, never an internal error."""

from __future__ import annotations

import json
import subprocess

import pytest
from sitecheck import snapshot as tree

from generator.build.manifest import MANIFEST_NAME
from generator.build.state import load_state
from generator.cli import main
from generator.core.caches import CACHE_DIR

TOML = 'title = "T"\nbase_url = "https://example.org/"\nlanguages = ["en"]\n'


@pytest.fixture
def read_only_view():
    """``read_only_view(folder) -> path``: the folder mounted again, read-only (root only; skipped elsewhere)."""
    mounted = []

    def mount(folder):
        view = folder.parent / f"{folder.name}-read-only"
        view.mkdir()
        for command in (["mount", "--bind", str(folder), str(view)], ["mount", "-o", "remount,ro,bind", str(view)]):
            done = subprocess.run(command, capture_output=True, text=True)
            if done.returncode != 0:
                pytest.skip(f"cannot mount a read-only view here: {done.stderr.strip() or 'mount failed'}")
            if command[1] == "--bind":
                mounted.append(view)
        return view

    yield mount
    for view in mounted:
        subprocess.run(["umount", "-l", str(view)], check=False)


@pytest.fixture
def project(make_project, make_article):
    return make_project([make_article(), make_article(id="vote", slug="bern-votes", title="Bern votes")], site_toml=TOML)


def build(root, capsys, *options):
    capsys.readouterr()
    code = main(["--root", str(root), "build", "--no-ingest", *options])
    return code, capsys.readouterr().err


def test_a_read_only_project_says_so(project, read_only_view, capsys):
    view = read_only_view(project.root)
    code, said = build(view, capsys, "-v")
    assert code == 1
    assert "Read-only file system" in said and ".newsgen-cache" in said
    assert "internal error" not in said


def test_a_read_only_output_folder_names_the_folder_and_the_cause(project, make_project, read_only_view, tmp_path, capsys):
    outside = tmp_path / "www"
    outside.mkdir()
    view = read_only_view(outside)
    (project.root / "site.toml").write_text(TOML + f'output_dir = "{view / "site"}"\n', encoding="utf-8")
    code, said = build(project.root, capsys)
    assert code == 1
    assert f"{view / 'site'}: cannot write the site: Read-only file system" in said
    assert "internal error" not in said
    assert load_state(project.root).build.status == "failed"


@pytest.mark.parametrize("damage", [{"outputs": None}, {"fingerprints": None}, {"outputs": {"index.html": None}}, {"inputs": []}, "[]", "{"])
def test_a_damaged_manifest_is_ignored_and_rebuilt(project, capsys, damage):
    assert build(project.root, capsys)[0] == 0
    site = tree(project.output_path)
    manifest = project.root / CACHE_DIR / MANIFEST_NAME
    if isinstance(damage, dict):
        manifest.write_text(json.dumps({**json.loads(manifest.read_text()), **damage}), encoding="utf-8")
    else:
        manifest.write_text(damage, encoding="utf-8")
    (project.output_path / "index.html").unlink()
    code, said = build(project.root, capsys)
    assert code == 0, said
    assert tree(project.output_path) == site
    assert build(project.root, capsys)[0] == 0  # and the manifest is whole again
