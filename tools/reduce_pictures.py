"""Copy the speaker pictures an event's ``Schedule.json`` names into ``sources/<event>/images/``, reduced once.

The organisers' originals are photographs of up to 1.7 MB; the repository keeps each at most 400 px on its
longest side (JPEG stays JPEG, PNG stays PNG, reduced to a palette), without metadata, so the sources stay
small and the build's thumbnails start from the same pixels. Only the names the programme gives a speaker are
copied (matched case-insensitively), never a placeholder such as ``generic-profile.png``.

    python -m tools.reduce_pictures ORIGINALS sources/gosim-ai-paris-2025
"""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

from PIL import Image, ImageOps

LONGEST = 400


def named(schedule: Path) -> set[str]:
    """The picture names ``speakers[].image`` of every slot of *schedule*, in lower case."""
    data = json.loads(schedule.read_text(encoding="utf-8-sig"))["sessions"]
    return {str(sp.get("image") or "").strip().lower() for items in data.values() for item in items
            for sp in item.get("speakers") or () if sp.get("image")}


def reduce(data: bytes, fmt: str) -> bytes:
    """*data* at most LONGEST px on its longest side, in *fmt* (JPEG or PNG), without metadata."""
    with Image.open(io.BytesIO(data)) as im:
        im = ImageOps.exif_transpose(im)
        im.thumbnail((LONGEST, LONGEST), Image.Resampling.LANCZOS)
        rgba = im.convert("RGBA")
    flat = Image.new("RGB", rgba.size, "white")  # a transparent corner becomes white, as on the page
    flat.paste(rgba, mask=rgba.getchannel("A"))
    out = io.BytesIO()
    if fmt == "JPEG":
        flat.save(out, "JPEG", quality=85, optimize=True)
    else:
        flat.quantize(256, method=Image.Quantize.MEDIANCUT).save(out, "PNG", optimize=True)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("originals", type=Path, help="folder of the organiser's full-size pictures")
    parser.add_argument("event", type=Path, help="the event's sources folder (holds Schedule.json)")
    args = parser.parse_args()
    wanted = named(args.event / "Schedule.json")
    target = args.event / "images"
    target.mkdir(exist_ok=True)
    for src in sorted(args.originals.iterdir()):
        if src.name.lower() not in wanted:
            continue
        fmt = "PNG" if src.suffix.lower() == ".png" else "JPEG"
        small = reduce(src.read_bytes(), fmt)
        (target / src.name).write_bytes(small)
        print(f"{src.name}: {src.stat().st_size} -> {len(small)} bytes")


if __name__ == "__main__":
    main()
