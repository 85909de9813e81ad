"""The verdict report: JSON file, console summary and the MyST "Links" page."""

from __future__ import annotations

import datetime as dt
import json
import re
import string
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from tools.confkb.linkcheck.verdict import NETWORK_ERROR, ORDER, LinkResult, Verdict

FORMAT = 1
_RANK = {v: i for i, v in enumerate(ORDER)}

TITLES = {
    Verdict.BROKEN: 'Broken',
    Verdict.IMAGE_MISMATCH: 'Image URLs that do not answer an image',
    Verdict.TRANSIENT: 'Transient failures (checked again next run)',
    Verdict.BLOCKED: 'Blocked by the site (bot walls)',
    Verdict.REDIRECTED: 'Redirected',
    Verdict.UNVERIFIABLE: 'Unverifiable by rule (URL shape checked)',
    Verdict.OK: 'Working',
    Verdict.IGNORED: 'Ignored',
    Verdict.UNCHECKED: 'Not checked',
}


def build_report(results: Iterable[LinkResult], *, duration: float = 0.0,
                 now: dt.datetime | None = None) -> dict[str, Any]:
    """Return the report dict: a summary, then one entry per URL with every location."""
    items = sorted(results, key=lambda r: (_RANK.get(r.verdict, 99), r.url))
    counts = Counter(str(r.verdict) for r in items)
    when = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    return {
        'format': FORMAT,
        'generated_at': when.isoformat().replace('+00:00', 'Z'),
        'duration_s': round(duration, 2),
        'total': len(items),
        'summary': {str(v): counts[str(v)] for v in ORDER if counts[str(v)]},
        'links': [r.to_dict() for r in items],
    }


def write_report(report: dict[str, Any], path: str | Path) -> None:
    """Write the report as indented, sorted JSON (stable diffs when committed)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=1, sort_keys=True) + '\n', encoding='utf-8')


def load_report(path: str | Path) -> dict[str, Any] | None:
    """Read a report file; None if missing or unreadable."""
    try:
        return json.loads(Path(path).read_text(encoding='utf-8'))
    except (OSError, ValueError):
        return None


def _where(link: dict[str, Any], limit: int = 3) -> str:
    locs = link.get('locations') or []
    text = ', '.join(f"{loc['path']}:{loc['line']}" for loc in locs[:limit])
    if len(locs) > limit:
        text += f' (+{len(locs) - limit} more)'
    return text


def is_network_error(link: dict[str, Any]) -> bool:
    """Whether a report entry is a link whose host could not be reached at all."""
    return link['verdict'] == Verdict.TRANSIENT and str(link.get('info', '')).startswith(
        NETWORK_ERROR)


def _network_lines(links: list[dict[str, Any]], limit: int = 10) -> list[str]:
    """One line per unreachable host: offline, hundreds of URLs fail for one reason."""
    if not links:
        return []
    hosts = Counter(urlsplit(link['url']).hostname or '?' for link in links)
    lines = [f'{len(links)} links could not be checked: network unreachable '
             '(DNS or connection failure after every retry; not counted as broken)']
    for host, n in hosts.most_common(limit):
        lines.append(f"  unreachable    {host}: {n} URL{'s' if n > 1 else ''}")
    if len(hosts) > limit:
        lines.append(f'  (+{len(hosts) - limit} more hosts; see verdicts.json)')
    return lines


def console_summary(report: dict[str, Any]) -> list[str]:
    """Lines for the console: counts, then each problem URL with where it is used."""
    counts = ', '.join(f'{n} {v}' for v, n in report['summary'].items())
    lines = [f"linkcheck: {report['total']} URLs in {report['duration_s']} s: {counts or 'none'}"]
    unreachable = [link for link in report['links'] if is_network_error(link)]
    for link in report['links']:
        if link['verdict'] in (Verdict.OK, Verdict.IGNORED, Verdict.UNCHECKED,
                               Verdict.UNVERIFIABLE) or is_network_error(link):
            continue
        target = f" -> {link['target']}" if link.get('target') else ''
        lines.append(f"  {link['verdict']:<14} {link['url']}{target}  [{link['info']}]"
                     f"  used in {_where(link)}")
    return lines + _network_lines(unreachable)


# --- the "Links" page -------------------------------------------------------

_PUNCT = frozenset(string.punctuation)
_SAFE_SCHEMES = ('http', 'https', 'ftp', 'mailto')


def escape_text(text: str) -> str:
    """Backslash-escape every ASCII punctuation character so no text becomes markup."""
    text = re.sub(r'\s+', ' ', str(text))  # a newline could start a block
    return ''.join('\\' + ch if ch in _PUNCT else ch for ch in text)


def autolink(url: str) -> str:
    """An autolink `<url>` that no URL can break out of; odd schemes become text."""
    scheme = url.split(':', 1)[0].lower() if ':' in url else ''
    if scheme not in _SAFE_SCHEMES:
        return escape_text(url)
    # Autolinks cannot contain spaces, controls, < or >: percent-encode those
    # (and non-ASCII) while keeping every character that is already legal.
    safe = ''.join(chr(c) for c in range(0x21, 0x7F) if chr(c) not in '<>')
    return '<' + quote(url, safe=safe) + '>'


def _entry(link: dict[str, Any]) -> str:
    parts = [autolink(link['url'])]
    detail = []
    if link.get('status'):
        detail.append(f"HTTP {link['status']}")
    if link.get('info'):
        detail.append(str(link['info']))
    if detail:
        parts.append(escape_text('; '.join(detail)))
    if link.get('target') and link['target'] != link['url']:
        parts.append(escape_text('now at') + ' ' + autolink(link['target']))
    where = ', '.join(f"{loc['path']} line {loc['line']}" for loc in link.get('locations', []))
    if where:
        parts.append(escape_text('used in ' + where))
    return '- ' + ' — '.join(parts)


def render_links_page(report: dict[str, Any] | None, title: str = 'Links') -> str:
    """MyST Markdown for the site's "Links" page, made from a committed report only."""
    out = [f'# {escape_text(title)}', '']
    if not report:
        out += [escape_text('No link report has been committed yet. Run make linkcheck '
                            'and commit the report to see the health of every link here.'), '']
        return '\n'.join(out)
    out += [
        escape_text(f"Health of the {report.get('total', 0)} external links this site "
                    f"references, from the link check of {report.get('generated_at', '?')}. "
                    'Read the Docs builds show this committed report and never touch the network.'),
        '',
        '| Verdict | URLs |',
        '| --- | ---: |',
    ]
    for verdict, count in (report.get('summary') or {}).items():
        out.append(f'| {escape_text(verdict)} | {int(count)} |')
    out.append('')
    by_verdict: dict[str, list[dict[str, Any]]] = {}
    for link in report.get('links', []):
        by_verdict.setdefault(str(link.get('verdict')), []).append(link)
    for verdict in ORDER:
        links = by_verdict.get(str(verdict))
        if not links:
            continue
        out += [f'## {escape_text(TITLES[verdict])} ({len(links)})', '']
        out += [_entry(link) for link in links]
        out.append('')
    return '\n'.join(out)
