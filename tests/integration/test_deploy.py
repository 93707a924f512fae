"""`newsgen deploy` to local targets only: a folder, a bare git repository, rsync
into a folder. Remote targets are tested by the command line they build."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from generator.cli import main
from generator.publish.deploy import rsync_command

TOML = 'title = "T"\nbase_url = "https://example.org/"\nlanguages = ["en", "de"]\n'


@pytest.fixture
def built(make_project, make_article):
    """A small project, built; the test's tmp folder has room for targets next to it."""
    config = make_project([make_article(), make_article(id="vote", slug="bern-votes", title="Bern votes")], site_toml=TOML)
    assert run(config, "build", "--no-ingest") == 0
    return config


def run(config, *args: str) -> int:
    return main(["--root", str(config.root), "-q", *args])


def deploy(config, capsys, *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["--root", str(config.root), "deploy", *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and ".git" not in p.parts}


def identities(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()}


def git(*args: str) -> str:
    return subprocess.run(["git", *args], capture_output=True, text=True, check=True).stdout


# -- folder -------------------------------------------------------------------------


def test_folder_deploy_copies_the_site_and_a_second_run_transfers_nothing(built, capsys, tmp_path):
    out = tmp_path / "www"
    code, said = deploy(built, capsys, "--to", f"folder:{out}")
    assert code == 0
    site = files_of(built.output_path)
    published = files_of(out)
    assert {path: data for path, data in published.items() if path in site} == site
    assert set(published) - set(site) == {"_headers", ".newsgen-deploy"}
    assert f"deployed to folder:{out}: {len(site) + 1} added, 0 changed, 0 deleted" in said
    before = identities(out)
    code, said = deploy(built, capsys, "--to", f"folder:{out}")
    assert code == 0 and "0 added, 0 changed, 0 deleted (nothing to do)" in said
    assert {p: i for p, i in identities(out).items() if p != ".newsgen-deploy"} == {p: i for p, i in before.items() if p != ".newsgen-deploy"}


def test_folder_deploy_lists_and_deletes_files_gone_from_the_site_unless_no_delete(built, capsys, tmp_path):
    out = tmp_path / "www"
    assert deploy(built, capsys, "--to", f"folder:{out}")[0] == 0
    gone = "en/2024/11/bern-votes/index.html"
    (built.articles_dir / "2024/11/bern-votes.en.md").unlink()
    assert run(built, "build", "--no-ingest") == 0
    # The story's page, and the search index files a new index replaced.
    kept = set(files_of(out)) - set(files_of(built.output_path)) - {"_headers", ".newsgen-deploy"}
    assert gone in kept and all(path == gone or path.startswith("pagefind/") for path in kept)
    code, said = deploy(built, capsys, "--to", f"folder:{out}", "--no-delete")
    assert code == 0 and (out / gone).is_file()
    assert f", {len(kept)} kept (no longer in the site)" in said
    code, said = deploy(built, capsys, "--to", f"folder:{out}")
    assert code == 0 and f"  - {gone}" in said.splitlines()
    assert not (out / gone).exists() and not (out / "en/2024/11/bern-votes").exists()


def test_folder_deploy_refuses_to_delete_files_it_did_not_put_there(built, capsys, tmp_path):
    out = tmp_path / "www"
    out.mkdir()
    (out / "precious.txt").write_text("mine", encoding="utf-8")
    code, said = deploy(built, capsys, "--to", f"folder:{out}")
    assert code == 1 and "refusing to delete 1 files that newsgen did not put there (precious.txt" in said
    assert list(out.iterdir()) == [out / "precious.txt"]
    assert deploy(built, capsys, "--to", f"folder:{out}", "--no-delete")[0] == 0
    assert (out / "precious.txt").is_file() and (out / "index.html").is_file()


def test_folder_deploy_through_a_symbolic_link_swaps_the_folder_it_points_at(built, capsys, tmp_path):
    real = tmp_path / "releases" / "current"
    real.mkdir(parents=True)
    (tmp_path / "www").symlink_to(real, target_is_directory=True)
    code, said = deploy(built, capsys, "--to", f"folder:{tmp_path / 'www'}")
    assert code == 0 and "warning" not in said
    assert (tmp_path / "www").is_symlink() and (tmp_path / "www/index.html").is_file()
    assert not (tmp_path / "releases/.current.deploying").exists()


def test_folder_deploy_that_cannot_swap_warns_that_readers_may_see_a_mix(built, capsys, tmp_path, monkeypatch):
    from generator.publish import folder_target

    def refuse(source, target):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(folder_target, "link_tree", refuse)
    out = tmp_path / "www"
    out.mkdir()
    code, said = deploy(built, capsys, "--to", f"folder:{out}")
    assert code == 0 and (out / "index.html").is_file()
    assert "warning: folder:" in said and "changed in place, file by file (no copy could be prepared beside it" in said


def test_folder_deploy_refuses_a_folder_holding_the_project(built, capsys):
    code, said = deploy(built, capsys, "--to", f"folder:{built.root.parent}")
    assert code == 1 and "overlaps" in said


def test_dry_run_lists_changes_and_changes_nothing(built, capsys, tmp_path):
    out = tmp_path / "www"
    code, said = deploy(built, capsys, "--to", f"folder:{out}", "--dry-run")
    assert code == 0 and not out.exists()
    assert "would deploy to folder:" in said and "  + index.html" in said.splitlines()
    repo = tmp_path / "pages.git"
    git("init", "-q", "--bare", str(repo))
    code, said = deploy(built, capsys, "--to", f"git:{repo}", "--dry-run")
    assert code == 0 and "  + .nojekyll" in said.splitlines()
    assert git("-C", str(repo), "for-each-ref") == ""


# -- git ------------------------------------------------------------------------------


def test_git_deploy_commits_the_site_with_nojekyll_and_a_second_deploy_commits_nothing(built, capsys, tmp_path):
    repo = tmp_path / "pages.git"
    git("init", "-q", "--bare", str(repo))
    assert deploy(built, capsys, "--to", f"git:{repo}")[0] == 0
    tree = set(git("-C", str(repo), "ls-tree", "-r", "--name-only", "gh-pages").split())
    assert {".nojekyll", "_headers", "index.html", "en/2024/11/storm-hits-bern/index.html", "de/index.html"} <= tree
    assert tree == set(files_of(built.output_path)) | {".nojekyll", "_headers"}
    head = git("-C", str(repo), "rev-parse", "gh-pages")
    code, said = deploy(built, capsys, "--to", f"git:{repo}")
    assert code == 0 and "nothing to do" in said
    assert git("-C", str(repo), "rev-parse", "gh-pages") == head
    assert git("-C", str(repo), "rev-list", "--count", "gh-pages").strip() == "1"


def test_git_deploy_to_a_named_branch_deletes_gone_files_but_keeps_cname(built, capsys, tmp_path):
    repo = tmp_path / "pages.git"
    git("init", "-q", "--bare", str(repo))
    assert deploy(built, capsys, "--to", f"git:{repo}#site")[0] == 0
    # The host's custom domain file, committed on the branch by someone else.
    clone = tmp_path / "clone"
    git("clone", "-q", "--branch", "site", str(repo), str(clone))
    (clone / "CNAME").write_text("news.example.org\n", encoding="utf-8")
    git("-C", str(clone), "add", "CNAME")
    git("-C", str(clone), "-c", "user.name=t", "-c", "user.email=t@localhost", "commit", "-q", "-m", "custom domain")
    git("-C", str(clone), "push", "-q", "origin", "site")
    (built.articles_dir / "2024/11/bern-votes.en.md").unlink()
    assert run(built, "build", "--no-ingest") == 0
    code, said = deploy(built, capsys, "--to", f"git:{repo}#site")
    assert code == 0 and "  - en/2024/11/bern-votes/index.html" in said.splitlines()
    tree = set(git("-C", str(repo), "ls-tree", "-r", "--name-only", "site").split())
    assert "CNAME" in tree and "en/2024/11/bern-votes/index.html" not in tree


# -- refusals and targets ---------------------------------------------------------------


def test_deploy_refuses_after_a_failed_build(built, capsys, tmp_path):
    out = tmp_path / "www"
    (built.articles_dir / "2024/11/broken.en.md").write_text("---\ntitle: [unclosed\n---\nbody\n", encoding="utf-8")
    assert run(built, "build", "--no-ingest") == 1
    code, said = deploy(built, capsys, "--to", f"folder:{out}")
    assert code == 1 and "refusing to deploy: the last build failed" in said
    assert not out.exists()
    assert deploy(built, capsys, "--to", f"folder:{out}", "--force")[0] == 0


def test_deploy_refuses_after_a_failed_check_of_the_same_build(built, capsys, tmp_path):
    out = tmp_path / "www"
    (built.output_path / "en" / "feed.xml").write_text("<feed", encoding="utf-8")
    assert run(built, "check") == 1
    code, said = deploy(built, capsys, "--to", f"folder:{out}")
    assert code == 1 and "the last check of this build failed" in said


def test_deploy_uses_the_default_and_named_targets_of_site_toml(built, capsys, tmp_path):
    toml = built.root / "site.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + '\n[deploy]\ntarget = "staging"\n\n[deploy.targets.staging]\ntarget = "folder:../staging"\n\n[deploy.targets.live]\ntarget = "folder:../live"\n', encoding="utf-8")
    assert deploy(built, capsys)[0] == 0
    assert (built.root.parent / "staging" / "index.html").is_file()
    assert deploy(built, capsys, "live")[0] == 0
    assert (built.root.parent / "live" / "index.html").is_file()
    code, said = deploy(built, capsys, "nowhere")
    assert code == 2 and "no deploy target named 'nowhere'" in said


def test_deploy_without_a_target_is_a_usage_error(built, capsys):
    code, said = deploy(built, capsys)
    assert code == 2 and "no deploy target" in said


# -- rsync ------------------------------------------------------------------------------


def test_rsync_command_for_a_remote_target_syncs_the_site_folder_with_delete_and_checksums():
    command = rsync_command(["/p/site"], "deploy@example.org:/var/www/news")
    assert command[:4] == ["rsync", "-az", "--delete", "--checksum"]
    assert command[-2:] == ["/p/site/", "deploy@example.org:/var/www/news/"]
    assert "--dry-run" in rsync_command(["/p/site"], "host:/www", dry_run=True)
    assert "--delete" not in rsync_command(["/p/site"], "host:/www", delete=False)


@pytest.mark.skipif(shutil.which("rsync") is None, reason="rsync is not installed (apt-get install rsync; .ci/run installs it)")
def test_rsync_to_a_local_folder_copies_the_site_and_then_transfers_nothing(built, capsys, tmp_path):
    out = tmp_path / "rsynced"
    code, said = deploy(built, capsys, "--to", f"rsync:{out}")
    assert code == 0
    site = files_of(built.output_path)
    assert files_of(out) == {**site, "_headers": files_of(out)["_headers"]}
    assert f"{len(site) + 1} added" in said
    code, said = deploy(built, capsys, "--to", f"rsync:{out}")
    assert code == 0 and "0 added, 0 changed, 0 deleted" in said
    (out / "stale.html").write_text("old", encoding="utf-8")
    code, said = deploy(built, capsys, "--to", f"rsync:{out}")
    assert "  - stale.html" in said.splitlines() and not (out / "stale.html").exists()


@pytest.mark.skipif(shutil.which("rsync") is None, reason="rsync is not installed (apt-get install rsync; .ci/run installs it)")
def test_rsync_refuses_a_local_folder_holding_the_project(built, capsys):
    code, said = deploy(built, capsys, "--to", "rsync:.")
    assert code == 1 and "overlaps" in said
    assert (built.root / "site.toml").is_file() and built.articles_dir.is_dir()
