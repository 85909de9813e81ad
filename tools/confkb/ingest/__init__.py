"""Ingest: one source document at a time, from bytes to what it says (read -> repair -> parse), with every problem
reported by file and line. May import ``model``, ``diagnostics`` and the link rules of ``linkcheck``; knows
nothing of events, pages or Sphinx."""
