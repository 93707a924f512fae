"""Photos: an article's picture file becomes resized variants under content-hashed names.

A picture is encoded once per content. Its variants (``WIDTHS`` wide, never
wider than the original; WebP, and JPEG or PNG for browsers without WebP) are
made with Pillow into ``.newsgen-cache/photos/<hash>/`` and copied into the
site from there as ``/media/<hash>-<width>.<ext>``, so no build encodes an
unchanged photo again and a changed one gets new addresses (caches never
serve a stale picture). EXIF data (camera, GPS) is dropped; the orientation
it gives is applied first.

A file that is not a picture, is truncated, is missing or is too large to
decode safely is a warning naming it: the article is published without the
photo, and the rest of the site builds.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

from ..content.model import Article
from ..core.atomic import write_atomic
from ..core.errors import Report
from ..core.forks import map_in_forks
from .urls import MEDIA_DIR

#: Widths of the variants, in pixels; a smaller original is also kept at its own width.
WIDTHS = (480, 960, 1600)
#: Pictures above this many pixels are refused before decoding (a "decompression bomb").
MAX_PIXELS = 50_000_000
#: Changes to how variants are encoded change this, and with it every variant's name.
ENCODING_VERSION = 1
_FALLBACK = {"JPEG": ("JPEG", "jpg", "image/jpeg"), "WEBP": ("JPEG", "jpg", "image/jpeg"), "PNG": ("PNG", "png", "image/png")}
PHOTOS_DIR = "photos"
_INDEX = "files.json"


@dataclass(frozen=True)
class Variant:
    """One encoded size and format of a photo."""

    name: str  # file name under /media/: "<hash>-<width>.<ext>"
    width: int
    height: int
    mime: str


@dataclass(frozen=True)
class Photo:
    """A picture ready for the page: its variants, largest last within each format."""

    file: str
    hash: str
    variants: tuple[Variant, ...]

    @property
    def fallback(self) -> tuple[Variant, ...]:
        """The variants every browser reads (JPEG or PNG), smallest first."""
        return tuple(v for v in self.variants if v.mime != "image/webp")

    @property
    def webp(self) -> tuple[Variant, ...]:
        return tuple(v for v in self.variants if v.mime == "image/webp")

    @property
    def largest(self) -> Variant:
        return self.fallback[-1]

    @property
    def thumbnail(self) -> Variant:
        return self.fallback[0]


class PhotoError(ValueError):
    """A picture file that cannot be published."""


class PhotoLibrary:
    """Photos by source file (project-relative), encoded on first need and kept in the cache.

    The index remembers each file's size and time with its content hash, so a
    build reads a photo's bytes only when the file changed.
    """

    def __init__(self, root: Path, cache_dir: Path):
        self.root = root
        self.folder = cache_dir / PHOTOS_DIR
        self._index: dict[str, list] | None = None
        self._found: dict[str, Photo | None] = {}
        self._dirty = False

    def prepare(self, files: Iterable[str], report: Report, jobs: int = 1) -> dict[str, Photo]:
        """Every named photo, encoding those not in the cache on ``jobs`` processes; problems go to ``report`` as warnings."""
        wanted = sorted(set(files))
        sources: dict[str, tuple[str, bytes | None]] = {}
        for file in wanted:
            try:
                digest, data = self._content_hash(file)
            except OSError as exc:
                report.warn(f"photo not published: cannot read it ({exc.strerror or exc})", file)
                continue
            cached = self._load(digest)
            if cached is None:
                sources[file] = (digest, data if data is not None else (self.root / file).read_bytes())
            else:
                self._found[file] = cached
        todo = list(sources.items())
        chunks = [todo[i : i + 4] for i in range(0, len(todo), 4)]
        for chunk_result in map_in_forks(_encode_chunk, str(self.folder), chunks, jobs):
            for file, outcome in chunk_result:
                if isinstance(outcome, Photo):
                    self._found[file] = outcome
                else:
                    report.warn(f"photo not published: {outcome}", file)
        self._save_index()
        return {file: photo for file in wanted if (photo := self._found.get(file)) is not None}

    def stamps(self, files: Iterable[str]) -> dict[str, tuple[int, int]]:
        """(size, mtime_ns) of picture files as the index last saw them: a later build compares them
        with the disk, since picture files are not among the inputs it scans."""
        index = self._read_index()
        return {file: (index[file][0], index[file][1]) for file in files if file in index}

    def get(self, file: str) -> Photo | None:
        """A photo already encoded (a short build never encodes): None when it is not in the cache."""
        if file not in self._found:
            try:
                digest, _ = self._content_hash(file)
            except OSError:
                return None
            self._found[file] = self._load(digest)
        return self._found[file]


    # ---------------------------------------------------------------- cache

    def _content_hash(self, file: str) -> tuple[str, bytes | None]:
        """The file's content hash, from the index while its size and time are unchanged."""
        path = self.root / file
        info = os.stat(path)
        index = self._read_index()
        known = index.get(file)
        if known and known[0] == info.st_size and known[1] == info.st_mtime_ns:
            return known[2], None
        data = path.read_bytes()
        digest = content_hash(data)
        index[file] = [info.st_size, info.st_mtime_ns, digest]
        self._dirty = True
        return digest, data

    def _read_index(self) -> dict[str, list]:
        if self._index is None:
            try:
                self._index = json.loads((self.folder / _INDEX).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self._index = {}
        return self._index

    def _save_index(self) -> None:
        if self._dirty and self._index is not None:
            try:
                write_atomic(self.folder / _INDEX, json.dumps(self._index, sort_keys=True))
            except OSError:
                pass  # only a cache: the next build hashes the files again
            self._dirty = False

    def _load(self, digest: str) -> Photo | None:
        try:
            data = json.loads((self.folder / digest / "photo.json").read_text(encoding="utf-8"))
            variants = tuple(Variant(**v) for v in data["variants"])
            if all((self.folder / digest / v.name).is_file() for v in variants):
                return Photo(data["file"], digest, variants)
        except (OSError, ValueError, KeyError, TypeError):
            pass
        return None


class EncodedPhotos(Mapping[str, Photo]):
    """The photos a library has already encoded, looked up as pages ask (a short build never encodes)."""

    def __init__(self, library: PhotoLibrary):
        self.library = library

    def __getitem__(self, file: str) -> Photo:
        photo = self.library.get(file)
        if photo is None:
            raise KeyError(file)
        return photo

    def __iter__(self):
        return iter(())  # not listed: only asked for by file

    def __len__(self) -> int:
        return 0


def variant_bytes(cache_dir: Path, name: str) -> bytes:
    """A variant's bytes, from the cache folder of its photo."""
    return (cache_dir / PHOTOS_DIR / name.split("-", 1)[0] / name).read_bytes()


def pictures_changed(root: Path, stamps: Mapping[str, tuple[int, int]]) -> bool:
    """Whether any picture file a build published changed or went since (one stat each)."""
    for file, (size, mtime_ns) in stamps.items():
        try:
            info = os.stat(root / file)
        except OSError:
            return True
        if (info.st_size, info.st_mtime_ns) != (size, mtime_ns):
            return True
    return False


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data + f"\0{ENCODING_VERSION}".encode()).hexdigest()[:16]


def photo_files(articles: Iterable[Article]) -> list[str]:
    return sorted({a.image.file for a in articles if a.image and a.image.file})


def _encode_chunk(folder: str, chunk: list[tuple[str, tuple[str, bytes]]]) -> list[tuple[str, Photo | str]]:
    results = []
    for file, (digest, data) in chunk:
        try:
            photo = encode_photo(file, digest, data)
        except PhotoError as exc:
            results.append((file, str(exc)))
            continue
        target = Path(folder) / digest
        for variant, payload in photo:
            write_atomic(target / variant.name, payload)
        record = Photo(file, digest, tuple(v for v, _ in photo))
        write_atomic(target / "photo.json", json.dumps({"file": file, "variants": [asdict(v) for v in record.variants]}))
        results.append((file, record))
    return results


def encode_photo(file: str, digest: str, data: bytes) -> list[tuple[Variant, bytes]]:
    """The variants of one picture (pure: bytes in, bytes out); PhotoError says why it cannot be one."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as opened:
            kind = opened.format
            if kind not in _FALLBACK:
                raise PhotoError(f"{kind or 'unknown'} pictures are not published; use JPEG, PNG or WebP")
            width, height = opened.size
            if width * height > MAX_PIXELS:
                raise PhotoError(f"{width} × {height} pixels is more than {MAX_PIXELS:,} (a picture that large is refused before decoding)")
            opened.load()
            picture = ImageOps.exif_transpose(opened)
    except PhotoError:
        raise
    except Image.DecompressionBombError:
        raise PhotoError(f"more than {MAX_PIXELS:,} pixels (a picture that large is refused before decoding)") from None
    except UnidentifiedImageError:
        raise PhotoError("not a picture Pillow can read (JPEG, PNG or WebP expected)") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise PhotoError(f"broken picture ({exc})") from None
    fallback_format, extension, mime = _FALLBACK[kind]
    width, height = picture.size
    widths = sorted({w for w in WIDTHS if w < width} | {min(width, WIDTHS[-1])})
    variants = []
    for target in widths:
        size = (target, max(1, round(height * target / width)))
        resized = picture if size == picture.size else picture.resize(size, Image.LANCZOS)
        for image_format, ext, kind_mime in (("WEBP", "webp", "image/webp"), (fallback_format, extension, mime)):
            buffer = io.BytesIO()
            _save(resized, buffer, image_format)
            variants.append((Variant(f"{digest}-{target}.{ext}", size[0], size[1], kind_mime), buffer.getvalue()))
    # WebP first, each format smallest first: the order <picture> lists them in.
    return sorted(variants, key=lambda item: (item[0].mime != "image/webp", item[0].width))


def _save(picture, buffer: io.BytesIO, image_format: str) -> None:
    if image_format == "JPEG":
        rgb = picture.convert("RGB") if picture.mode != "RGB" else picture
        rgb.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    elif image_format == "PNG":
        picture.save(buffer, "PNG", optimize=True)
    else:
        converted = picture if picture.mode in ("RGB", "RGBA") else picture.convert("RGBA" if "A" in picture.mode else "RGB")
        converted.save(buffer, "WEBP", quality=80, method=4)


def media_outputs(photos: Mapping[str, Photo]) -> dict[str, str]:
    """Site path -> variant name of every variant of every photo."""
    return {f"{MEDIA_DIR}/{v.name}": v.name for photo in photos.values() for v in photo.variants}
