"""Deploy target specs and the [deploy] table of site.toml."""

import pytest

from generator.config.settings import parse_config
from generator.config.targets import Target, parse_target
from generator.core.errors import ConfigError

BASE = {"title": "T", "base_url": "https://example.org/", "languages": ["en"]}


@pytest.mark.parametrize(("spec", "expected"), [
    ("folder:/srv/www", Target("folder", "/srv/www")),
    ("folder:../public", Target("folder", "../public")),
    ("rsync:deploy@example.org:/var/www/news", Target("rsync", "deploy@example.org:/var/www/news")),
    ("rsync:/srv/www", Target("rsync", "/srv/www")),
    ("git:/repos/pages.git", Target("git", "/repos/pages.git", "gh-pages")),
    ("git:git@github.com:org/site.git#main", Target("git", "git@github.com:org/site.git", "main")),
])
def test_target_specs_parse(spec, expected):
    assert parse_target(spec) == expected
    assert str(parse_target(spec)) == spec if "#" in spec or expected.kind != "git" else spec + "#gh-pages"


@pytest.mark.parametrize(("spec", "problem"), [
    ("ftp:/x", "is not a deploy target"),
    ("/srv/www", "is not a deploy target"),
    ("folder:", "needs a path"),
    ("folder:/", "not the root or a home folder"),
    ("rsync:host:", "not the root or a home folder"),
    ("git:/r.git#bad..branch", "not a usable branch name"),
    ("folder:https://example.org/", "is a local path"),
])
def test_bad_target_specs_say_what_is_wrong(spec, problem):
    with pytest.raises(ValueError, match=problem):
        parse_target(spec)


def test_remote_locations_are_told_from_local_paths():
    assert parse_target("rsync:user@host:/www").is_remote
    assert parse_target("git:https://example.org/r.git").is_remote
    assert not parse_target("rsync:/www").is_remote and not parse_target("git:../r.git").is_remote


def test_deploy_table_with_named_targets():
    deploy = parse_config({**BASE, "deploy": {"target": "live", "headers": False, "targets": {
        "live": {"target": "rsync:me@host:/www"},
        "preview": {"target": "folder:/tmp/preview", "delete": False},
    }}}, None).deploy
    assert deploy.target == "live" and deploy.headers is False
    assert [(t.name, t.target, t.delete) for t in deploy.targets] == [("live", "rsync:me@host:/www", True), ("preview", "folder:/tmp/preview", False)]


def test_deploy_table_problems_are_reported_together_with_did_you_mean():
    with pytest.raises(ConfigError) as raised:
        parse_config({**BASE, "deploy": {"taget": "folder:/x", "target": "stagin", "targets": {
            "staging": {"target": "ftp:/x", "delet": True},
        }}}, None)
    problems = raised.value.problems
    assert "deploy.taget: unknown key (did you mean 'target'?)" in problems
    assert any(p.startswith("deploy.target: 'stagin' is neither a target spec") and "(did you mean 'staging'?)" in p for p in problems)
    assert "deploy.targets.staging.delet: unknown key (did you mean 'delete'?)" in problems
    assert any(p.startswith("deploy.targets.staging.target: 'ftp:/x' is not a deploy target") for p in problems)
