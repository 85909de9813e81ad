"""Project tooling (importable as ``tools``)."""
