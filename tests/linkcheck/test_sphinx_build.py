"""A real Sphinx build of a tiny site with the linkcheck builder, then the Links page."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sphinx.cmd.build import build_main

SITE = Path(__file__).parent / 'site'
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def site(tmp_path, web, monkeypatch):
    src = tmp_path / 'site'
    shutil.copytree(SITE, src)
    monkeypatch.setenv('CONFKB_LINKCHECK_TEST_BASE', web.base)
    monkeypatch.setenv('CONFKB_REPO_ROOT', str(REPO))
    return src


def _verdicts(out: Path) -> dict[str, dict]:
    report = json.loads((out / 'verdicts.json').read_text())
    return {link['url']: link for link in report['links']}


@pytest.mark.slow
def test_linkcheck_build_then_links_page(site, tmp_path, web):
    out = tmp_path / 'out'
    rc = build_main(['-b', 'linkcheck', '-q', str(site), str(out)])
    assert rc == 1  # broken links exist
    v = _verdicts(out)
    expect = {
        'https://site.test/ok': 'ok',
        'https://site.test/missing': 'broken',
        'https://site.test/moved': 'redirected',
        'https://site.test/retry-always': 'transient',
        'https://site.test/img.png': 'ok',
        'https://site.test/blob/img.png': 'image-mismatch',
        'https://www.linkedin.com/in/jane-doe/': 'unverifiable',
        'https://x.com/janedoe': 'unverifiable',
        'https://www.youtube.com/watch?v=dQw4w9WgXcQ': 'ok',
        'https://www.youtube.com/watch?v=deadvideo00': 'broken',
        'https://github.com/org/repo#readme': 'ok',
        'https://huggingface.co/org/model': 'ok',
        'https://arxiv.org/abs/2401.01234': 'ok',
        'https://site.test/page#top': 'ok',
        'https://site.test/page#nope': 'broken',
        'mailto:jane@example.org': 'unchecked',
    }
    assert {u: v[u]['verdict'] for u in expect} == expect
    assert v['https://site.test/moved']['target'] == 'https://site.test/ok'
    # Every page that uses a URL, not just the first one.
    assert sorted(loc['path'] for loc in v['https://site.test/ok']['locations']) == [
        'index.md', 'other.md']
    assert v['https://site.test/img.png']['locations'][0]['kind'] == 'image'
    assert web.gets('/page') == 1  # two anchors, one download
    # Sphinx's own output.json is still written, one JSON line per URL.
    lines = [json.loads(x) for x in (out / 'output.json').read_text().splitlines()]
    by_uri = {x['uri']: x for x in lines}
    assert by_uri['https://site.test/missing']['status'] == 'broken'
    assert by_uri['https://site.test/retry-always']['status'] == 'ignored'
    assert by_uri['https://site.test/retry-always']['verdict'] == 'transient'
    assert by_uri['https://site.test/moved']['status'] == 'redirected'
    assert 'https://site.test/missing' in (out / 'output.txt').read_text()

    # Second run: successes come from the cache; only broken links fail the run.
    web.log.clear()
    ignore = 'https://site.test/missing,https://site.test/page#nope,https://www.youtube.com/.*dead'
    rc = build_main(['-b', 'linkcheck', '-q', '-D', f'linkcheck_ignore={ignore}',
                     str(site), str(out)])
    assert rc == 0  # transient, blocked, image-mismatch and redirects do not fail it
    v2 = _verdicts(out)
    assert v2['https://site.test/ok']['cached'] is True
    assert v2['https://site.test/missing']['verdict'] == 'ignored'
    assert ('GET', 'site.test', '/img.png') not in web.log  # cached image check

    # The Links page renders the committed report, with no network at all.
    (site / '_data').mkdir()
    shutil.copy(out / 'verdicts.json', site / '_data' / 'linkcheck-report.json')
    web.log.clear()
    html = tmp_path / 'html'
    rc = build_main(['-b', 'html', '-W', '-q', str(site), str(html)])
    assert rc == 0
    page = (html / 'links.html').read_text()
    assert 'https://site.test/blob/img.png' in page and 'Image URLs that do not answer' in page
    assert 'index.md line' in page
    assert web.log == []
