"""What photos and search cost: a script to run by hand, not a test.

    .venv/bin/python bench/features.py                # N=1000 stories (2,000 articles), 12 photos
    .venv/bin/python bench/features.py --n 5000 --photos 24

Measures, on this machine, one run each:
- photos: the time to encode one photo (a 3000 x 2000 JPEG made here) into its
  six variants, on one core; and on the sample project, the time of the build
  after one photo file is replaced (the full way: only that photo is encoded);
- search: the Pagefind index of the benchmark corpus (bench/corpus.py, search
  on): its build time, its size, and both per 1,000 articles, plus the time of
  a build that publishes one edited story with search on and off.
"""

from __future__ import annotations

import argparse
import io
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "bench"), str(REPO / "tests")]

from corpus import ensure_corpus  # noqa: E402
from PIL import Image  # noqa: E402

from generator.build.run import build_site  # noqa: E402
from generator.config.settings import load_config  # noqa: E402
from generator.core.errors import Report  # noqa: E402
from generator.site.photos import content_hash, encode_photo  # noqa: E402


def camera_picture(seed: int, size=(3000, 2000)) -> bytes:
    """A photo-like JPEG: smooth gradients with noise, so the encoders work as on a real picture."""
    rng = random.Random(seed)
    small = Image.new("RGB", (size[0] // 20, size[1] // 20))
    small.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256)) for _ in range(small.width * small.height)])
    picture = small.resize(size, Image.Resampling.BICUBIC)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def measure_photos(count: int) -> dict:
    times = []
    for seed in range(count):
        data = camera_picture(seed)
        started = time.perf_counter()
        encode_photo(f"photo-{seed}.jpg", content_hash(data), data)
        times.append(time.perf_counter() - started)
    return {"photos": count, "median_s": statistics.median(times), "max_s": max(times)}


def build(root: Path) -> tuple[float, object]:
    report = Report()
    started = time.perf_counter()
    summary = build_site(load_config(root), report)
    assert report.ok, report.errors
    return time.perf_counter() - started, summary


def measure_photo_change(work: Path) -> dict:
    from sitecheck import copy_sample_project

    root = copy_sample_project(work / "sample")
    build(root)
    photo = next(root.glob("content/raw/*.jpg"))
    photo.write_bytes(camera_picture(99, (1800, 1200)))
    seconds, summary = build(root)
    return {"build_after_photo_change_s": seconds, "written": len(summary.write.written)}


def measure_search(work: Path, n: int) -> dict:
    corpus, _ = ensure_corpus(REPO / "bench" / "out", n)
    root = work / f"search-N{n}"
    shutil.copytree(corpus / "newsgen", root, symlinks=True)
    shutil.copytree(REPO / "templates", root / "templates")
    config = root / "site.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("search = false", "search = true"), encoding="utf-8")
    cold, summary = build(root)
    made = summary.search
    articles = sum(made.pages.values())
    # One edited story, published the short way, with search and then without.
    story = sorted((root / "content" / "articles").rglob("*.en.md"))[n // 2]
    timings = {}
    for enabled in (True, False):
        config.write_text(config.read_text(encoding="utf-8").replace(f"search = {str(not enabled).lower()}", f"search = {str(enabled).lower()}"), encoding="utf-8")
        build(root)  # settles the configuration change
        story.write_text(story.read_text(encoding="utf-8") + f"\nOne more sentence {enabled}.\n", encoding="utf-8")
        timings[f"edit_with_search_{'on' if enabled else 'off'}_s"], _ = build(root)
    return {
        "articles_indexed": articles,
        "cold_build_s": cold,
        "index_s": made.seconds,
        "index_mb": made.bytes / 1e6,
        "index_files": made.files,
        "index_s_per_1000": made.seconds / articles * 1000,
        "index_mb_per_1000": made.bytes / 1e6 / articles * 1000,
        **timings,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="stories of the search corpus (each in English and German)")
    parser.add_argument("--photos", type=int, default=12, help="photos to encode")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="newsgen-features-") as work:
        results = {"photo_encoding": measure_photos(args.photos), "photo_change": measure_photo_change(Path(work)), "search": measure_search(Path(work), args.n)}
    for part, values in results.items():
        print(part)
        for key, value in values.items():
            print(f"  {key}: {value:.3f}" if isinstance(value, float) else f"  {key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
