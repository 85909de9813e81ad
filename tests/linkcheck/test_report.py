"""The verdict report, the console summary, and the escaping of the Links page."""

from __future__ import annotations

import datetime as dt

from markdown_it import MarkdownIt

from tools.confkb.linkcheck.report import (
    autolink,
    build_report,
    console_summary,
    escape_text,
    render_links_page,
)
from tools.confkb.linkcheck.verdict import LinkResult, Location
from tools.confkb.linkcheck.verdict import Verdict as V

NASTY = [
    'https://e.org/a)](javascript:alert(1))',
    'https://e.org/<script>alert(1)</script>',
    'https://e.org/x y\n# heading',
    'https://e.org/`code`*em*_u_[l](m){role}`x`$math$|pipe|',
    'javascript:alert(1)',
    'https://e.org/ünï',
]


def _results():
    loc = Location('talks/a', 'talks/a.md', 3)
    out = [LinkResult(u, V.BROKEN, status=404, info='HTTP 404 <b>*x*</b>', locations=[loc])
           for u in NASTY]
    out.append(LinkResult('https://e.org/ok', V.OK, locations=[loc, Location('b', 'b.md', 9)]))
    out.append(LinkResult('https://e.org/r', V.REDIRECTED, target='https://e.org/<t>',
                          redirect_code=301, locations=[loc]))
    return out


def _report():
    return build_report(_results(), duration=1.5, now=dt.datetime(2026, 1, 2, tzinfo=dt.UTC))


def test_report_shape():
    report = _report()
    assert report['total'] == 8 and report['summary'] == {'broken': 6, 'redirected': 1, 'ok': 1}
    assert report['generated_at'] == '2026-01-02T00:00:00Z'
    first = report['links'][0]
    assert first['verdict'] == 'broken' and first['locations'][0]['line'] == 3
    ok = next(link for link in report['links'] if link['verdict'] == 'ok')
    assert len(ok['locations']) == 2


def test_console_summary_lists_problems_with_locations():
    lines = console_summary(_report())
    assert lines[0].startswith('linkcheck: 8 URLs') and '6 broken' in lines[0]
    assert any('talks/a.md:3' in line and 'broken' in line for line in lines[1:])
    assert not any('https://e.org/ok' in line for line in lines)


def _inline_tokens(md: str):
    parser = MarkdownIt('commonmark').enable('table')
    for block in parser.parse(md):
        assert block.type not in ('html_block', 'code_block', 'fence'), block
        yield block
        yield from block.children or []


def test_links_page_cannot_be_hijacked_by_urls():
    md = render_links_page(_report())
    tokens = list(_inline_tokens(md))
    assert not [t for t in tokens if t.type == 'html_inline']
    hrefs = [t.attrGet('href') for t in tokens if t.type == 'link_open']
    assert all(h.startswith('https://e.org/') for h in hrefs)
    assert len(hrefs) == 8  # 5 http(s) nasties + ok + redirect + its target; no more
    headings = [t for t in tokens if t.type == 'heading_open']
    assert [h.tag for h in headings] == ['h1', 'h2', 'h2', 'h2']  # no injected heading
    assert 'javascript\\:alert\\(1\\)' in md  # shown as text


def test_escape_and_autolink():
    assert escape_text('a*b_c[d]') == 'a\\*b\\_c\\[d\\]'
    assert escape_text('line\nbreak') == 'line break'
    assert autolink('https://e.org/a b<c>') == '<https://e.org/a%20b%3Cc%3E>'
    assert autolink('ftp://e.org/x') == '<ftp://e.org/x>'
    assert autolink('data:text/html,x') == 'data\\:text\\/html\\,x'


def test_links_page_without_report():
    md = render_links_page(None)
    assert md.startswith('# Links') and 'No link report' in md
