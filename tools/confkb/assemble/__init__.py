"""Assemble: the parsed documents of an event, and its official programme where there is one, merged into its
tracks, sessions and speakers, with stable slugs. May import ``ingest`` (values, read), ``model`` and
``diagnostics``; knows nothing of pages or Sphinx."""
