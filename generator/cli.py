"""Command line: parse arguments, load the config, call one stage, map errors to exit codes.

This module is the command line's shape (commands, options, help) and ``main``; what
each command does once its arguments are parsed is in commands.py.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from pathlib import Path

from . import __version__
from .commands import (
    EXIT_FAILURE,
    EXIT_USAGE,
    print_error,
    run_build,
    run_check,
    run_deploy,
    run_ingest,
    run_new,
    run_serve,
    run_translate,
)
from .core.errors import ConfigError, NewsgenError

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
        print_error(str(exc))
        return EXIT_USAGE
    except NewsgenError as exc:
        print_error(str(exc))
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print_error("interrupted")
        return 130
    except BrokenPipeError:
        # The reader went away (`newsgen check --json | head`): stop quietly, as other tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FAILURE
    except Exception as exc:  # noqa: BLE001 - a bug: one line, the traceback only on request
        if getattr(args, "verbose", False):
            traceback.print_exc()
        print_error(f"internal error: {type(exc).__name__}: {exc}" + ("" if getattr(args, "verbose", False) else " (run with -v for the traceback)"))
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
    ingest.set_defaults(run=run_ingest)

    build = commands.add_parser("build", parents=[common], help="ingest new raw files and render the site", description="Ingest new or changed raw files, then render every language edition into site/. A failed build leaves the previous site/ untouched.", epilog="examples:\n  newsgen build\n  newsgen --root ~/newsroom build\n  newsgen build --check      exit 1 if the built site has broken links, hreflang, feeds, ...\n  newsgen build --executor dask://10.0.0.5:8786     render on the workers of a Dask scheduler", formatter_class=argparse.RawDescriptionHelpFormatter)
    build.add_argument("--no-ingest", action="store_true", help="render content/articles only; skip content/raw")
    build.add_argument("--translate", action="store_true", help="machine-translate missing and outdated versions before rendering (the only build step that uses the network)")
    build.add_argument("--check", action="store_true", help="run `newsgen check` on the result (non-zero exit when it finds errors)")
    build.add_argument("--verify", action="store_true", help="compare every file of site/ with what the last build wrote and restore files changed or removed by hand (a plain build trusts site/ while it is the folder the last build left)")
    build.add_argument("--now", metavar="TIME", help="publish as at this ISO 8601 time (drafts and embargoes; default: SOURCE_DATE_EPOCH if set, else the clock)")
    build.add_argument("--executor", default="local", metavar="WHERE", help="where pages are rendered: local (forked processes on this machine, the default), dask-local (a Dask LocalCluster started for the build), dask://HOST:PORT (the workers of a running Dask scheduler; needs newsgen[dask])")
    build.set_defaults(run=run_build)

    translate = commands.add_parser("translate", parents=[common], help="machine-translate missing language versions", description="Translate every article version that is missing, or whose source changed since it was machine-translated, into the site's languages, and save it under content/articles/. Reviewed and human translations are never overwritten, only reported when stale. Segments already translated are taken from the translation memory.", epilog="examples:\n  newsgen translate\n  newsgen translate --to de,fr --provider libre\n  newsgen translate --status", formatter_class=argparse.RawDescriptionHelpFormatter)
    translate.add_argument("--to", metavar="LANGS", help="comma-separated target languages (default: every site language)")
    translate.add_argument("--provider", help="provider for this run instead of site.toml's (google, libre, mymemory, microsoft, deepl)")
    translate.add_argument("--status", action="store_true", help="list missing, stale and up-to-date versions per language; sends nothing")
    translate.set_defaults(run=run_translate)
    _add_serve_command(commands, common)
    _add_check_command(commands, common)
    _add_deploy_command(commands, common)
    _add_new_command(commands, output)
    return parser


def _add_serve_command(commands, common) -> None:
    serve = commands.add_parser("serve", parents=[common], help="preview the site locally, rebuilding and reloading on every change", description="Ingest and build, then serve site/ at base_url's path on 127.0.0.1. Saving a file in content/ or templates/, or site.toml, rebuilds the site and reloads open pages; a failed build shows its errors in the browser while the last good site stays served. Ctrl-C stops.", epilog="examples:\n  newsgen serve\n  newsgen serve --port 8080\n  newsgen serve --port 0      any free port (printed)", formatter_class=argparse.RawDescriptionHelpFormatter)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000; 0: any free port, printed)")
    serve.add_argument("--drafts", action="store_true", help="show drafts and embargoed stories too, marked, from a preview folder (.newsgen-cache/drafts-preview/) that is never deployed")
    serve.set_defaults(run=run_serve)


def _add_check_command(commands, common) -> None:
    check = commands.add_parser("check", parents=[common], help="check the built site: links, anchors, hreflang, feeds, sitemaps, orphans", description="Check the built site as served at base_url: every internal link and #anchor resolves, hreflang alternates exist, link back and include x-default, feeds are valid Atom, sitemaps list only pages that exist, every page is reachable from the root or an edition home. Articles missing a site language are reported as warnings, which fail the check only with --strict. Exit code 1 when there are errors.", epilog="examples:\n  newsgen check\n  newsgen check --json | jq '.findings[] | select(.kind == \"link\")'\n  newsgen check --strict     warnings (untranslated articles) fail too", formatter_class=argparse.RawDescriptionHelpFormatter)
    check.add_argument("--json", action="store_true", help="print the findings as JSON (kind, severity, page, line, detail) for tools")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.set_defaults(run=run_check)


def _add_deploy_command(commands, common) -> None:
    deploy = commands.add_parser("deploy", parents=[common], help="publish the built site to a folder, over rsync, or to a git branch", description="Publish site/ to the target named in site.toml's [deploy] (target = \"...\", or [deploy.targets.NAME]) or given with --to: folder:/path (copies only changed files), rsync:[user@host:]/path (rsync -az --delete --checksum), git:/path/or/url.git#branch (commits to the branch, default gh-pages, with .nojekyll, and pushes; nothing when nothing changed). Files gone from the site are deleted at the target and listed. Refuses when the last build, or the last check of it, failed.", epilog="examples:\n  newsgen deploy --dry-run\n  newsgen deploy --to folder:/srv/www/news\n  newsgen deploy --to rsync:deploy@example.org:/var/www/news\n  newsgen deploy --to git:../news-pages.git#gh-pages\n  newsgen deploy staging     the target in [deploy.targets.staging]", formatter_class=argparse.RawDescriptionHelpFormatter)
    deploy.add_argument("name", nargs="?", help="a target named in [deploy.targets.NAME] (default: [deploy] target)")
    deploy.add_argument("--to", metavar="TARGET", help="target spec instead of site.toml's: folder:PATH, rsync:[USER@HOST:]PATH or git:REPO[#BRANCH]")
    deploy.add_argument("--dry-run", action="store_true", help="list what would be added, changed and deleted; change nothing")
    deploy.add_argument("--no-delete", action="store_true", help="keep files at the target that the site no longer has")
    deploy.add_argument("--force", action="store_true", help="deploy even though the last build or check failed")
    deploy.set_defaults(run=run_deploy)


def _add_new_command(commands, output) -> None:
    new = commands.add_parser("new", parents=[output], help="start a new site project in a folder", description="Create a site project: site.toml (commented), content/raw/ with a sample wire story, content/articles/, content/people.yaml and content/tags.yaml. It builds with newsgen's own templates; --templates copies them into templates/ to edit.", epilog="examples:\n  newsgen new ~/newsroom && newsgen build --root ~/newsroom\n  newsgen new mysite --templates", formatter_class=argparse.RawDescriptionHelpFormatter)
    new.add_argument("dir", type=Path, help="folder to create (must be empty or new)")
    new.add_argument("--templates", action="store_true", help="copy the default templates into DIR/templates/ for editing")
    new.add_argument("--force", action="store_true", help="write into a folder that is not empty (files of the same name are overwritten)")
    new.set_defaults(run=run_new)
