"""What each ``newsgen`` command does once the command line (cli.py) has parsed its arguments.

Exit codes: 0 success, 1 a stage failed (some input was bad), 2 usage or configuration error.
Problems are printed one a line, "error:"/"warning:" coloured on a terminal (console.py).
Separate from cli.py: a command's work and its output change without touching its options.
"""

from __future__ import annotations

import contextlib
import json
import sys
import time
from pathlib import Path

from .console import print_problem
from .core.errors import ConfigError, NewsgenError, Report

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


def run_ingest(args) -> int:
    from .config.settings import load_config
    from .content.vocabulary import load_vocabularies
    from .ingest.articles import json_record
    from .ingest.pipeline import display_name, ingest_files
    from .ingest.rawstory import analyse_raw, file_hints
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


def run_build(args) -> int:
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
        # The readers load only when there is something to read.
        from .ingest.pipeline import ingest_files

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


def run_translate(args) -> int:
    from .config.settings import load_config
    from .translate.options import choose_targets
    from .translate.status import format_status, translation_status

    config = load_config(args.root.resolve())
    if args.status:
        report = Report()
        print(format_status(translation_status(config, choose_targets(config, args.to), report), config))
        return _finish(report, args)
    return _finish(_translate(config, args, args.to), args)


def _translate(config, args, to: str | None) -> Report:
    from .translate.options import choose_targets, with_provider
    from .translate.pipeline import translate_articles

    config = with_provider(config, getattr(args, "provider", None))
    report = Report()
    summary = translate_articles(config, choose_targets(config, to), report, on_progress=_translate_progress(args))
    _say(args, str(summary))
    return report

def run_serve(args) -> int:
    from .publish.serve import serve

    return serve(args.root.resolve(), args.host, args.port, quiet=args.quiet, drafts=args.drafts)

def run_check(args) -> int:
    from .config.settings import load_config

    return _check(load_config(args.root.resolve()), args, strict=args.strict)


def _check(config, args, strict: bool) -> int:
    from .build.state import record_check
    from .console import paint, use_colour
    from .publish.check import check_site
    from .publish.findings import format_json, format_report

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

def run_deploy(args) -> int:
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
    if result.in_place_because:
        print_problem("warning", f"{target}: changed in place, file by file ({result.in_place_because}): readers may see old and new pages mixed until it ends")
    return EXIT_OK


def run_new(args) -> int:
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
        print_error(str(error))
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


def print_error(message: str) -> None:
    print_problem("error", message)
