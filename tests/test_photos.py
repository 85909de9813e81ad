"""Speakers' photos with real Pillow on real files: GOSIM's pictures become small thumbnails; a picture that is
not one, is cut short, claims billions of pixels or is too large gives one report line and the speaker's initials."""

from __future__ import annotations

import io
import json
import shutil
import struct
import zlib

import pytest
from PIL import Image

from tests.conftest import SOURCES
from tools.confkb.diagnostics import Code, Severity
from tools.confkb.ingest import pictures
from tools.confkb.model import Speaker
from tools.confkb.pipeline import load, pages
from tools.confkb.render.photos import avatar, avatar_html, initials
from tools.confkb.write import write_all

EVENT = "gosim-ai-paris-2025"
IMAGES = SOURCES / EVENT / "images"
PROGRAMME = f"sources/{EVENT}/Schedule.json"


def _line(name: str) -> int:
    """The line of Schedule.json that names the picture *name*."""
    text = (SOURCES / EVENT / "Schedule.json").read_text(encoding="utf-8")
    return text[:text.index(f'"image": "{name}"')].count("\n") + 1


def _bomb() -> bytes:
    """A valid little PNG whose header claims 100,000 x 100,000 pixels (10 billion): decoded, it would take 30 GB."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 301))
            + chunk(b"IEND", b""))


def test_a_real_gosim_picture_makes_a_small_square_jpeg_without_metadata_the_same_each_time():
    data = (IMAGES / "alexy-khrabrov.jpg").read_bytes()
    thumb = pictures.thumbnail(data)
    assert isinstance(thumb, bytes) and len(thumb) <= pictures.MAX_THUMB_BYTES
    assert pictures.thumbnail(data) == thumb  # same input, same bytes
    with Image.open(io.BytesIO(thumb)) as im:
        assert (im.format, im.size, im.mode) == ("JPEG", (128, 128), "RGB")
        assert "exif" not in im.info and "icc_profile" not in im.info and not im.getexif()
    for path in sorted(IMAGES.iterdir()):  # every picture of the sources, PNG and JPEG alike
        made = pictures.thumbnail(path.read_bytes())
        assert isinstance(made, bytes) and len(made) <= pictures.MAX_THUMB_BYTES, path.name


def test_gosim_has_34_photos_published_beside_the_speakers_pages(gosim):
    with_photo = {p.slug: p.photo for p in gosim.kb.speakers if p.photo}
    assert len(with_photo) == 34 and len(gosim.kb.speakers) == 65
    assert with_photo["alexy-khrabrov"] == "speakers/alexy-khrabrov.jpg"
    assert with_photo["jean-laurent-de-morlhon"] == "speakers/jean-laurent-de-morlhon.jpg"  # "jean-Laurent-...png"
    files = pages(gosim)
    assert sorted(k for k, v in files.items() if isinstance(v, bytes)) == sorted(with_photo.values())
    kb = json.loads(files["kb.json"])
    assert {p["slug"]: p["photo"] for p in kb["speakers"] if p["photo"]} == with_photo
    page = files["speakers/alexy-khrabrov.md"]
    assert '<img class="confkb-avatar confkb-avatar-96" src="alexy-khrabrov.jpg" alt="Alexy Khrabrov"' in page
    talk = files[f"{EVENT}/sessions/oaks-the-open-agentic-ai-knowledge-stack.md"]
    assert 'src="../../speakers/alexy-khrabrov.jpg" alt="Alexy Khrabrov"' in talk
    assert ">LA</span>" in files["speakers/luca-antiga.md"] and "<img" not in files["speakers/luca-antiga.md"]


def test_a_picture_the_programme_names_but_the_sources_lack_is_reported_once(gosim):
    lines = [d for d in gosim.report.sorted() if d.code is Code.PICTURE]
    assert len(lines) == 31 and all(d.severity is Severity.DROPPED and d.file == PROGRAMME for d in lines)
    luca = next(d for d in lines if "Luca Antiga" in d.message)
    assert luca.line == _line("luca-antiga.jpeg") and "luca-antiga.jpeg" in luca.message


@pytest.fixture(scope="module")
def spoiled(tmp_path_factory):
    """GOSIM's sources with four bad pictures under names the programme gives, and a placeholder."""
    sources = tmp_path_factory.mktemp("pictures") / "sources"
    shutil.copytree(SOURCES, sources)
    images = sources / EVENT / "images"
    (images / "luca-antiga.jpeg").write_text("not a picture, only words\n", encoding="utf-8")
    real = (IMAGES / "alexy-khrabrov.jpg").read_bytes()
    (images / "catherine-arnett.jpg").write_bytes(real[: len(real) // 2])  # cut short
    (images / "remi-louf.png").write_bytes(_bomb())
    (images / "pablo-montalvo.jpeg").write_bytes(real + b"\0" * pictures.MAX_FILE_BYTES)  # too large to read
    schedule = sources / EVENT / "Schedule.json"
    schedule.write_text(schedule.read_text(encoding="utf-8").replace('"garrett-goon.jpeg"', '"generic-profile.png"'),
                        encoding="utf-8")
    shutil.copyfile(IMAGES / "jason-li.png", images / "generic-profile.png")  # a real picture, but not his
    return sources, load(sources)


@pytest.mark.parametrize(("name", "speaker", "why"), [
    ("luca-antiga.jpeg", "luca-antiga", "is not a picture this site reads"),
    ("catherine-arnett.jpg", "catherine-arnett", "cannot be decoded (image file is truncated"),
    ("remi-louf.png", "remi-louf", "claims more than 25,000,000 pixels: not decoded"),
    ("pablo-montalvo.jpeg", "pablo-montalvo", "is larger than 4 MB"),
])
def test_a_bad_picture_gives_one_report_line_at_the_programme_and_initials(spoiled, name, speaker, why):
    _, result = spoiled
    mine = [d for d in result.report.sorted() if d.code is Code.PICTURE and name in d.message]
    assert len(mine) == 1, mine
    assert (mine[0].file, mine[0].line, mine[0].severity) == (PROGRAMME, _line(name), Severity.WARNING)
    assert why in mine[0].message and f"images/{name}" in mine[0].message and "initials shown" in mine[0].message
    person = next(p for p in result.kb.speakers if p.slug == speaker)
    assert person.photo == ""
    page = pages(result)[f"speakers/{speaker}.md"]
    assert "<img" not in page and f">{initials(person.name)}</span>" in page


def test_a_placeholder_picture_is_never_shown_as_someones_photo(spoiled):
    _, result = spoiled
    garrett = next(p for p in result.kb.speakers if p.slug == "garrett-goon")
    assert garrett.photo == ""
    said = [d for d in result.report.sorted() if d.code is Code.PICTURE and "generic-profile.png" in d.message]
    assert len(said) == 1 and "not their" in said[0].message
    assert sum(1 for p in result.kb.speakers if p.photo) == 34  # everyone else's picture is still used


def test_thumbnails_are_the_same_bytes_each_build_and_written_only_when_they_change(tmp_path):
    out = tmp_path / "out"
    files = pages(load(SOURCES))
    assert write_all(files, out)[0] == len(files)
    photo = out / "speakers" / "alexy-khrabrov.jpg"
    assert photo.read_bytes() == files["speakers/alexy-khrabrov.jpg"]
    files_again = pages(load(SOURCES))
    assert files_again == files
    stamp = photo.stat().st_mtime_ns
    assert write_all(files_again, out)[0] == 0 and photo.stat().st_mtime_ns == stamp


def test_the_avatar_escapes_a_hostile_name_and_links_the_photo_relative_to_the_page():
    name = 'Eve <script>alert("x")</script> {`ticks`}'
    with_photo = Speaker("eve", name, photo="speakers/eve.jpg")
    html = avatar_html(with_photo, f"{EVENT}/sessions/talk")
    assert 'src="../../speakers/eve.jpg"' in html and "<script>" not in html and '"x"' not in html
    assert 'alt="Eve &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; {`ticks`}"' in html
    assert avatar_html(with_photo, "speakers/eve").startswith('<img class="confkb-avatar confkb-avatar-48" src="eve.jpg"')
    plain = avatar(Speaker("eve", "<b>é</b>\n```{eval-rst}"), "speakers/eve")
    assert plain.startswith(":::{raw} html\n") and plain.endswith("\n:::") and plain.count(":::") == 2  # one block
    assert "<b>" not in plain and "eval-rst" not in plain
    assert initials("Jean-Laurent de Morlhon") == "JM" and initials("Chloé Exemple") == "CE"
    assert initials("Madonna") == "M" and initials("  ") == "?"
