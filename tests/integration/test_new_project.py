"""`newsgen new DIR`: a project that builds at once, with or without its own templates."""

from __future__ import annotations

from generator.cli import main
from generator.config.settings import DEFAULT_TEMPLATES, load_config

ARTICLE_PAGE = "site/en/2025/03/bern-city-library-opens-its-doors-until-late-in-the-evening/index.html"


def test_new_project_builds_the_sample_article_with_the_packaged_templates(tmp_path):
    root = tmp_path / "newsroom"
    assert main(["new", str(root)]) == 0
    for path in ("site.toml", "content/raw/001_sample.txt", "content/people.yaml", "content/tags.yaml", ".gitignore"):
        assert (root / path).is_file(), path
    assert (root / "content/articles").is_dir() and not (root / "templates").exists()
    assert load_config(root).templates_dir == DEFAULT_TEMPLATES
    assert main(["build", "--root", str(root), "-q"]) == 0
    page = (root / ARTICLE_PAGE).read_text(encoding="utf-8")
    assert "Bern city library opens its doors until late in the evening" in page
    assert 'href="../../../people/lena-aebischer/"' in page, "the person from people.yaml is linked"
    assert main(["check", "--root", str(root), "-q"]) == 0


def test_new_project_with_templates_gets_an_editable_copy(tmp_path):
    root = tmp_path / "newsroom"
    assert main(["new", str(root), "--templates"]) == 0
    assert (root / "templates/base.html").read_bytes() == (DEFAULT_TEMPLATES / "base.html").read_bytes()
    assert (root / "templates/locale/de/LC_MESSAGES/messages.po").is_file()
    assert load_config(root).templates_dir == root / "templates"
    assert main(["build", "--root", str(root), "-q"]) == 0


def test_new_refuses_a_folder_that_is_not_empty_unless_forced(tmp_path, capsys):
    root = tmp_path / "busy"
    root.mkdir()
    (root / "notes.txt").write_text("keep", encoding="utf-8")
    assert main(["new", str(root)]) == 1
    assert "not empty" in capsys.readouterr().err and not (root / "site.toml").exists()
    assert main(["new", str(root), "--force"]) == 0
    assert (root / "site.toml").is_file() and (root / "notes.txt").read_text() == "keep"
