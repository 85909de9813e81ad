"""Render: a knowledge base to files (MyST pages, data-quality report, calendars, JSON-LD, kb.json), as pure
functions. ``urls`` says where every page lives, ``lookup`` finds records (``kb.index``), ``mdsafe`` turns source
Markdown into MyST that can only be text. May import ``model``, ``diagnostics``, ``cache`` and ``ingest.values``;
never Sphinx."""
