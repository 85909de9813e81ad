"""confkb: conference documents and programmes -> a cross-referenced knowledge base, built by Sphinx.

The pipeline (``pipeline.py``) runs ingest/ -> assemble/ -> render/ -> ``write.py``; ``sphinxext/`` runs it inside a
Sphinx build, ``cli.py`` from the command line, ``linkcheck/`` checks the site's external links.
"""
