"""A tiny site for the linkcheck builder test; real host names are routed to the fake web."""

import os
import sys
from pathlib import Path

sys.path.insert(0, os.environ.get('CONFKB_REPO_ROOT', str(Path(__file__).resolve().parents[3])))

project = 'linkcheck test site'
extensions = ['myst_parser', 'tools.confkb.linkcheck']
exclude_patterns = ['_build']

_base = os.environ.get('CONFKB_LINKCHECK_TEST_BASE', '')
_hosts = ('site.test', 'www.linkedin.com', 'x.com', 'www.youtube.com', 'img.youtube.com',
          'github.com', 'huggingface.co', 'arxiv.org')
confkb_linkcheck_resolve = {host: _base for host in _hosts} if _base else {}

# Test-sized times: nothing here may wait for long.
linkcheck_timeout = 0.5
confkb_linkcheck_attempts = 2
confkb_linkcheck_backoff = 0.05
confkb_linkcheck_retry_after_cap = 0.2
confkb_linkcheck_interval_scale = 0.0
confkb_linkcheck_deadline = 30.0
