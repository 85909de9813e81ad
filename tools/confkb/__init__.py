"""confkb: turn messy conference session documents into a cross-referenced knowledge base."""

__version__ = "0.1.0"
