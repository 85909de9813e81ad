"""sphinxext."""
