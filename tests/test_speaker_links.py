"""A speaker page's link buttons: one per URL, whatever form each source writes it in, labelled with what the
sources say of it (real pipeline runs; the generated speaker pages read as a user reads their buttons)."""

from __future__ import annotations

import re

from tools.confkb.ingest.values import link_key
from tools.confkb.pipeline import load, pages

from .conftest import DATA

BUTTON = re.compile(r"^:::\{button-link\} (\S+)\n:color: primary\n:outline:\n:class: confkb-link\n\n(.*?)\n:::$",
                    re.M | re.S)
DOCUMENT = DATA / "guilherme-penedo_Open-R1_A_Fully_Open_Reproduction_of_DeepSeek-R1_en.md"


def buttons(page: str) -> list[tuple[str, str]]:
    """(url, label as shown) of each link button of a generated speaker page, Markdown escapes undone."""
    return [(url, re.sub(r"\\(.)", r"\1", label)) for url, label in BUTTON.findall(page)]


def test_one_button_per_url_with_the_labels_merged(tmp_path):
    # the document's profiles, then the same ones again as other documents write them
    text = DOCUMENT.read_text(encoding="utf-8").replace(
        "- **Hugging Face**: [Profile](https://huggingface.co/guipenedo)  \n",
        "- **Hugging Face**: [Profile](https://huggingface.co/guipenedo)  \n"
        "- **GitHub**: [GitHub](http://www.github.com/guipenedo/)  \n"  # words the first label has: nothing new
        "- [Recording](https://www.youtube.com/watch?v=iQmXF5gxaWY)  \n"
        "- [Watch](http://youtube.com/watch?v=iQmXF5gxaWY)  \n"  # same video, other words: both kept
        "- **X**: [Gui on X](https://x.com/Gui_Penedo/)  \n")  # twitter.com and x.com are one profile
    assert "Gui on X" in text
    folder = tmp_path / "sources" / "gosim-ai-paris-2025"
    folder.mkdir(parents=True)
    (folder / DOCUMENT.name).write_text(text, encoding="utf-8")
    (folder / "mofa.png").write_bytes(b"")
    page = pages(load(tmp_path / "sources"))["speakers/guilherme-penedo.md"]
    assert buttons(page) == [
        ("https://twitter.com/gui_penedo", "Twitter: @gui_penedo · X: Gui on X"),
        ("https://github.com/guipenedo", "GitHub: guipenedo"),
        ("https://fr.linkedin.com/in/guilhermepenedo", "LinkedIn: Profile"),
        ("https://huggingface.co/guipenedo", "Hugging Face: Profile"),
        ("https://www.youtube.com/watch?v=iQmXF5gxaWY", "Recording · Watch"),
    ]


def test_gosim_speaker_pages_have_one_button_per_url(gosim):
    files = pages(gosim)
    for p in gosim.kb.speakers:
        found = buttons(files[f"speakers/{p.slug}.md"])
        assert len({link_key(url) for url, _ in found}) == len(found), p.slug
    # the document's "Company: Pollen Robotics" and the programme's socialLinks "website": one button, both words
    assert ("https://www.pollen-robotics.com/", "Company: Pollen Robotics · Website") in \
        buttons(files["speakers/anne-charlotte-passanisi.md"])

