"""Photo variants: sizes and formats a browser can choose from, nothing private kept, bad files refused."""

import io
import time

import pytest
from PIL import Image

from generator.core.errors import Report
from generator.site import photos
from generator.site.photos import PhotoError, PhotoLibrary, content_hash, encode_photo


def picture(size=(2000, 1333), kind="JPEG", mode="RGB", **save) -> bytes:
    image = Image.new(mode, size, (200, 120, 40) if mode == "RGB" else None)
    buffer = io.BytesIO()
    image.save(buffer, kind, **save)
    return buffer.getvalue()


def variants(data: bytes):
    return encode_photo("content/raw/x.jpg", content_hash(data), data)


def test_a_large_jpeg_gets_three_widths_in_webp_and_jpeg_with_proportional_heights():
    made = variants(picture())
    assert [(v.mime, v.width, v.height) for v, _ in made] == [
        ("image/webp", 480, 320), ("image/webp", 960, 640), ("image/webp", 1600, 1066),
        ("image/jpeg", 480, 320), ("image/jpeg", 960, 640), ("image/jpeg", 1600, 1066),
    ]
    for variant, payload in made:
        with Image.open(io.BytesIO(payload)) as opened:
            assert opened.size == (variant.width, variant.height)
            assert opened.format == ("WEBP" if variant.mime == "image/webp" else "JPEG")
        assert variant.name.startswith(content_hash(picture()) + "-")


def test_a_small_picture_is_never_enlarged_and_png_stays_png():
    made = variants(picture((300, 200), "PNG"))
    assert [(v.mime, v.width) for v, _ in made] == [("image/webp", 300), ("image/png", 300)]


def test_a_webp_original_gets_a_jpeg_for_browsers_without_webp():
    assert {v.mime for v, _ in variants(picture((600, 400), "WEBP"))} == {"image/webp", "image/jpeg"}


def test_camera_data_is_dropped_and_its_orientation_applied():
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated 90° clockwise
    exif[0x010F] = "Example Camera Maker"
    data = picture((800, 600), exif=exif.tobytes())
    made = variants(data)
    for variant, payload in made:
        with Image.open(io.BytesIO(payload)) as opened:
            assert opened.height > opened.width  # turned upright
            assert not opened.getexif()
        assert b"Example Camera Maker" not in payload


@pytest.mark.parametrize("data, message", [
    (picture()[:4000], "broken picture"),
    (b"<html>not a picture</html>", "not a picture"),
    (picture((200, 200), "GIF", mode="P"), "GIF pictures are not published"),
])
def test_files_that_are_no_publishable_picture_are_refused_with_the_reason(data, message):
    with pytest.raises(PhotoError, match=message):
        variants(data)


def test_a_picture_with_huge_dimensions_is_refused_before_it_is_decoded():
    data = picture((9000, 9000), "PNG", mode="1")  # 81 million pixels in a few kilobytes
    started = time.perf_counter()
    with pytest.raises(PhotoError, match="pixels"):
        variants(data)
    assert time.perf_counter() - started < 2


def test_the_library_encodes_a_picture_once_and_again_only_when_it_changes(tmp_path, monkeypatch):
    (tmp_path / "content").mkdir()
    source = tmp_path / "content" / "a.jpg"
    source.write_bytes(picture((1000, 700)))
    calls = []
    real = photos.encode_photo
    monkeypatch.setattr(photos, "encode_photo", lambda *args: calls.append(args[0]) or real(*args))
    first = PhotoLibrary(tmp_path, tmp_path / ".cache").prepare(["content/a.jpg"], Report())
    again = PhotoLibrary(tmp_path, tmp_path / ".cache").prepare(["content/a.jpg"], Report())
    assert calls == ["content/a.jpg"] and first == again
    source.write_bytes(picture((1000, 700), quality=40))
    changed = PhotoLibrary(tmp_path, tmp_path / ".cache").prepare(["content/a.jpg"], Report())
    assert calls == ["content/a.jpg"] * 2
    assert changed["content/a.jpg"].hash != first["content/a.jpg"].hash


def test_a_bad_or_missing_picture_is_a_warning_naming_the_file_and_the_others_are_made(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "good.png").write_bytes(picture((500, 300), "PNG"))
    (tmp_path / "content" / "cut.jpg").write_bytes(picture()[:3000])
    report = Report()
    made = PhotoLibrary(tmp_path, tmp_path / ".cache").prepare(["content/good.png", "content/cut.jpg", "content/gone.jpg"], report)
    assert list(made) == ["content/good.png"]
    assert report.ok
    warned = {w.file: w.message for w in report.warnings}
    assert "broken picture" in warned["content/cut.jpg"] and "cannot read it" in warned["content/gone.jpg"]
