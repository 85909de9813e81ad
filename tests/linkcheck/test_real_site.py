"""`make linkcheck` on the real GOSIM site, with every host it references routed to a local web."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import SOURCES, copy_docs, sphinx_build

from . import siteweb

# Planted answers, on URLs the real site uses (a guard below fails if the sources change).
MISSING = 'https://github.com/moxin-org/mofa'  # on every session page: one 404, many places
MISSING_2 = 'https://dimforge.com'  # on a speaker page and on that speaker's session page
MOVED = 'https://huggingface.co/nouamanetazi'
MOVED_TO = 'https://huggingface.co/nouamane-tazi'
BUSY = 'https://paris2025.gosim.org/speakers/diego-rojas/'  # always 429
DEAD_VIDEO = '1zaBgCYU1vQ'
DEAD_VIDEO_URL = f'https://www.youtube.com/watch?v={DEAD_VIDEO}'
NO_NETWORK_RULE = ('linkedin', 'x')
FAST = ('-D', 'confkb_linkcheck_interval_scale=0', '-D', 'confkb_linkcheck_backoff=0.05',
        '-D', 'confkb_linkcheck_retry_after_cap=0.1', '-D', 'linkcheck_timeout=10',
        '-D', 'confkb_linkcheck_cache=')


def _host_path(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.hostname or '', parts.path or '/'


def _run(base: Path, web: siteweb.SiteWeb, *extra: str) -> dict:
    out = base / 'linkcheck'
    proc = sphinx_build(base / 'docs', out, SOURCES, '-D', f'confkb_linkcheck_resolve.*={web.base}',
                        *FAST, *extra, builder='linkcheck', quiet=False)
    report = json.loads((out / 'verdicts.json').read_text())
    return {'proc': proc, 'report': report, 'links': {x['url']: x for x in report['links']},
            'log': list(web.log), 'out': out,
            'output_json': [json.loads(x) for x in (out / 'output.json').read_text().splitlines()]}


@pytest.fixture(scope='module')
def runs(tmp_path_factory: pytest.TempPathFactory):
    """Run 1 with planted failures, run 2 with none; both offline, both on the real site."""
    base = tmp_path_factory.mktemp('real-linkcheck')
    copy_docs(base / 'docs')
    web, thread = siteweb.start()
    try:
        web.planted = {
            _host_path(MISSING): (404, {}),
            _host_path(MISSING_2): (404, {}),
            _host_path(MOVED): (301, {'Location': MOVED_TO}),
            _host_path(BUSY): (429, {'Retry-After': '1'}),
        }
        web.dead_videos = {DEAD_VIDEO}
        planted = _run(base, web)
        planted['report_file'] = base / 'planted-verdicts.json'
        shutil.copyfile(planted['out'] / 'verdicts.json', planted['report_file'])
        # The real sources hold a few URLs broken by their shape alone (no request made):
        # they are real findings, so the clean run ignores exactly those.
        by_shape = [u for u, x in planted['links'].items()
                    if x['verdict'] == 'broken' and 'does not look like' in x['info']]
        web.planted, web.dead_videos, web.log = {}, set(), []
        ignore = ','.join(re.escape(u) + '$' for u in by_shape)
        clean = _run(base, web, *(['-D', f'linkcheck_ignore={ignore}'] if ignore else []))
        yield {'planted': planted, 'clean': clean, 'by_shape': by_shape, 'docs': base / 'docs'}
    finally:
        web.shutdown()
        web.server_close()
        thread.join(timeout=5)


def _pages_using(docs: Path, url: str) -> set[str]:
    """Docnames whose generated Markdown links to `url` itself (not a longer URL, not text)."""
    # Link syntaxes of the generated pages: [t](<url>), ![t](<url>), <url>, {button-link} url
    pattern = re.compile(r'(?:(?<!\\)\(<?|<|\} )' + re.escape(url) + r'(?![\w/.-])')
    return {p.relative_to(docs).with_suffix('').as_posix() for p in docs.rglob('*.md')
            if p.name != 'links.md' and pattern.search(p.read_text(encoding='utf-8'))}


@pytest.mark.slow
def test_planted_failures_get_their_verdicts(runs):
    run = runs['planted']
    links = run['links']
    for url in (MISSING, MISSING_2, MOVED, BUSY, DEAD_VIDEO_URL):
        assert url in links, f'{url} is no longer in the sources: plant another URL'
    assert (links[MISSING]['verdict'], links[MISSING]['status']) == ('broken', 404)
    assert (links[MISSING_2]['verdict'], links[MISSING_2]['status']) == ('broken', 404)
    assert links[MOVED]['verdict'] == 'redirected'
    assert (links[MOVED]['target'], links[MOVED]['redirect_code']) == (MOVED_TO, 301)
    assert links[BUSY]['verdict'] == 'transient'
    assert links[BUSY]['attempts'] == 3  # conf.py's confkb_linkcheck_attempts
    assert sum(1 for _, h, p in run['log'] if (h, p) == _host_path(BUSY)) == 3
    assert links[DEAD_VIDEO_URL]['verdict'] == 'broken'
    assert 'img.youtube.com' in links[DEAD_VIDEO_URL]['info']
    # Nothing failed for want of a network: every host was routed to the local web.
    assert not [u for u, x in links.items() if x['info'].startswith('network error')]


@pytest.mark.slow
def test_exit_status_comes_from_planted_404s_only(runs):
    planted, clean = runs['planted'], runs['clean']
    broken = {u for u, x in planted['links'].items() if x['verdict'] == 'broken'}
    assert broken == {MISSING, MISSING_2, DEAD_VIDEO_URL, *runs['by_shape']}
    assert planted['proc'].returncode == 1, planted['proc'].stderr[-3000:]
    assert clean['proc'].returncode == 0, clean['proc'].stdout[-3000:] + clean['proc'].stderr[-3000:]
    assert 'broken' not in clean['report']['summary']
    assert clean['proc'].stderr.strip() == ''  # no Sphinx warning either
    assert clean['report']['total'] == planted['report']['total']


@pytest.mark.slow
def test_each_url_once_with_every_page_using_it(runs):
    run = runs['planted']
    urls = [x['url'] for x in run['report']['links']]
    assert len(urls) == len(set(urls)) == run['report']['total']
    assert run['report']['total'] > 500  # the whole site, not a sample
    for url in (MISSING, MISSING_2, MOVED):
        pages = {loc['docname'] for loc in run['links'][url]['locations']}
        assert pages == _pages_using(runs['docs'], url), url
    assert len({loc['docname'] for loc in run['links'][MISSING]['locations']}) > 30
    dim = {loc['docname'].split('/')[0] for loc in run['links'][MISSING_2]['locations']}
    assert dim == {'speakers', 'gosim-ai-paris-2025'}  # a speaker page and a session page
    # Sphinx's own output.json: one line per URL.
    lines = run['output_json']
    assert len(lines) == len({x['uri'] for x in lines}) == len(urls)
    assert {x['uri']: x['status'] for x in lines}[MISSING] == 'broken'


@pytest.mark.slow
def test_rules_on_real_urls(runs):
    run = runs['planted']
    links, log = run['links'], run['log']
    asked = {h for _, h, _ in log}
    # LinkedIn and X are judged by their shape alone: not one request.
    unverifiable = [x for x in links.values() if x['verdict'] == 'unverifiable']
    assert len(unverifiable) > 50
    assert {x['rule'] for x in unverifiable} == set(NO_NETWORK_RULE)
    assert not [h for h in asked
                if any(h == d or h.endswith('.' + d) for d in siteweb.NEVER_ASKED)]
    # YouTube videos are checked through their thumbnails, never the watch page.
    videos = [x for x in links.values() if x['rule'] == 'youtube'
              and 'does not look like' not in x['info'] and 'watch' in x['url']]
    assert len(videos) > 10
    assert not [(h, p) for _, h, p in log if p == '/watch' or h.endswith('youtu.be')]
    thumbs = {p.split('/')[2] for _, h, p in log if h == 'img.youtube.com'}
    assert {re.search(r'v=([\w-]{11})', x['url']).group(1) for x in videos} <= thumbs
    # arXiv identifiers are shape-checked, then looked up.
    papers = [x for x in links.values() if re.match(r'https?://arxiv\.org/(abs|pdf)/', x['url'])]
    assert papers
    assert {(x['rule'], x['verdict']) for x in papers} == {('arxiv', 'ok')}


@pytest.mark.slow
def test_console_summary_names_broken_urls_and_pages(runs):
    out = runs['planted']['proc'].stdout
    summary = out[out.index('linkcheck: '):]
    first = summary.splitlines()[0]
    assert f"{runs['planted']['report']['total']} URLs" in first
    assert f"{3 + len(runs['by_shape'])} broken" in first
    line = next(x for x in summary.splitlines() if x.strip().startswith('broken') and MISSING + ' ' in x)
    assert 'used in gosim-ai-paris-2025/sessions/' in line
    assert 'more)' in line
    line = next(x for x in summary.splitlines() if x.strip().startswith('broken') and MISSING_2 + ' ' in x)
    assert 'speakers/sebastien-crozet.md' in line
    assert 'gosim-ai-paris-2025/sessions/' in line


@pytest.mark.slow
def test_links_page_renders_a_report_inside_the_real_site(runs, tmp_path):
    """A committed report (here: the planted run's) builds into the real site with zero warnings."""
    src = copy_docs(tmp_path / 'docs')
    (src / '_data').mkdir(exist_ok=True)
    shutil.copyfile(runs['planted']['report_file'], src / '_data' / 'linkcheck-report.json')
    out = tmp_path / 'html'
    proc = sphinx_build(src, out, SOURCES)
    assert proc.returncode == 0, proc.stderr[-5000:]
    assert proc.stderr.strip() == '', proc.stderr[-5000:]
    page = (out / 'links.html').read_text(encoding='utf-8')
    assert 'No link report has been committed yet' not in page
    assert f'href="{MISSING}"' in page
    assert 'Broken (' in page
    assert f'href="{MOVED_TO}"' in page  # "now at" the redirect target
    assert 'speakers/sebastien-crozet.md line' in page
