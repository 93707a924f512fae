"""Photos on the built site: what a reader and a link preview see, what an incremental build keeps, what a bad file does."""

import io
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image
from sitecheck import settled_sample_project, snapshot

from generator.build.run import build_site
from generator.cli import main
from generator.config.settings import load_config
from generator.core.errors import Report

UBS_RAW = "content/raw/008_b6c3f7b9c2d599b2"
UBS_PAGE = "site/en/2024/07/keller-sutter-sticks-to-tougher-capital-rules-for-ubs/index.html"
UBS_DE_PAGE = "site/de/2024/07/keller-sutter-haelt-an-strengeren-kapitalregeln-fuer-die-ubs-fest/index.html"


def jpeg(colour=(30, 90, 160), size=(1800, 1200)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


@pytest.fixture
def project(tmp_path):
    return settled_sample_project(tmp_path / "project")


def build(root: Path) -> None:
    assert main(["--root", str(root), "-q", "build"]) == 0


def page(root: Path, name: str) -> str:
    return (root / name).read_text(encoding="utf-8")


def test_the_article_shows_a_responsive_photo_with_its_caption_and_credit(project):
    build(project)
    html = page(project, UBS_PAGE)
    figure = re.search(r'<figure class="photo">.*?</figure>', html, re.S).group()
    assert re.search(r'<source type="image/webp" srcset="[^"]*-480\.webp 480w, [^"]*-960\.webp 960w, [^"]*-1600\.webp 1600w" sizes="[^"]+">', figure)
    img = re.search(r"<img [^>]*>", figure).group()
    assert 'width="1600" height="1067"' in img and 'alt="The UBS headquarters on Paradeplatz in Zurich."' in img
    assert "loading=" not in img  # the lead photo is above the fold
    assert "The UBS headquarters on Paradeplatz in Zurich." in figure and "Keystone" in figure
    for url in re.findall(r'(?:src|srcset)="([^"]+)"', figure):
        for candidate in url.split(", "):
            target = (project / UBS_PAGE).parent / candidate.split(" ")[0]
            assert target.resolve().is_file(), candidate


def test_link_previews_and_search_engines_get_the_photo(project):
    build(project)
    html = page(project, UBS_PAGE)
    og = dict(re.findall(r'<meta property="(og:image[^"]*)" content="([^"]*)">', html))
    assert re.fullmatch(r"https://example\.org/media/[0-9a-f]{16}-1600\.jpg", og["og:image"])
    assert (og["og:image:width"], og["og:image:height"]) == ("1600", "1067")
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["image"][0] == og["og:image"] and len(data["image"]) == 3


def test_listings_show_a_thumbnail_lazily_below_the_first_teasers(project):
    build(project)
    home = page(project, "site/en/index.html")
    thumbnails = re.findall(r'<picture class="teaser-photo">.*?<img ([^>]*)>', home, re.S)
    assert len(thumbnails) >= 2
    assert all('width="480"' in img and 'alt=""' in img for img in thumbnails)
    teasers = re.findall(r"<li>\s*<article class=\"teaser[^\"]*\">.*?</article>", home, re.S)
    lazy = [("loading=\"lazy\"" in t) for t in teasers if "teaser-photo" in t]
    positions = [i for i, t in enumerate(teasers) if "teaser-photo" in t]
    assert all(is_lazy == (position >= 2) for is_lazy, position in zip(lazy, positions))


def test_a_version_whose_picture_note_names_no_file_shows_the_photo_of_the_story(project):
    build(project)
    german = page(project, UBS_DE_PAGE)
    assert '<figure class="photo">' in german


def test_an_unchanged_photo_is_never_encoded_again_and_a_replaced_one_gets_new_addresses(project, tmp_path):
    build(project)
    variants = sorted((project / ".newsgen-cache" / "photos").rglob("*.webp"))
    stamps = {p: p.stat().st_mtime_ns for p in variants}
    (project / "content/articles/2024/07/keller-sutter-sticks-to-tougher-capital-rules-for-ubs.en.md").touch()
    build(project)
    assert {p: p.stat().st_mtime_ns for p in variants} == stamps
    old_names = set(os.listdir(project / "site/media"))
    Path(project / f"{UBS_RAW}.jpg").write_bytes(jpeg((160, 40, 40)))
    build(project)
    new_names = set(os.listdir(project / "site/media"))
    assert len(old_names - new_names) == 6 and len(new_names - old_names) == 6
    assert all(name in page(project, UBS_PAGE) for name in new_names - old_names if name.endswith("-960.jpg"))
    clean = tmp_path / "clean"
    shutil.copytree(project, clean, ignore=shutil.ignore_patterns("site", ".site.staging", ".newsgen-cache"))
    build(clean)
    assert snapshot(project / "site") == snapshot(clean / "site")


def test_a_broken_photo_is_named_and_the_site_still_builds_without_it(project, capsys):
    Path(project / f"{UBS_RAW}.jpg").write_bytes(jpeg()[:5000])
    assert main(["--root", str(project), "build"]) == 0
    err = capsys.readouterr().err
    assert f"{UBS_RAW}.jpg" in err and "broken picture" in err
    html = page(project, UBS_PAGE)
    assert '<figure class="photo">' not in html and 'class="image-note"' in html  # the caption is still there
    assert '<figure class="photo">' in page(project, "site/en/2024/10/odermatt-opens-the-world-cup-winter-in-soelden-as-the-man-to-beat/index.html")


def test_a_photo_dropped_beside_a_raw_file_is_ingested_and_published(project):
    build(project)
    nato_raw = project / "content/raw/001_322d1846f4202dda"
    Path(f"{nato_raw}.png").write_bytes(jpeg())  # JPEG bytes under a .png name: read by content
    build(project)
    html = page(project, "site/en/2024/11/nato-secretary-general-holds-talks-with-trump-in-florida/index.html")
    assert '<figure class="photo">' in html


def test_a_text_edit_to_a_story_with_a_photo_takes_the_short_way_and_keeps_the_photo(project, tmp_path):
    build(project)
    path = project / "content/articles/2024/07/keller-sutter-sticks-to-tougher-capital-rules-for-ubs.en.md"
    path.write_text(path.read_text(encoding="utf-8").replace("\n\n", "\n\nAn added sentence.\n\n", 1), encoding="utf-8")
    report = Report()
    summary = build_site(load_config(project), report, jobs=1)
    assert report.ok and summary.delta
    assert '<figure class="photo">' in page(project, UBS_PAGE)
    clean = tmp_path / "clean"
    shutil.copytree(project, clean, ignore=shutil.ignore_patterns("site", ".site.staging", ".newsgen-cache"))
    build(clean)
    assert snapshot(project / "site") == snapshot(clean / "site")


def test_a_new_story_with_its_own_photo_takes_the_short_way_and_equals_a_clean_build(project, tmp_path):
    build(project)
    Path(project / "content/photos").mkdir()
    Path(project / "content/photos/lake.jpg").write_bytes(jpeg((20, 120, 90), (1200, 800)))
    story = project / "content/articles/2024/12/boats-return-to-the-lake.en.md"
    story.write_text(
        "---\nid: 5b0a7e1c9d22\nlang: en\ntitle: Boats return to the lake\nslug: boats-return-to-the-lake\n"
        "category: switzerland\nagency: SDA\npublished: '2024-12-20T09:00:00+01:00'\n"
        "image:\n  file: content/photos/lake.jpg\n  caption: Boats at the pier.\n  credit: KEYSTONE\n"
        "---\n\nThe first boats of the season left the pier this morning.\n",
        encoding="utf-8",
    )
    report = Report()
    summary = build_site(load_config(project), report, jobs=1)
    assert report.ok and summary.delta, "the new story was not published the short way"
    html = page(project, "site/en/2024/12/boats-return-to-the-lake/index.html")
    img = re.search(r'<figure class="photo">.*?<img [^>]*src="([^"]+)"', html, re.S).group(1)
    assert ((project / "site/en/2024/12/boats-return-to-the-lake") / img).resolve().is_file()
    clean = tmp_path / "clean"
    shutil.copytree(project, clean, ignore=shutil.ignore_patterns("site", ".site.staging", ".newsgen-cache"))
    build(clean)
    assert snapshot(project / "site") == snapshot(clean / "site")
