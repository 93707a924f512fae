"""Command line: parse arguments, load the config, call one stage, map errors to exit codes.

Exit codes: 0 success, 1 a stage failed (some input was bad), 2 usage or configuration error.
Problems are printed one a line, "error:"/"warning:" coloured on a terminal (console.py).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import time
import traceback
from pathlib import Path

from . import __version__
from .console import print_problem
from .core.errors import ConfigError, NewsgenError, Report

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2

_EPILOG = """examples:
  newsgen ingest                       ingest every file in content/raw/
  newsgen ingest --json story.txt      show what would be extracted, write nothing
  newsgen build                        ingest new raw files, then render site/
  newsgen build --root ~/newsroom      build the project in another folder
  newsgen translate --to de,fr         machine-translate missing versions into German and French
  newsgen translate --status           list missing and stale translations (no network)
  newsgen build --translate            ingest, translate, then build
  newsgen serve                        build, preview on http://127.0.0.1:8000/, rebuild and reload on save
  newsgen check                        check links, hreflang, feeds and sitemaps of the built site
  newsgen build --check                build, then check
  newsgen deploy --dry-run             show what publishing to site.toml's [deploy] target would change
  newsgen new ~/newsroom               start a new site project

exit codes:
  0  success
  1  a command failed: bad input, errors found by check, a refused or failed deploy
  2  usage or configuration error (bad arguments, problems in site.toml)
"""


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return args.run(args)
    except ConfigError as exc:
        _print_error(str(exc))
        return EXIT_USAGE
    except NewsgenError as exc:
        _print_error(str(exc))
        return EXIT_FAILURE
    except KeyboardInterrupt:
        _print_error("interrupted")
        return 130
    except BrokenPipeError:
        # The reader went away (`newsgen check --json | head`): stop quietly, as other tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FAILURE
    except Exception as exc:  # noqa: BLE001 - a bug: one line, the traceback only on request
        if getattr(args, "verbose", False):
            traceback.print_exc()
        _print_error(f"internal error: {type(exc).__name__}: {exc}" + ("" if getattr(args, "verbose", False) else " (run with -v for the traceback)"))
        return EXIT_FAILURE


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsgen", description="Static multilingual news sites from agency wire copy.", epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"newsgen {__version__}")
    parser.add_argument("--root", type=Path, default=Path("."), help="project folder holding site.toml (default: current folder)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    parser.add_argument("-v", "--verbose", action="store_true", help="say more; show the traceback of an internal error")
    # The same options after the command ("newsgen build --root DIR"); SUPPRESS keeps the global value otherwise.
    output = argparse.ArgumentParser(add_help=False)
    output.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS, help="print errors only")
    output.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help="say more; show the traceback of an internal error")
    common = argparse.ArgumentParser(add_help=False, parents=[output])
    common.add_argument("--root", type=Path, default=argparse.SUPPRESS, help="project folder holding site.toml")
    commands = parser.add_subparsers(dest="command", title="commands", metavar="COMMAND")

    ingest = commands.add_parser("ingest", parents=[common], help="turn raw wire files into article Markdown", description="Read raw wire files (default: content/raw/) and write one Markdown file per article under content/articles/. Articles edited by hand since ingest are never overwritten.", epilog="examples:\n  newsgen ingest\n  newsgen ingest --lang de content/raw/041_x.txt\n  newsgen ingest --json story.txt", formatter_class=argparse.RawDescriptionHelpFormatter)
    ingest.add_argument("paths", nargs="*", type=Path, help="raw files or folders (default: content/raw/)")
    ingest.add_argument("--json", action="store_true", help="print the extracted fields as JSON and write nothing")
    ingest.add_argument("--lang", help="source language of the files (default: detected)")
    ingest.add_argument("--force", action="store_true", help="re-ingest unchanged raw files too (after a vocabulary change); hand-edited articles are still kept")
    ingest.add_argument("--date", metavar="WHEN", help="publication date of stories that carry none, e.g. 2024-11-25 or '2024-11-25 14:30' (default: a date in the file name, else the file's modification time)")
    ingest.set_defaults(run=_run_ingest)

    build = commands.add_parser("build", parents=[common], help="ingest new raw files and render the site", description="Ingest new or changed raw files, then render every language edition into site/. A failed build leaves the previous site/ untouched.", epilog="examples:\n  newsgen build\n  newsgen --root ~/newsroom build\n  newsgen build --check      exit 1 if the built site has broken links, hreflang, feeds, ...\n  newsgen build --executor dask://10.0.0.5:8786     render on the workers of a Dask scheduler", formatter_class=argparse.RawDescriptionHelpFormatter)
    build.add_argument("--no-ingest", action="store_true", help="render content/articles only; skip content/raw")
    build.add_argument("--translate", action="store_true", help="machine-translate missing and outdated versions before rendering (the only build step that uses the network)")
    build.add_argument("--check", action="store_true", help="run `newsgen check` on the result (non-zero exit when it finds errors)")
    build.add_argument("--verify", action="store_true", help="compare every file of site/ with what the last build wrote and restore files changed or removed by hand (a plain build trusts site/ while it is the folder the last build left)")
    build.add_argument("--now", metavar="TIME", help="publish as at this ISO 8601 time (drafts and embargoes; default: SOURCE_DATE_EPOCH if set, else the clock)")
    build.add_argument("--executor", default="local", metavar="WHERE", help="where pages are rendered: local (forked processes on this machine, the default), dask-local (a Dask LocalCluster started for the build), dask://HOST:PORT (the workers of a running Dask scheduler; needs newsgen[dask])")
    build.set_defaults(run=_run_build)

    translate = commands.add_parser("translate", parents=[common], help="machine-translate missing language versions", description="Translate every article version that is missing, or whose source changed since it was machine-translated, into the site's languages, and save it under content/articles/. Reviewed and human translations are never overwritten, only reported when stale. Segments already translated are taken from the translation memory.", epilog="examples:\n  newsgen translate\n  newsgen translate --to de,fr --provider libre\n  newsgen translate --status", formatter_class=argparse.RawDescriptionHelpFormatter)
    translate.add_argument("--to", metavar="LANGS", help="comma-separated target languages (default: every site language)")
    translate.add_argument("--provider", help="provider for this run instead of site.toml's (google, libre, mymemory, microsoft, deepl)")
    translate.add_argument("--status", action="store_true", help="list missing, stale and up-to-date versions per language; sends nothing")
    translate.set_defaults(run=_run_translate)
    _add_serve_command(commands, common)
    _add_check_command(commands, common)
    _add_deploy_command(commands, common)
    _add_new_command(commands, output)
    return parser


def _run_ingest(args) -> int:
    from .config.settings import load_config
    from .content.vocabulary import load_vocabularies
    from .ingest.pipeline import (
        analyse_raw,
        display_name,
        file_hints,
        ingest_files,
        json_record,
    )
    from .ingest.sources import find_raw_files

    config = load_config(args.root.resolve())
    _check_language(args.lang, config)
    given_date = _given_date(args.date, config)
    report = Report()
    files = find_raw_files(config, [_resolve(p) for p in args.paths])
    if args.json:
        vocab = load_vocabularies(config.content_dir)
        records = []
        for path in files:
            name = display_name(path, config.root)
            try:
                story, article = analyse_raw(path.read_bytes(), name, config, vocab, args.lang, hints=file_hints(path, config.tz, given_date))
                records.append(json_record(story, article, name, config))
            except NewsgenError as exc:
                report.errors.append(exc if exc.file else NewsgenError(exc.message, name, exc.line))
            except OSError as exc:
                report.error(f"cannot read: {exc.strerror or exc}", name)
            except Exception as exc:  # noqa: BLE001 - as in ingest_files: a reader bug must not stop the other files
                report.error(f"could not be read ({type(exc).__name__}: {exc}); please report this file", name)
        print(json.dumps(records, ensure_ascii=False, indent=2))
        return _finish(report, args)
    results = ingest_files(config, files, report, args.lang, args.force, _progress("ingest", args), given_date)
    _summarise_ingest(results, report, args)
    return _finish(report, args)


def _given_date(text: str | None, config):
    """``--date`` read like a wire date line, in the site's time zone; a usage error if it is not a date."""
    from .ingest.dates import InvalidDate, parse_date_line

    if text is None:
        return None
    try:
        parsed = parse_date_line(text, config.tz)
    except InvalidDate as exc:
        raise ConfigError([f"--date: {exc}"]) from None
    if parsed is None:
        raise ConfigError([f"--date: {text!r} is not a date (use e.g. 2024-11-25 or '2024-11-25 14:30')"])
    return parsed.when


def _run_build(args) -> int:
    from .build.state import record_build, record_build_start
    from .config.settings import load_config
    from .content.release import build_time
    from .render.executors import parse_executor

    config = load_config(args.root.resolve())
    executor = parse_executor(args.executor)
    args.build_now = build_time(args.now)  # a --now that is no time is a usage error, before anything happens
    # Before anything is written: a build killed half-way must never count as ok.
    record_build_start(config.root)
    try:
        with executor:  # a scheduler that cannot be reached stops the build here
            code, site_ok = _build(config, args, executor)
    except BaseException:
        # Deploy refuses a site whose last build failed; if even that cannot be
        # recorded, the error that stopped the build is the one to show.
        with contextlib.suppress(NewsgenError):
            record_build(config.root, ok=False)
        raise
    # A raw file ingest refused makes the exit code 1, but the site built from
    # everything else is whole and may be deployed.
    record_build(config.root, ok=site_ok)
    return _check(config, args, strict=False) if site_ok and args.check else code


def _build(config, args, executor) -> tuple[int, bool]:
    """Ingest, translate, build; (exit code, whether the site was built)."""
    from .build.run import build_site
    from .build.search_index import describe_index
    from .ingest.sources import find_raw_files

    started = time.perf_counter()
    # One refused raw file must not hold back the rest of the news: ingest writes each
    # article whole or not at all, so the others are published. Problems of ingest and
    # translation are kept apart, since build_site stops on any error in its report.
    ingested = Report()
    raw_files = [] if args.no_ingest else find_raw_files(config)
    if raw_files:
        from .ingest.pipeline import (
            ingest_files,  # the readers load only when there is something to read
        )

        results = ingest_files(config, raw_files, ingested, on_progress=_progress("ingest", args))
        _summarise_ingest(results, ingested, args)
    # A failed translation leaves that language version out (it did not exist before either).
    translated = _translate(config, args, None) if args.translate else Report()
    report = Report()
    summary = build_site(config, report, on_progress=_progress("render", args), executor=executor, verify=args.verify, now=args.build_now)
    site_ok = report.ok
    if site_ok:
        refused = f"; {len(ingested.errors)} raw file{'s' * (len(ingested.errors) != 1)} refused (see below)" if ingested.errors else ""
        _say(args, f"built {summary} in {time.perf_counter() - started:.2f}s{refused}")
        if summary.search is not None:
            _say(args, describe_index(summary.search))
        _say_held(args, summary.held)
    # Listed first: they happened first.
    report.errors[:0] = ingested.errors + translated.errors
    report.warnings[:0] = ingested.warnings + translated.warnings
    return _finish(report, args), site_ok


def _say_held(args, held) -> None:
    """What the build kept off the site, and when each embargo ends."""
    if held:
        _say(args, f"held back: {len(held)} version{'s' * (len(held) != 1)}")
        for entry in sorted(held, key=lambda h: (h.until is None, h.until or 0, h.path or "")):
            _say(args, f"  {entry.describe()}")


def _run_translate(args) -> int:
    from .config.settings import load_config
    from .translate.pipeline import choose_targets, format_status, translation_status

    config = load_config(args.root.resolve())
    if args.status:
        report = Report()
        print(format_status(translation_status(config, choose_targets(config, args.to), report), config))
        return _finish(report, args)
    return _finish(_translate(config, args, args.to), args)


def _translate(config, args, to: str | None) -> Report:
    from .translate.pipeline import choose_targets, translate_articles, with_provider

    config = with_provider(config, getattr(args, "provider", None))
    report = Report()
    summary = translate_articles(config, choose_targets(config, to), report, on_progress=_translate_progress(args))
    _say(args, str(summary))
    return report


def _add_serve_command(commands, common) -> None:
    serve = commands.add_parser("serve", parents=[common], help="preview the site locally, rebuilding and reloading on every change", description="Ingest and build, then serve site/ at base_url's path on 127.0.0.1. Saving a file in content/ or templates/, or site.toml, rebuilds the site and reloads open pages; a failed build shows its errors in the browser while the last good site stays served. Ctrl-C stops.", epilog="examples:\n  newsgen serve\n  newsgen serve --port 8080\n  newsgen serve --port 0      any free port (printed)", formatter_class=argparse.RawDescriptionHelpFormatter)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000; 0: any free port, printed)")
    serve.add_argument("--drafts", action="store_true", help="show drafts and embargoed stories too, marked, from a preview folder (.newsgen-cache/drafts-preview/) that is never deployed")
    serve.set_defaults(run=_run_serve)


def _run_serve(args) -> int:
    from .publish.serve import serve

    return serve(args.root.resolve(), args.host, args.port, quiet=args.quiet, drafts=args.drafts)


def _add_check_command(commands, common) -> None:
    check = commands.add_parser("check", parents=[common], help="check the built site: links, anchors, hreflang, feeds, sitemaps, orphans", description="Check the built site as served at base_url: every internal link and #anchor resolves, hreflang alternates exist, link back and include x-default, feeds are valid Atom, sitemaps list only pages that exist, every page is reachable from the root or an edition home. Articles missing a site language are reported as warnings, which fail the check only with --strict. Exit code 1 when there are errors.", epilog="examples:\n  newsgen check\n  newsgen check --json | jq '.findings[] | select(.kind == \"link\")'\n  newsgen check --strict     warnings (untranslated articles) fail too", formatter_class=argparse.RawDescriptionHelpFormatter)
    check.add_argument("--json", action="store_true", help="print the findings as JSON (kind, severity, page, line, detail) for tools")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.set_defaults(run=_run_check)


def _run_check(args) -> int:
    from .config.settings import load_config

    return _check(load_config(args.root.resolve()), args, strict=args.strict)


def _check(config, args, strict: bool) -> int:
    from .build.state import record_check
    from .console import paint, use_colour
    from .publish.check import check_site, format_json, format_report

    if not (config.output_path / "index.html").is_file():
        raise NewsgenError("no built site to check: run `newsgen build` first", str(config.output_path))
    started = time.perf_counter()
    result = check_site(config.output_path, config.base_url, config.language_codes)
    record_check(config.root, not result.failed(strict), len(result.errors), len(result.warnings))
    if getattr(args, "json", False):
        print(format_json(result))
    elif not args.quiet or result.errors:
        colour = use_colour(sys.stdout)
        print(format_report(result, lambda severity, text: paint(severity, text, colour)))
        _say(args, f"check took {time.perf_counter() - started:.2f}s")
    return EXIT_FAILURE if result.failed(strict) else EXIT_OK


def _add_deploy_command(commands, common) -> None:
    deploy = commands.add_parser("deploy", parents=[common], help="publish the built site to a folder, over rsync, or to a git branch", description="Publish site/ to the target named in site.toml's [deploy] (target = \"...\", or [deploy.targets.NAME]) or given with --to: folder:/path (copies only changed files), rsync:[user@host:]/path (rsync -az --delete --checksum), git:/path/or/url.git#branch (commits to the branch, default gh-pages, with .nojekyll, and pushes; nothing when nothing changed). Files gone from the site are deleted at the target and listed. Refuses when the last build, or the last check of it, failed.", epilog="examples:\n  newsgen deploy --dry-run\n  newsgen deploy --to folder:/srv/www/news\n  newsgen deploy --to rsync:deploy@example.org:/var/www/news\n  newsgen deploy --to git:../news-pages.git#gh-pages\n  newsgen deploy staging     the target in [deploy.targets.staging]", formatter_class=argparse.RawDescriptionHelpFormatter)
    deploy.add_argument("name", nargs="?", help="a target named in [deploy.targets.NAME] (default: [deploy] target)")
    deploy.add_argument("--to", metavar="TARGET", help="target spec instead of site.toml's: folder:PATH, rsync:[USER@HOST:]PATH or git:REPO[#BRANCH]")
    deploy.add_argument("--dry-run", action="store_true", help="list what would be added, changed and deleted; change nothing")
    deploy.add_argument("--no-delete", action="store_true", help="keep files at the target that the site no longer has")
    deploy.add_argument("--force", action="store_true", help="deploy even though the last build or check failed")
    deploy.set_defaults(run=_run_deploy)


def _run_deploy(args) -> int:
    from .config.settings import load_config
    from .publish.deploy import DeployOptions, choose_target, deploy_site

    config = load_config(args.root.resolve())
    target, delete = choose_target(config, args.name, args.to)
    options = DeployOptions(dry_run=args.dry_run, delete=delete and not args.no_delete, force=args.force)
    result = deploy_site(config, target, options)
    changes = result.changes
    if not args.quiet:
        print(f"{'would deploy' if result.dry_run else 'deployed'} to {target}: {changes}" + (" (nothing to do)" if changes.empty else ""))
        listed = [("+", changes.added), ("~", changes.changed)] if result.dry_run or args.verbose else []
        for mark, paths in [*listed, ("-", changes.deleted), ("=", changes.kept if args.verbose else ())]:
            for path in paths:
                print(f"  {mark} {path}")
    return EXIT_OK


def _add_new_command(commands, output) -> None:
    new = commands.add_parser("new", parents=[output], help="start a new site project in a folder", description="Create a site project: site.toml (commented), content/raw/ with a sample wire story, content/articles/, content/people.yaml and content/tags.yaml. It builds with newsgen's own templates; --templates copies them into templates/ to edit.", epilog="examples:\n  newsgen new ~/newsroom && newsgen build --root ~/newsroom\n  newsgen new mysite --templates", formatter_class=argparse.RawDescriptionHelpFormatter)
    new.add_argument("dir", type=Path, help="folder to create (must be empty or new)")
    new.add_argument("--templates", action="store_true", help="copy the default templates into DIR/templates/ for editing")
    new.add_argument("--force", action="store_true", help="write into a folder that is not empty (files of the same name are overwritten)")
    new.set_defaults(run=_run_new)


def _run_new(args) -> int:
    from .scaffold import scaffold_project

    made = scaffold_project(_resolve(args.dir), templates=args.templates, force=args.force)
    _say(args, f"created {len(made)} files in {args.dir}; next: newsgen build --root {args.dir}")
    return EXIT_OK


def _summarise_ingest(results, report: Report, args) -> None:
    counts: dict[str, int] = {}
    for result in results:
        counts[result.status] = counts.get(result.status, 0) + 1
        if result.status == "kept-edit":
            report.warn(result.message or "edited by hand; not overwritten", result.path)
        elif result.message and result.status in ("new", "updated"):
            report.warn(result.message, result.source)
    if results:
        _say(args, "ingest: " + ", ".join(f"{n} {status}" for status, n in sorted(counts.items())))


def _finish(report: Report, args) -> int:
    for warning in report.warnings:
        if not args.quiet:
            print_problem("warning", str(warning))
    for error in report.errors:
        _print_error(str(error))
    return EXIT_OK if report.ok else EXIT_FAILURE


def _progress(label: str, args):
    if args.quiet or not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        end = "\n" if done == total else ""
        print(f"\r{label}: {done}/{total}", end=end, file=sys.stderr, flush=True)

    return show


def _translate_progress(args):
    if args.quiet or not sys.stderr.isatty():
        return None

    def show(done: int, total: int, cached: int, sent: int) -> None:
        end = "\n" if done >= total else ""
        print(f"\rtranslate: {done}/{total} segments ({cached} cached, {sent} sent)", end=end, file=sys.stderr, flush=True)

    return show


def _check_language(lang: str | None, config) -> None:
    from .ingest.language import SUPPORTED

    if lang and lang not in config.language_codes and lang not in SUPPORTED:
        raise ConfigError([f"--lang: unknown language {lang!r}; the site has {list(config.language_codes)}"])


def _resolve(path: Path) -> Path:
    return path if path.is_absolute() else Path.cwd() / path


def _say(args, message: str) -> None:
    if not args.quiet:
        print(message, file=sys.stderr)


def _print_error(message: str) -> None:
    print_problem("error", message)
