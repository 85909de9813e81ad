"""Without a network, links are "not checked" (transient), never "broken", and the run passes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sphinx.cmd.build import build_main

from tools.confkb.linkcheck.checker import CheckOptions, LinkChecker
from tools.confkb.linkcheck.report import build_report, console_summary
from tools.confkb.linkcheck.verdict import Verdict as V

SITE = Path(__file__).parent / 'site'
REPO = Path(__file__).resolve().parents[2]
REFUSED = 'http://127.0.0.1:1/page'  # nothing listens on port 1: connection refused
NO_SUCH_HOST = 'https://confkb-linkcheck.invalid/page'  # RFC 2606: never resolves


def _fast() -> CheckOptions:
    return CheckOptions(timeout=2.0, attempts=2, backoff=0.05, interval_scale=0.0, deadline=20)


def test_unreachable_hosts_are_transient_not_broken():
    results = LinkChecker(_fast()).check({REFUSED: 'reference', NO_SUCH_HOST: 'image'})
    for url in (REFUSED, NO_SUCH_HOST):
        assert results[url].verdict is V.TRANSIENT, results[url]
        assert results[url].info.startswith('network error: ')
        assert results[url].attempts == 2  # retried like any transient failure
    assert results[REFUSED].info == 'network error: connection refused'
    assert results[NO_SUCH_HOST].info == 'network error: host name does not resolve'


def test_summary_says_links_could_not_be_checked():
    results = LinkChecker(_fast()).check({REFUSED: 'reference', NO_SUCH_HOST: 'reference'})
    lines = console_summary(build_report(results.values()))
    assert '2 transient' in lines[0]
    assert 'broken' not in lines[0]
    assert lines[1].startswith('2 links could not be checked: network unreachable')
    assert sorted(lines[2:]) == ['  unreachable    127.0.0.1: 1 URL',
                                 '  unreachable    confkb-linkcheck.invalid: 1 URL']


@pytest.mark.slow
def test_offline_build_passes_with_a_clear_summary(tmp_path, monkeypatch, capsys):
    """Every host of the tiny site refuses connections: exit 0, nothing broken."""
    src = tmp_path / 'site'
    shutil.copytree(SITE, src)
    monkeypatch.setenv('CONFKB_REPO_ROOT', str(REPO))
    out = tmp_path / 'out'
    rc = build_main(['-b', 'linkcheck', '-D', 'confkb_linkcheck_resolve.*=http://127.0.0.1:1',
                     str(src), str(out)])
    printed = capsys.readouterr().out
    report = json.loads((out / 'verdicts.json').read_text())
    assert rc == 0, printed[-3000:]
    assert 'broken' not in report['summary']
    unreachable = report['summary']['transient']
    assert f'{unreachable} links could not be checked: network unreachable' in printed
    assert 'site.test:' in printed  # grouped by host, not one line per URL
    # LinkedIn and X are judged by rule, offline or not.
    assert report['summary']['unverifiable'] == 2
