"""The per-site rules, exercised with the real URLs routed to the fake web."""

from __future__ import annotations

import pytest

from tools.confkb.linkcheck import rules
from tools.confkb.linkcheck.checker import CheckOptions, LinkChecker
from tools.confkb.linkcheck.verdict import Verdict as V

from .fakeweb import LIVE_VIDEO

REAL = {
    # url: (expected verdict, rule)
    'https://www.linkedin.com/in/jane-doe-123/': (V.UNVERIFIABLE, 'linkedin'),
    'https://linkedin.com/company/acme': (V.UNVERIFIABLE, 'linkedin'),
    'https://www.linkedin.com/jane': (V.BROKEN, 'linkedin'),  # not a profile URL
    'https://x.com/jane_doe': (V.UNVERIFIABLE, 'x'),
    'https://twitter.com/jane/status/1234567890': (V.UNVERIFIABLE, 'x'),
    'https://x.com/this_handle_is_far_too_long': (V.BROKEN, 'x'),
    'https://twitter.com/hashtag/PyCon': (V.UNVERIFIABLE, 'x'),
    'https://www.linkedin.com/in/jane/details/experience/': (V.UNVERIFIABLE, 'linkedin'),
    'https://www.linkedin.com/feed/update/urn:li:activity:712345/': (V.UNVERIFIABLE, 'linkedin'),
    f'https://www.youtube.com/watch?v={LIVE_VIDEO}': (V.OK, 'youtube'),
    f'https://youtu.be/{LIVE_VIDEO}?t=42': (V.OK, 'youtube'),
    'https://www.youtube.com/watch?v=deadvideo00': (V.BROKEN, 'youtube'),  # soft-200 page
    'https://www.youtube.com/watch?v=short': (V.BROKEN, 'youtube'),  # bad ID shape
    'https://www.youtube.com/@conference': (V.OK, 'youtube'),  # a channel: plain check
    'https://github.com/org/repo': (V.OK, 'github'),
    'https://github.com/org/repo#readme-made-by-javascript': (V.OK, 'github'),
    'https://github.com/org/missing': (V.BROKEN, 'github'),
    'https://huggingface.co/org/model': (V.OK, 'huggingface'),
    'https://huggingface.co/org/gone-model': (V.BROKEN, 'huggingface'),
    'https://arxiv.org/abs/2401.01234v2': (V.OK, 'arxiv'),
    'https://arxiv.org/pdf/2401.01234.pdf': (V.OK, 'arxiv'),
    'https://arxiv.org/abs/24010.1234': (V.BROKEN, 'arxiv'),  # bad identifier
}


@pytest.fixture
def results(web, resolve):
    opts = CheckOptions(timeout=0.5, attempts=2, backoff=0.05, retry_after_cap=0.2,
                        deadline=20, interval_scale=0.01, resolve=resolve)
    return LinkChecker(opts).check({url: 'reference' for url in REAL})


@pytest.mark.parametrize('url', list(REAL))
def test_real_url(results, url):
    verdict, rule = REAL[url]
    assert (results[url].verdict, results[url].rule) == (verdict, rule), results[url].info


def test_unverifiable_and_bad_shapes_make_no_request(web, results):
    hosts = {host for _, host, _ in web.log}
    assert 'www.linkedin.com' not in hosts and 'x.com' not in hosts
    assert 'twitter.com' not in hosts
    assert ('arxiv.org', '/abs/24010.1234') not in {(h, p) for _, h, p in web.log}


def test_youtube_is_checked_through_its_thumbnail(web, results):
    assert ('img.youtube.com', f'/vi/{LIVE_VIDEO}/0.jpg') in {(h, p) for _, h, p in web.log}
    assert not any(h == 'www.youtube.com' and p == '/watch' for _, h, p in web.log)
    dead = results['https://www.youtube.com/watch?v=deadvideo00']
    assert dead.status == 404


def test_redirect_to_another_site_stays_local(web, resolve):
    # /away answers 302 to https://github.com/...: the hop is routed, not sent out.
    opts = CheckOptions(timeout=0.5, resolve=resolve, interval_scale=0)
    res = LinkChecker(opts).check({f'{web.base}/away': 'reference'})[f'{web.base}/away']
    assert res.verdict is V.REDIRECTED and res.target == 'https://github.com/org/repo'


def test_github_blob_image_suggests_raw(web, resolve):
    url = 'https://github.com/org/repo/blob/main/img.png'
    opts = CheckOptions(timeout=0.5, resolve=resolve, interval_scale=0)
    res = LinkChecker(opts).check({url: 'image'})[url]
    assert res.verdict is V.IMAGE_MISMATCH
    assert 'raw.githubusercontent.com/org/repo/main/img.png' in res.info


def test_rule_table_lookup():
    assert rules.rule_for('https://uk.linkedin.com/in/x').name == 'linkedin'
    assert rules.rule_for('https://notgithub.com/x').name == 'default'
    assert rules.rule_for('https://export.arxiv.org/abs/2401.01234').name == 'arxiv'
    assert rules.rule_for('https://github.com/a/b').concurrency <= 2
    assert rules.youtube_video_id('https://www.youtube.com/embed/abcdefghijk') == 'abcdefghijk'
    assert rules.youtube_video_id('https://www.youtube.com/shorts/abcdefghijk') == 'abcdefghijk'
