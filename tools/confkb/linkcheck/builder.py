"""Sphinx's linkcheck builder, with every location collected and confkb's checker as judge."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from docutils import nodes
from sphinx.builders.linkcheck import (
    CheckExternalLinksBuilder,
    CheckResult,
    Hyperlink,
    HyperlinkCollector,
    _Status,
)
from sphinx.util import logging
from sphinx.util.nodes import get_node_line

from tools.confkb.linkcheck.cache import DAY, LinkCache
from tools.confkb.linkcheck.checker import CheckOptions, LinkChecker
from tools.confkb.linkcheck.report import build_report, console_summary, write_report
from tools.confkb.linkcheck.verdict import LinkResult, Location, Verdict

logger = logging.getLogger(__name__)

IMAGE_SUFFIX = re.compile(r'\.(png|jpe?g|gif|webp|svg|avif|bmp|ico)$', re.IGNORECASE)

# How each verdict appears in Sphinx's own output.json / output.txt vocabulary.
SPHINX_STATUS = {
    Verdict.OK: _Status.WORKING,
    Verdict.REDIRECTED: _Status.REDIRECTED,
    Verdict.BROKEN: _Status.BROKEN,
    Verdict.UNCHECKED: _Status.UNCHECKED,
}


class LocationCollector(HyperlinkCollector):
    """Like Sphinx's collector, but keeps every (page, line, kind) of each URI."""

    def run(self, **kwargs: Any) -> None:
        # The Links page lists every URL; it must not count as a place using them.
        if self.env.current_document.docname == self.config.confkb_linkcheck_page:
            return
        super().run(**kwargs)

    def _add_uri(self, uri: str, node: nodes.Element) -> None:
        builder = self.env._app.builder
        docname = self.env.current_document.docname
        if newuri := self.env.events.emit_firstresult('linkcheck-process-uri', uri):
            uri = newuri
        if not uri or uri.startswith('#'):
            return  # same-page anchors and resolved internal links are not URLs
        try:
            lineno = get_node_line(node)
        except ValueError:
            lineno = -1
        docpath = self.env.doc2path(docname)
        if uri not in builder.hyperlinks:
            builder.hyperlinks[uri] = Hyperlink(uri, docname, docpath, lineno)
        kind = 'image' if isinstance(node, nodes.image) else 'reference'
        if IMAGE_SUFFIX.search(urlsplit(uri).path):
            kind = 'image'  # a link that names an image file must answer an image
        where = str(self.env.doc2path(docname, False))
        loc = Location(docname, where, lineno, kind)
        locs = getattr(builder, 'link_locations', None)
        if locs is not None and loc not in locs.setdefault(uri, []):
            locs[uri].append(loc)


def check_options(config: Any) -> CheckOptions:
    """Build the checker's options from Sphinx's linkcheck_* and confkb's config."""
    allowed = config.linkcheck_allowed_redirects
    verify: bool | str = config.tls_verify
    if verify and isinstance(config.tls_cacerts, str) and config.tls_cacerts:
        verify = config.tls_cacerts
    return CheckOptions(
        timeout=float(config.linkcheck_timeout or 30),
        workers=config.confkb_linkcheck_workers,
        attempts=config.confkb_linkcheck_attempts,
        backoff=config.confkb_linkcheck_backoff,
        retry_after_cap=config.confkb_linkcheck_retry_after_cap,
        deadline=config.confkb_linkcheck_deadline,
        interval_scale=config.confkb_linkcheck_interval_scale,
        user_agent=config.user_agent,
        verify=verify,
        check_anchors=config.linkcheck_anchors,
        anchors_ignore=tuple(config.linkcheck_anchors_ignore),
        anchors_ignore_for_url=tuple(config.linkcheck_anchors_ignore_for_url),
        allowed_redirects=allowed if isinstance(allowed, dict) else {},
        resolve=dict(config.confkb_linkcheck_resolve),
    )


class ConfkbLinkcheckBuilder(CheckExternalLinksBuilder):
    """Checks every external URL once, reports verdicts with all their locations."""

    name = 'linkcheck'

    def init(self) -> None:
        super().init()
        self.link_locations: dict[str, list[Location]] = {}
        self.verdicts: dict[str, LinkResult] = {}

    def finish(self) -> None:
        started = time.monotonic()
        cfg = self.config
        ignore = [re.compile(p) for p in cfg.linkcheck_ignore]
        excluded = [re.compile(p) for p in cfg.linkcheck_exclude_documents]
        results: dict[str, LinkResult] = {}
        to_check: dict[str, str] = {}
        for uri, all_locs in self.link_locations.items():
            # Unlike Sphinx, an excluded page drops only its own uses of a URL.
            locs = [loc for loc in all_locs if not any(p.match(loc.docname) for p in excluded)]
            kind = 'image' if any(loc.kind == 'image' for loc in locs) else 'reference'
            if not locs:
                results[uri] = LinkResult(uri, Verdict.IGNORED, info='used only in excluded documents')
            elif any(p.match(uri) for p in ignore):
                results[uri] = LinkResult(uri, Verdict.IGNORED, info='matches linkcheck_ignore')
            elif not uri.startswith(('http:', 'https:')):
                results[uri] = self._local_verdict(uri, locs[0])
            else:
                to_check[uri] = kind
            results.setdefault(uri, LinkResult(uri, Verdict.UNCHECKED)).kind = kind
        cache = self._cache()
        results.update(LinkChecker(check_options(cfg), cache).check(to_check))
        if cache is not None:
            cache.save()
        for uri, result in results.items():
            result.locations = list(self.link_locations.get(uri, []))
        self.verdicts = results
        self._write_sphinx_outputs(results)
        report = build_report(results.values(), duration=time.monotonic() - started)
        write_report(report, self.outdir / 'verdicts.json')
        logger.info('')
        for line in console_summary(report):
            logger.info(line)
        # Only a broken link fails the run: transient, blocked and the rest do not.
        self._app.statuscode = 1 if report['summary'].get(Verdict.BROKEN) else 0

    def _local_verdict(self, uri: str, loc: Location) -> LinkResult:
        """Same rules as Sphinx for non-HTTP links: mailto & co unchecked, files must exist."""
        if uri.startswith(('mailto:', 'tel:')) or re.match(r'([a-z]+:)?//', uri):
            return LinkResult(uri, Verdict.UNCHECKED)
        if (self.env.doc2path(loc.docname).parent / uri).exists():
            return LinkResult(uri, Verdict.OK, info='local file')
        return LinkResult(uri, Verdict.BROKEN, info='local file not found')

    def _cache(self) -> LinkCache | None:
        name = self.config.confkb_linkcheck_cache
        if not name:
            return None
        return LinkCache(
            Path(self.outdir) / name,
            ttl=self.config.confkb_linkcheck_cache_days * DAY,
            jitter=self.config.confkb_linkcheck_cache_jitter_days * DAY,
        )

    def _write_sphinx_outputs(self, results: dict[str, LinkResult]) -> None:
        """Let Sphinx's own code write output.txt and output.json, in its vocabulary."""
        with (
            open(self.outdir / 'output.txt', 'w', encoding='utf-8') as self.txt_outfile,
            open(self.outdir / 'output.json', 'w', encoding='utf-8') as self.json_outfile,
        ):
            for uri, res in sorted(results.items()):
                status = SPHINX_STATUS.get(res.verdict, _Status.IGNORED)
                message = res.info
                if res.verdict is Verdict.OK:
                    message = ''  # Sphinx prints a working URL's message glued to it
                elif res.verdict is Verdict.REDIRECTED:
                    message = res.target or ''
                elif res.verdict is Verdict.TRANSIENT and 'timeout' in res.info:
                    status = _Status.TIMEOUT
                elif status is _Status.IGNORED and res.verdict is not Verdict.IGNORED:
                    message = f'{res.verdict}: {res.info}'
                first = res.locations[0] if res.locations else Location('', '', 0)
                self._verdict_of_line = res.verdict
                self.process_result(CheckResult(
                    uri, first.docname, first.line, status, message,
                    res.redirect_code or 0 if status is _Status.REDIRECTED else 0,
                ))

    def write_linkstat(self, data: dict[str, Any]) -> None:
        # Sphinx's line, plus confkb's verdict (its status cannot say "blocked" etc.).
        data['verdict'] = str(self._verdict_of_line)
        super().write_linkstat(data)
