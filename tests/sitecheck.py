"""What a reader or a crawler notices about a built site, as reusable checks.

Every ``check_*`` function takes the output folder (and the site's
``base_url``) and returns a list of problems, each naming the page, so a test
asserts ``== []`` and sees all of them at once. The checks know nothing about
which kinds of page exist: they read whatever HTML and CSS the folder holds.

A link is resolved the way a browser does it, as if the folder were served at
``base_url``: "../de/" on "en/index.html" -> "de/index.html". Links into the
site (relative ones, and absolute ones under ``base_url``) are *internal*;
everything else (other hosts, mailto:) is left alone.
"""

from __future__ import annotations

import functools
import re
import shutil
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from xml.etree.ElementTree import Element

import html5lib

REPO = Path(__file__).resolve().parents[1]
#: Pages served at addresses the site does not know; their links are absolute.
NOT_FOUND_PAGES = ("404.html",)
_HEADING = re.compile(r"h([1-6])")
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")


# -- the sample project ---------------------------------------------------------


def copy_sample_project(dest: Path, base_url: str | None = None) -> Path:
    """Copy the repository's sample project (site.toml, content/, templates/) into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    config = (REPO / "site.toml").read_text(encoding="utf-8")
    if base_url is not None:
        config, count = re.subn(r"(?m)^base_url\s*=.*$", f'base_url = "{base_url}"', config)
        assert count == 1, "site.toml has no base_url line to replace"
    (dest / "site.toml").write_text(config, encoding="utf-8")
    shutil.copytree(REPO / "content", dest / "content")
    shutil.copytree(REPO / "templates", dest / "templates")
    return dest


def base_url_of(root: Path) -> str:
    """The ``base_url`` of the project in ``root``, with its trailing slash."""
    url = tomllib.loads((root / "site.toml").read_text(encoding="utf-8"))["base_url"]
    return url if url.endswith("/") else url + "/"


# -- reading the output ---------------------------------------------------------


@dataclass(frozen=True)
class Link:
    """One href/src in a page (or url() in a stylesheet) and where it leads."""

    #: The file it was found in, relative to the site folder ("de/index.html").
    page: str
    #: Element name ("a", "link") or "css" for a url() in a stylesheet.
    element: str
    attribute: str
    #: The value as written in the file.
    value: str
    #: The value resolved against the page's address under base_url.
    url: str
    #: True when the link points into the site (under base_url's host).
    internal: bool
    #: Site file it leads to ("de/index.html"); None for external links and
    #: for internal ones that leave base_url's path (a root-relative link in a
    #: sub-path build).
    target: str | None
    #: The fragment without "#", or "".
    fragment: str

    def describe(self) -> str:
        return f'{self.page}: <{self.element} {self.attribute}="{self.value}">'


def iter_pages(site_dir: Path) -> Iterator[str]:
    """Relative paths of every HTML file in the site, sorted."""
    for path in sorted(site_dir.rglob("*.html")):
        yield path.relative_to(site_dir).as_posix()


def parse_page(site_dir: Path, page: str) -> Element:
    """The page's element tree (lenient parse; ``check_html`` reports parse errors)."""
    path = site_dir / page
    stat = path.stat()
    return _parse_cached(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=4096)
def _parse_cached(path: str, mtime_ns: int, size: int) -> Element:
    # mtime and size are part of the key so a rebuilt page is read again.
    return html5lib.parse(Path(path).read_bytes(), namespaceHTMLElements=False)


def elements(tree: Element) -> Iterator[Element]:
    """Every element in document order (comments left out)."""
    return (element for element in tree.iter() if isinstance(element.tag, str))


def text_of(element: Element) -> str:
    return " ".join("".join(element.itertext()).split())


def ids_of(site_dir: Path, page: str) -> set[str]:
    return {element.get("id") for element in elements(parse_page(site_dir, page)) if element.get("id")}


def iter_links(site_dir: Path, base_url: str) -> Iterator[Link]:
    """Every href/src in every HTML page and every url() in every stylesheet."""
    for page in iter_pages(site_dir):
        for element in elements(parse_page(site_dir, page)):
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None:
                    yield resolve_link(page, element.tag, attribute, value, base_url)
    for path in sorted(site_dir.rglob("*.css")):
        page = path.relative_to(site_dir).as_posix()
        for match in _CSS_URL.finditer(path.read_text(encoding="utf-8")):
            value = (match.group(2) or match.group(4)).strip()
            if not value.startswith("data:"):
                yield resolve_link(page, "css", "url", value, base_url)


def iter_internal_links(site_dir: Path, base_url: str) -> Iterator[Link]:
    """The links of ``iter_links`` that point into the site."""
    return (link for link in iter_links(site_dir, base_url) if link.internal)


def resolve_link(page: str, element: str, attribute: str, value: str, base_url: str) -> Link:
    """Where ``value`` written in ``page`` leads when the site is served at ``base_url``."""
    url = urljoin(base_url + page, value.strip())
    parts, base = urlsplit(url), urlsplit(base_url)
    internal = parts.scheme in ("http", "https") and (parts.scheme, parts.netloc) == (base.scheme, base.netloc)
    target = None
    path = unquote(parts.path)
    if internal and path.startswith(base.path):
        target = path[len(base.path):]
        if target == "" or target.endswith("/"):
            target += "index.html"
    return Link(page, element, attribute, value, url, internal, target, unquote(parts.fragment))


# -- checks ---------------------------------------------------------------------


def check_links(site_dir: Path, base_url: str) -> list[str]:
    """Internal links that lead to no file, leave base_url, or name a missing id."""
    problems = []
    for link in iter_internal_links(site_dir, base_url):
        if link.target is None:
            problems.append(f"{link.describe()} leaves the site: {link.url} is outside {base_url}")
        elif not (site_dir / link.target).is_file():
            problems.append(f"{link.describe()} -> {link.target}, which does not exist")
        elif link.fragment and link.target.endswith(".html") and link.fragment not in ids_of(site_dir, link.target):
            problems.append(f'{link.describe()} -> no id="{link.fragment}" in {link.target}')
    return problems


def check_html(site_dir: Path) -> list[str]:
    """Every page: strict HTML5 parse, lang, a title, one h1, one main, no skipped heading level, unique ids."""
    problems = []
    for page in iter_pages(site_dir):
        problems += [f"{page}: {problem}" for problem in page_problems(site_dir, page)]
    return problems


def page_problems(site_dir: Path, page: str) -> list[str]:
    problems = strict_parse_errors((site_dir / page).read_bytes())
    tree = parse_page(site_dir, page)
    found = list(elements(tree))
    if not tree.get("lang"):
        problems.append("<html> has no lang")
    titles = [e for e in found if e.tag == "title"]
    if len(titles) != 1 or not text_of(titles[0]):
        problems.append(f"expected one non-empty <title>, found {len(titles)}")
    for tag in ("h1", "main"):
        count = sum(1 for e in found if e.tag == tag)
        if count != 1:
            problems.append(f"expected exactly one <{tag}>, found {count}")
    problems += heading_problems(found)
    ids = [e.get("id") for e in found if e.get("id")]
    problems += [f'id="{i}" is used more than once' for i in sorted({i for i in ids if ids.count(i) > 1})]
    return problems


def strict_parse_errors(data: bytes) -> list[str]:
    """The first HTML5 parse error of a document (strict mode stops there), or []."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    try:
        parser.parse(data)
    except html5lib.html5parser.ParseError as exc:
        (line, column), *_ = parser.errors[-1] if parser.errors else ((0, 0),)
        return [f"line {line}, column {column}: HTML parse error: {exc}"]
    return []


def heading_problems(found: list[Element]) -> list[str]:
    """Headings must start at h1 and never go more than one level deeper at a time."""
    problems, previous = [], 0
    for element in found:
        match = _HEADING.fullmatch(element.tag)
        if not match:
            continue
        level = int(match.group(1))
        if level > previous + 1:
            problems.append(f"<h{level}> \"{text_of(element)[:40]}\" follows <h{previous}>" if previous else f"first heading is <h{level}>, not <h1>")
        previous = level
    return problems


def hreflang_alternates(site_dir: Path, page: str, base_url: str) -> list[tuple[str, Link]]:
    """The page's ``<link rel="alternate" hreflang>`` entries as (hreflang, link).

    Alternates with a ``type`` (feeds: ``application/atom+xml``) are other
    formats, not language versions of the page, and are left out."""
    entries = []
    for element in elements(parse_page(site_dir, page)):
        is_alternate = element.tag == "link" and "alternate" in element.get("rel", "").split()
        if is_alternate and element.get("hreflang") and element.get("type", "text/html") == "text/html":
            link = resolve_link(page, "link", "href", element.get("href", ""), base_url)
            entries.append((element.get("hreflang").lower(), link))
    return entries


def check_hreflang(site_dir: Path, base_url: str) -> list[str]:
    """hreflang clusters: each page lists itself, every alternate lists the same set
    (so links are reciprocal), languages match the target's ``<html lang>``, and
    x-default, once any page has it, appears exactly once on every page with alternates.
    Pages without alternates are fine."""
    clusters: dict[str, dict[str, str | None]] = {}
    problems = []
    for page in iter_pages(site_dir):
        entries = hreflang_alternates(site_dir, page, base_url)
        if not entries:
            continue
        langs = [lang for lang, _ in entries]
        problems += [f"{page}: hreflang={lang!r} listed {langs.count(lang)} times" for lang in sorted(set(langs)) if langs.count(lang) > 1]
        problems += [f"{link.describe()}: hreflang alternate is not an absolute URL" for _, link in entries if not link.value.startswith(("http://", "https://"))]
        clusters[page] = {lang: link.target for lang, link in entries}
    uses_x_default = any("x-default" in cluster for cluster in clusters.values())
    for page, cluster in clusters.items():
        problems += _cluster_problems(site_dir, page, cluster, clusters, uses_x_default)
    return problems


def _cluster_problems(site_dir: Path, page: str, cluster: dict[str, str | None], clusters: dict[str, dict[str, str | None]], uses_x_default: bool) -> list[str]:
    problems = []
    own_lang = (parse_page(site_dir, page).get("lang") or "").lower()
    if cluster.get(own_lang) != page:
        problems.append(f'{page}: its hreflang alternates do not list the page itself as "{own_lang}"')
    if uses_x_default and "x-default" not in cluster:
        problems.append(f"{page}: other pages have an x-default alternate, this one has none")
    for lang, target in sorted(cluster.items(), key=lambda item: item[0]):
        if lang == "x-default" or target == page:
            continue  # x-default may point at a chooser page that has no alternates itself
        if target is None or not (site_dir / target).is_file():
            problems.append(f"{page}: hreflang={lang} points to a missing page {target}")
        elif (parse_page(site_dir, target).get("lang") or "").lower() != lang:
            problems.append(f'{page}: hreflang={lang} points to {target}, whose <html lang> is "{parse_page(site_dir, target).get("lang")}"')
        elif target not in clusters or page not in clusters[target].values():
            problems.append(f"{page}: lists {target} as {lang}, but {target} does not link back")
        elif clusters[target] != cluster:
            problems.append(f"{page}: lists {sorted(cluster.items())}, but its alternate {target} lists {sorted(clusters[target].items())}")
    return problems


def check_canonical(site_dir: Path, base_url: str) -> list[str]:
    """A page's canonical link, where it has one, is an absolute URL of that same page."""
    problems = []
    for page in iter_pages(site_dir):
        canonical = [e for e in elements(parse_page(site_dir, page)) if e.tag == "link" and "canonical" in e.get("rel", "").split()]
        if len(canonical) > 1:
            problems.append(f"{page}: {len(canonical)} canonical links")
        for element in canonical:
            link = resolve_link(page, "link", "href", element.get("href", ""), base_url)
            if not link.value.startswith(base_url) or link.target != page:
                problems.append(f"{link.describe()}: canonical should be the absolute URL of {page}")
    return problems


def check_no_root_relative_links(site_dir: Path, base_url: str, except_pages: tuple[str, ...] = NOT_FOUND_PAGES) -> list[str]:
    """Links written as "/..." break when the site is served under a sub-path."""
    return [
        f"{link.describe()} is root-relative"
        for link in iter_links(site_dir, base_url)
        if link.page not in except_pages and link.value.startswith("/") and not link.value.startswith("//")
    ]


def check_absolute_links(site_dir: Path, base_url: str, pages: tuple[str, ...] = NOT_FOUND_PAGES) -> list[str]:
    """Pages served at any address (the 404 page) must write internal links as full URLs under base_url."""
    return [
        f"{link.describe()} must start with {base_url}"
        for link in iter_internal_links(site_dir, base_url)
        if link.page in pages and not link.value.startswith("#") and not link.value.startswith(base_url)
    ]


# -- comparing builds -----------------------------------------------------------


def snapshot(site_dir: Path) -> dict[str, bytes]:
    """Every file of the site by relative path."""
    return {p.relative_to(site_dir).as_posix(): p.read_bytes() for p in sorted(site_dir.rglob("*")) if p.is_file()}


def file_identities(site_dir: Path) -> dict[str, tuple[int, int]]:
    """(inode, mtime) per file: both change when a file is rewritten, even atomically with the same bytes."""
    return {p.relative_to(site_dir).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns) for p in sorted(site_dir.rglob("*")) if p.is_file()}


def diff_snapshots(before: dict[str, bytes], after: dict[str, bytes]) -> list[str]:
    """Files added, removed or changed between two snapshots."""
    return (
        [f"only in the first: {p}" for p in sorted(before.keys() - after.keys())]
        + [f"only in the second: {p}" for p in sorted(after.keys() - before.keys())]
        + [f"differs: {p}" for p in sorted(before.keys() & after.keys()) if before[p] != after[p]]
    )
