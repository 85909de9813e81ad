"""The whole GOSIM site, built by a real Sphinx with warnings as errors."""

from __future__ import annotations

import json
import re

import pytest

from .pagescan import scan

pytestmark = pytest.mark.slow

EVENT = "gosim-ai-paris-2025"


def _page(site, rel):
    html = (site / rel).read_text(encoding="utf-8")
    p = scan(html)
    return html, " ".join(" ".join(p.text).split()), p.links


def _items(html):
    """The text of each list item of a page, its markup taken out."""
    return [" ".join(re.sub(r"<[^>]+>", "", li).split()) for li in re.findall(r"<li>(.*?)</li>", html, re.S)]


def test_pages_exist_at_stable_urls(site, gosim):
    for rel in ["index.html", f"{EVENT}/index.html", f"{EVENT}/schedule.html", f"{EVENT}/data-quality.html",
                "speakers/index.html", "kb.json", "genindex.html", "search.html"]:
        assert (site / rel).is_file(), rel
    for s in gosim.kb.sessions:
        assert (site / EVENT / "sessions" / f"{s.slug}.html").is_file()
    for p in gosim.kb.speakers:
        assert (site / "speakers" / f"{p.slug}.html").is_file()
    for t in gosim.kb.events[0].tracks:
        assert (site / EVENT / "tracks" / f"{t.slug}.html").is_file()


def test_session_page_links_both_ways(site):
    _, text, links = _page(site, f"{EVENT}/sessions/open-r1-a-fully-open-reproduction-of-deepseek-r1.html")
    assert "Open-R1: A Fully Open Reproduction of DeepSeek-R1" in text
    assert "Guilherme Penedo" in text and "Machine Learning Research Engineer, Hugging Face" in text
    assert "../../speakers/guilherme-penedo.html" in links
    assert "../tracks/ai-model.html" in links
    assert "Tuesday 6 May 2025" in text and "10:30–11:10" in text
    assert "FineWeb" in text or "reasoning data curation" in text
    assert "Pause for applause" not in text and "[With upbeat energy]" not in text
    _, text, links = _page(site, "speakers/guilherme-penedo.html")
    assert f"../{EVENT}/sessions/open-r1-a-fully-open-reproduction-of-deepseek-r1.html" in links
    assert "https://github.com/guipenedo" in links
    assert "Career Path" in text and "Técnico Lisboa" in text


def test_vllm_session_has_both_speakers(site):
    _, text, _ = _page(site, f"{EVENT}/sessions/scaling-llm-inference-with-vllm-multi-accelerator-serving-and"
                                 "-quantized-llms.html")
    assert "Eldar Kurtić" in text and "Erwan Gallen" in text


def test_no_markup_leaks_into_html(site):
    for path in site.rglob("*.html"):
        # the data-quality report quotes what was dropped ("**Host:**") on purpose
        if path.name in ("genindex.html", "search.html", "data-quality.html"):
            continue
        _, text, _ = _page(site, path.relative_to(site))
        for leak in ("{ref}", ":::", "```", "{doc}", "**", "](/"):
            assert leak not in text, (path, leak, text[max(0, text.find(leak) - 80): text.find(leak) + 80])


def test_speaker_index_is_sorted_by_family_name(site):
    _, text, _ = _page(site, "speakers/index.html")
    names = re.findall(r"(Guilherme Penedo|Matt White|Alexy Khrabrov|Luca Antiga)", text)
    assert names.index("Luca Antiga") < names.index("Alexy Khrabrov") < names.index("Guilherme Penedo")


def test_data_quality_page_lists_file_and_line(site):
    html, text, _ = _page(site, f"{EVENT}/data-quality.html")
    assert "000_6583a21375dc1bcb.txt" in text
    assert "mojibake" in text and "stage_direction" in text and "missing_image" in text
    # one list item per problem, its line first: a phone wraps it, and a large event's report stays cheap to build
    items = _items(html)
    assert "line 6 · dropped · stage_direction: dropped speaker label '**Host:**'" in items
    assert "<table" not in html
    # above the documents, how many of each code: what a long report holds, the warnings' codes first
    dropped = [it for it in items if it.startswith("line") and " · dropped · stage_direction: " in it]
    summary = [it for it in items if it.startswith("stage_direction: ")]
    assert summary and summary[0].startswith(f"stage_direction: {len(dropped)} dropped · "), summary
    codes = [it.split(":", 1)[0] for it in items if re.match(r"^[a-z_]+: \d+ ", it)]
    assert codes.index("image_not_image") < codes.index("generator_footer") < codes.index("whitespace")


def test_a_talk_links_its_documents_part_of_the_report(site):
    """"Repairs and doubts" lands on the talk's own document in the report, not at the top of 64 documents."""
    html, _, _ = _page(site, f"{EVENT}/sessions/open-r1-a-fully-open-reproduction-of-deepseek-r1.html")
    target = re.search(r'href="\.\./data-quality\.html#(report-[0-9a-f]+)"><span[^>]*>data quality report<', html)
    assert target, "no link to the document's part of the report"
    report, _, _ = _page(site, f"{EVENT}/data-quality.html")
    part = report[report.index(f'<section id="{target[1]}">'):]
    assert re.match(r'<section id="report-[0-9a-f]+">\s*(<span id="[^"]*"></span>)*<h3>000_6583a21375dc1bcb\.txt',
                    part), part[:300]


def test_the_report_quotes_source_text_as_written(site):
    """Smart quotes would curl the quotes around a value into characters the source does not have; pages
    that show a document's prose keep them."""
    html, _, _ = _page(site, f"{EVENT}/data-quality.html")
    items = _items(html)
    assert "line 9 · fixed · mojibake: repaired mojibake: 'Weâ€™re' -&gt; 'We’re' (+2 more)" in items
    # no quote curled by the build; a repair's broken text may hold one (cp1252's ‘ in 'ğŸ§‘'): it is the source's
    html = re.sub(r"(?:repaired mojibake|from heading): .*? -&gt;", "", html)
    assert "‘" not in html and "“" not in html
    _, text, _ = _page(site, "speakers/chao-jia.html")  # the source writes "efficient, ..." with straight quotes
    assert "“efficient, small-scale models can deliver big results”" in text


def test_kb_json_is_published_as_is(site):
    data = json.loads((site / "kb.json").read_text(encoding="utf-8"))
    assert len(data["sessions"]) == 77 and len(data["speakers"]) == 65  # one per slot of the official programme
    assert data["events"][0]["slug"] == EVENT


def test_general_index_has_speakers_organisations_tracks(site):
    _, text, _ = _page(site, "genindex.html")
    for term in ("Guilherme Penedo", "Hugging Face", "AI Model"):
        assert term in text


def test_nothing_withheld_is_published_anywhere_but_the_report(site, gosim):
    """Every URL and template slot a rule withheld is on no page, in no calendar, JSON-LD or kb.json record."""
    from tools.confkb.diagnostics import Code

    withheld = [d for d in gosim.report.items if d.code is Code.WITHHELD]
    # a URL withheld for its label ("Watch" on a repository) may be published under an honest one ("GitHub")
    urls = {m.group(1) for d in withheld if " promises " not in d.message
            for m in re.finditer(r"url = \"([^\"]+)\"", d.message)}
    assert "https://www.youtube.com/watch?v=123456" in urls and len(urls) >= 15
    slots = ["[morning/afternoon", "2023: Hugging Face Keynote"]
    kb = json.loads((site / "kb.json").read_text(encoding="utf-8"))
    public = json.dumps({k: v for k, v in kb.items() if k != "diagnostics"}, ensure_ascii=False)
    for path in [*site.rglob("*.html"), *site.rglob("*.ics")]:
        if "data-quality" in path.name or path.parent.name == "guide" or path.name in ("search.html", "genindex.html"):
            continue
        text = path.read_text(encoding="utf-8")
        flat = re.sub(r"<[^>]+>", "", text)
        for url in urls:
            assert url not in text, (path, url)
        for slot in slots:
            assert slot not in flat, (path, slot)
    for url in urls:
        assert url not in public, url
    report = (site / EVENT / "data-quality.html").read_text(encoding="utf-8")
    assert "watch?v=123456" in report and "to publish it anyway" in report


def test_one_keynote_a_day_and_counts_that_say_talks(site):
    ics = (site / EVENT / "calendar.ics").read_text(encoding="utf-8")
    assert ics.count("SUMMARY:Keynote\n") == 2  # not one per track
    _, text, _ = _page(site, "index.html")
    assert "64 talks, 7 plenaries, 6 breaks" in text
    _, text, _ = _page(site, f"{EVENT}/sessions/keynote-2025-05-07.html")
    assert "All tracks:" in text and "At the same time" not in text


def test_former_addresses_lead_to_the_pages_now(site):
    for before, now in [("speakers/pedro-ortis.html", "pedro-ortiz-suarez.html"),
                        (f"{EVENT}/sessions/keynote-2025-05-06-ai-model.html", "keynote-2025-05-06.html")]:
        html = (site / before).read_text(encoding="utf-8")
        assert f'content="0; url={now}"' in html
        assert (site / before).parent.joinpath(now).is_file()
