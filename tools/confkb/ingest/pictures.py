"""A speaker's picture from the sources, made into a small thumbnail safely: bounded in bytes read, in pixels
decoded and in bytes written; anything else is a reason, never an exception."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_FILE_BYTES = 4 * 1024 * 1024  # the sources' pictures are tens of KB; an organiser's original up to ~2 MB
MAX_PIXELS = 25_000_000  # checked from the header, before any pixel is decoded (a PNG can claim 100k x 100k)
FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
SIZE = 128  # pixels, square: shown at 48-64 CSS px, sharp on a phone's 2x screen
MAX_THUMB_BYTES = 16 * 1024
QUALITIES = (82, 70, 55)  # a busier picture is encoded again, smaller, before it is given up
EXTENSION = "jpg"


def find(folder: Path, name: str) -> Path | None:
    """The file *name* (any case) in ``images/`` of the event *folder*, or None; never a path out of it."""
    if not name or "/" in name or "\\" in name or name.startswith("."):
        return None
    images = folder / "images"
    if not images.is_dir():
        return None
    root = images.resolve()
    for p in sorted(images.iterdir()):
        if p.name.lower() == name.lower() and p.is_file() and p.resolve().parent == root:
            return p
    return None


def read_capped(path: Path) -> bytes | str:
    """The file's bytes, or why not: its size is checked before it is read, and never more is read."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return f"is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB"
        with path.open("rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    return data if len(data) <= MAX_FILE_BYTES else f"is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB"


def thumbnail(data: bytes) -> bytes | str:
    """A SIZE x SIZE JPEG of the picture in *data* (cropped to a square around its upper middle, where a face
    usually is), without metadata, the same bytes for the same input; or why there is none."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=FORMATS) as im:
                width, height = im.size
                if width * height > MAX_PIXELS:  # the header's claim, before decoding
                    return f"claims {width} x {height} pixels (more than {MAX_PIXELS:,}): not decoded"
                im.load()
                im = ImageOps.exif_transpose(im)
                fitted = ImageOps.fit(im.convert("RGBA"), (SIZE, SIZE), Image.Resampling.LANCZOS,
                                      centering=(0.5, 0.35))
    except UnidentifiedImageError:
        return f"is not a picture this site reads ({', '.join(FORMATS)})"
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return f"claims more than {MAX_PIXELS:,} pixels: not decoded"
    except (OSError, ValueError, SyntaxError, EOFError) as exc:  # truncated or corrupt data
        return f"cannot be decoded ({exc})"
    # a fresh image: nothing of the source's metadata (EXIF, colour profile, comments) is carried over
    flat = Image.new("RGB", (SIZE, SIZE), "white")
    flat.paste(fitted, mask=fitted.getchannel("A"))
    for quality in QUALITIES:
        out = io.BytesIO()
        flat.save(out, "JPEG", quality=quality, optimize=True, progressive=False, subsampling="4:2:0")
        if len(out.getvalue()) <= MAX_THUMB_BYTES:
            return out.getvalue()
    return f"makes no thumbnail under {MAX_THUMB_BYTES // 1024} KB"
