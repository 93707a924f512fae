"""A small rendered site and a way to read a folder back, shared by the writer's tests."""

SITE = {
    "index.html": b"<p>root</p>",
    "en/index.html": b"<p>en</p>",
    "en/2024/11/storm/index.html": b"<p>storm</p>",
    "static/style.css": b"body{}",
}


def tree(root):
    """Every file under root (hidden ones included) -> bytes."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }
