"""The schedule exports of an event: ``schedule.xml`` and ``schedule.json`` beside its pages, made alike."""

from __future__ import annotations

from dataclasses import replace

from ..model import Event, KnowledgeBase
from . import exportdata, frabjson, frabxml, lookup


def xml_path(e: Event) -> str:
    return f"{e.slug}/schedule.xml"


def json_path(e: Event) -> str:
    return f"{e.slug}/schedule.json"


def schedule_files(kb: KnowledgeBase, e: Event, base_url: str = "") -> dict[str, str]:
    """Path in the site -> text, for both exports of *e* (*base_url*: the site's, for absolute URLs in them)."""
    data = exportdata.schedule(kb, e, base_url, xml_path(e))
    return {xml_path(e): frabxml.dumps(data),
            json_path(e): frabjson.dumps(replace(data, url=lookup.page_url(base_url, json_path(e))))}
