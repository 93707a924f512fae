"""Command line: parse arguments, load the config, call one stage, map errors to exit codes.

Exit codes: 0 success, 1 a stage failed (some input was bad), 2 usage or configuration error.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from . import __version__
from .errors import ConfigError, NewsgenError, Report

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2

_EPILOG = """examples:
  newsgen ingest                       ingest every file in content/raw/
  newsgen ingest --json story.txt      show what would be extracted, write nothing
  newsgen build                        ingest new raw files, then render site/
  newsgen build --root ~/newsroom      build the project in another folder
  newsgen translate --to de,fr         machine-translate missing versions into German and French
  newsgen translate --status           list missing and stale translations (no network)
  newsgen build --translate            ingest, translate, then build
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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsgen", description="Static multilingual news sites from agency wire copy.", epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"newsgen {__version__}")
    parser.add_argument("--root", type=Path, default=Path("."), help="project folder holding site.toml (default: current folder)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    # The same options after the command ("newsgen build --root DIR"); SUPPRESS keeps the global value otherwise.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", type=Path, default=argparse.SUPPRESS, help="project folder holding site.toml")
    common.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS, help="print errors only")
    commands = parser.add_subparsers(dest="command", title="commands", metavar="COMMAND")

    ingest = commands.add_parser("ingest", parents=[common], help="turn raw wire files into article Markdown", description="Read raw wire files (default: content/raw/) and write one Markdown file per article under content/articles/. Articles edited by hand since ingest are never overwritten.", epilog="examples:\n  newsgen ingest\n  newsgen ingest --lang de content/raw/041_x.txt\n  newsgen ingest --json story.txt", formatter_class=argparse.RawDescriptionHelpFormatter)
    ingest.add_argument("paths", nargs="*", type=Path, help="raw files or folders (default: content/raw/)")
    ingest.add_argument("--json", action="store_true", help="print the extracted fields as JSON and write nothing")
    ingest.add_argument("--lang", help="source language of the files (default: detected)")
    ingest.add_argument("--force", action="store_true", help="re-ingest unchanged raw files too (after a vocabulary change); hand-edited articles are still kept")
    ingest.set_defaults(run=_run_ingest)

    build = commands.add_parser("build", parents=[common], help="ingest new raw files and render the site", description="Ingest new or changed raw files, then render every language edition into site/. A failed build leaves the previous site/ untouched.", epilog="examples:\n  newsgen build\n  newsgen --root ~/newsroom build", formatter_class=argparse.RawDescriptionHelpFormatter)
    build.add_argument("--no-ingest", action="store_true", help="render content/articles only; skip content/raw")
    build.add_argument("--translate", action="store_true", help="machine-translate missing and outdated versions before rendering (the only build step that uses the network)")
    build.set_defaults(run=_run_build)

    translate = commands.add_parser("translate", parents=[common], help="machine-translate missing language versions", description="Translate every article version that is missing, or whose source changed since it was machine-translated, into the site's languages, and save it under content/articles/. Reviewed and human translations are never overwritten, only reported when stale. Segments already translated are taken from the translation memory.", epilog="examples:\n  newsgen translate\n  newsgen translate --to de,fr --provider libre\n  newsgen translate --status", formatter_class=argparse.RawDescriptionHelpFormatter)
    translate.add_argument("--to", metavar="LANGS", help="comma-separated target languages (default: every site language)")
    translate.add_argument("--provider", help="provider for this run instead of site.toml's (google, libre, mymemory, microsoft, deepl)")
    translate.add_argument("--status", action="store_true", help="list missing, stale and up-to-date versions per language; sends nothing")
    translate.set_defaults(run=_run_translate)
    return parser


def _run_ingest(args) -> int:
    from .config import load_config
    from .ingest.pipeline import analyse_raw, display_name, find_raw_files, ingest_files, json_record
    from .vocabulary import load_vocabularies

    config = load_config(args.root.resolve())
    _check_language(args.lang, config)
    report = Report()
    files = find_raw_files(config, [_resolve(p) for p in args.paths])
    if args.json:
        vocab = load_vocabularies(config.content_dir)
        records = []
        for path in files:
            name = display_name(path, config.root)
            try:
                story, article = analyse_raw(path.read_bytes(), name, config, vocab, args.lang)
                records.append(json_record(story, article, name, config))
            except NewsgenError as exc:
                report.errors.append(exc if exc.file else NewsgenError(exc.message, name, exc.line))
            except OSError as exc:
                report.error(f"cannot read: {exc.strerror or exc}", name)
        print(json.dumps(records, ensure_ascii=False, indent=2))
        return _finish(report, args)
    results = ingest_files(config, files, report, args.lang, args.force, _progress("ingest", args))
    _summarise_ingest(results, report, args)
    return _finish(report, args)


def _run_build(args) -> int:
    from .build import build_site
    from .config import load_config
    from .ingest.pipeline import find_raw_files, ingest_files

    started = time.perf_counter()
    config = load_config(args.root.resolve())
    report = Report()
    if not args.no_ingest:
        results = ingest_files(config, find_raw_files(config), report, on_progress=_progress("ingest", args))
        _summarise_ingest(results, report, args)
    if not report.ok:
        # Render nothing from a half-ingested content folder: the previous site stays as it was.
        _say(args, "build stopped: fix the ingest errors above; site/ was left unchanged")
        return _finish(report, args)
    # A failed translation leaves that language version out (it did not exist before either), so the
    # build goes on; its problems are kept apart, since build_site stops on any error in its report.
    translated = _translate(config, args, None) if args.translate else Report()
    summary = build_site(config, report)
    if report.ok:
        _say(args, f"built {summary} in {time.perf_counter() - started:.2f}s")
    # Listed first: they happened first.
    report.errors[:0] = translated.errors
    report.warnings[:0] = translated.warnings
    return _finish(report, args)


def _run_translate(args) -> int:
    from .config import load_config
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
            print(f"warning: {warning}", file=sys.stderr)
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
    print(f"error: {message}", file=sys.stderr)
