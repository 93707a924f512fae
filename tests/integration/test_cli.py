"""The command line as a whole: version, exit codes, help with examples, and how problems are printed."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from generator import __version__, console
from generator.cli import main


def test_version(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0 and capsys.readouterr().out.strip() == f"newsgen {__version__}"


def test_help_documents_exit_codes_and_every_command_has_examples(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    assert "exit codes:\n  0  success\n  1  " in text and "  2  usage or configuration error" in text
    for command in ("ingest", "build", "translate", "serve", "check", "deploy", "new"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        assert "examples:\n  newsgen" in capsys.readouterr().out, command


def test_configuration_error_exits_2_with_one_located_line_per_problem(tmp_path, capsys):
    (tmp_path / "site.toml").write_text('titel = "x"\nbase_url = "ftp://x"\n', encoding="utf-8")
    assert main(["--root", str(tmp_path), "build"]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        f"error: {tmp_path / 'site.toml'}: titel: unknown key (did you mean 'title'?)",
        f"error: {tmp_path / 'site.toml'}: base_url: must start with http:// or https:// (got 'ftp://x')",
    ]


def test_output_is_plain_when_piped():
    """A real pipe: no escape codes, whatever the terminal would get."""
    completed = subprocess.run(
        [sys.executable, "-m", "generator", "--root", "/nonexistent-newsgen-project", "build"],
        capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "TERM": "xterm-256color"},
    )
    assert completed.returncode == 2
    assert completed.stderr.startswith("error: /nonexistent-newsgen-project/site.toml: no site.toml found")
    assert "\033[" not in completed.stderr


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_labels_are_coloured_on_a_terminal_unless_no_color_is_set(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    terminal = FakeTerminal()
    console.print_problem("error", "a.md:3: bad date", terminal)
    console.print_problem("warning", "b.md: edited by hand", terminal)
    assert terminal.getvalue() == "\033[1;31merror:\033[0m a.md:3: bad date\n\033[1;33mwarning:\033[0m b.md: edited by hand\n"
    monkeypatch.setenv("NO_COLOR", "1")
    terminal = FakeTerminal()
    console.print_problem("error", "a.md:3: bad date", terminal)
    assert terminal.getvalue() == "error: a.md:3: bad date\n"


def test_internal_errors_show_a_traceback_only_with_verbose(monkeypatch, capsys, tmp_path):
    def crash(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("generator.config.settings.load_config", crash)
    assert main(["--root", str(tmp_path), "check"]) == 1
    err = capsys.readouterr().err
    assert err == "error: internal error: RuntimeError: boom (run with -v for the traceback)\n"
    assert main(["--root", str(tmp_path), "check", "-v"]) == 1
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and err.rstrip().endswith("error: internal error: RuntimeError: boom")
