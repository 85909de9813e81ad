"""Sphinx extension ``tools.confkb.linkcheck``: a linkcheck builder an organiser can trust, and the Links page.

Owns the link rules (``rules.py``, also used by ``ingest.validate``), the checker, its cache and its report; imports
nothing else of confkb."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from sphinx.util import logging

logger = logging.getLogger(__name__)
# The builder and the report are imported where they are used: the build's page generator imports the
# package for its per-site rules (tools.confkb.linkcheck.rules) and needs none of the checker.


def _links_page(app: Any, docname: str, source: list[str]) -> None:
    """Replace the Links page's source with the committed report, without any network."""
    if not app.config.confkb_linkcheck_page or docname != app.config.confkb_linkcheck_page:
        return
    from tools.confkb.linkcheck.report import load_report, render_links_page

    path = Path(app.srcdir) / app.config.confkb_linkcheck_report_file
    if path.exists():
        # a changed report rebuilds the page; a missing dependency would rebuild it on every build
        app.env.note_dependency(path)
    app.env.confkb_links_report = _report_state(path)
    try:
        source[0] = render_links_page(_checked(load_report(path)))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        # a hand-edited or truncated report: say so on the console and on the page, never a traceback
        logger.warning("link report %s is not in the expected format (%s: %s); the Links page says so",
                       path.name, type(exc).__name__, exc, type="confkb", subtype="linkreport")
        source[0] = ("# Links\n\nThe committed link report could not be read. Run `make linkcheck` and "
                     "`make linkreport` again, then commit the new report.\n")


def _checked(report: Any) -> Any:
    """The report, if it has the shape ``make linkreport`` writes; ValueError says what is wrong."""
    if report is None:
        return None
    if not isinstance(report, dict) or not isinstance(report.get("links"), list):
        raise ValueError("no list of links")
    for link in report["links"]:
        if not isinstance(link, dict) or not isinstance(link.get("url"), str) or "verdict" not in link:
            raise ValueError(f"a link without url and verdict: {str(link)[:80]}")
    return report


def _report_state(path: Path) -> tuple[bool, int]:
    try:
        return True, path.stat().st_mtime_ns
    except OSError:
        return False, 0


def _merge_state(app: Any, env: Any, docnames: set[str], other: Any) -> None:
    if hasattr(other, "confkb_links_report"):
        env.confkb_links_report = other.confkb_links_report


def _links_outdated(app: Any, env: Any, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """A report committed since the last build (or deleted) rebuilds the Links page."""
    page = app.config.confkb_linkcheck_page
    if not page or page not in env.found_docs:
        return []
    path = Path(app.srcdir) / app.config.confkb_linkcheck_report_file
    return [page] if getattr(env, "confkb_links_report", None) != _report_state(path) else []


FLOAT_SETTINGS = ('confkb_linkcheck_backoff', 'confkb_linkcheck_retry_after_cap',
                  'confkb_linkcheck_deadline', 'confkb_linkcheck_interval_scale',
                  'confkb_linkcheck_cache_days', 'confkb_linkcheck_cache_jitter_days')


def _float_overrides(config: Any) -> None:
    """Sphinx's -D cannot convert a float setting; do it, e.g. -D confkb_linkcheck_deadline=60.

    Runs in setup(): Sphinx reads every setting (for a debug repr) before config-inited.
    """
    for name in FLOAT_SETTINGS:
        value = config.overrides.get(name)
        if isinstance(value, str):
            # Not a number: left as text, so Sphinx warns and keeps the configured value.
            with contextlib.suppress(ValueError):
                config.overrides[name] = float(value)


def setup(app: Any) -> dict[str, Any]:
    """Register the builder (replacing Sphinx's ``linkcheck``), collector and config."""
    from sphinx.builders.linkcheck import HyperlinkCollector

    from tools.confkb.linkcheck.builder import ConfkbLinkcheckBuilder, LocationCollector

    app.add_builder(ConfkbLinkcheckBuilder, override=True)
    # Swap Sphinx's collector (first location only) for ours (every location).
    if HyperlinkCollector in app.registry.post_transforms:
        app.registry.post_transforms.remove(HyperlinkCollector)
    app.add_post_transform(LocationCollector)

    def add(name: str, default: Any, types: frozenset[type]) -> None:
        app.add_config_value(name, default, '', types=types)

    num = frozenset({int, float})
    add('confkb_linkcheck_workers', 16, frozenset({int}))  # requests in flight, all hosts
    add('confkb_linkcheck_attempts', 3, frozenset({int}))  # tries for transient failures
    add('confkb_linkcheck_backoff', 2.0, num)  # first wait without Retry-After (s)
    add('confkb_linkcheck_retry_after_cap', 60.0, num)  # longest Retry-After obeyed (s)
    add('confkb_linkcheck_deadline', 1800.0, num)  # time bound of the whole run (s)
    add('confkb_linkcheck_interval_scale', 1.0, num)  # scales per-site request spacing
    add('confkb_linkcheck_resolve', {}, frozenset({dict}))  # host -> base URL; tests only
    add('confkb_linkcheck_cache', 'cache.json', frozenset({str}))  # in outdir; '' = off
    add('confkb_linkcheck_cache_days', 14.0, num)
    add('confkb_linkcheck_cache_jitter_days', 3.0, num)
    add('confkb_linkcheck_page', 'links', frozenset({str}))  # docname of the Links page
    add('confkb_linkcheck_report_file', '_data/linkcheck-report.json', frozenset({str}))
    _float_overrides(app.config)
    app.connect('source-read', _links_page)
    app.connect('env-get-outdated', _links_outdated)
    app.connect('env-merge-info', _merge_state)  # parallel reads: carry the state back to the main env
    return {'version': '1.0', 'parallel_read_safe': True, 'parallel_write_safe': True}
