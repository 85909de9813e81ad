"""kb.json follows its published JSON Schema and the documented slug rules."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from tools.confkb.pipeline import pages

SCHEMA = Path(__file__).resolve().parent.parent / "docs" / "_extra" / "kb.schema.json"


def test_kb_json_validates_against_schema(gosim):
    data = json.loads(pages(gosim)["kb.json"])
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(data), key=str)
    assert errors == []


def test_schema_rejects_a_broken_record(gosim):
    data = json.loads(pages(gosim)["kb.json"])
    data["sessions"][0]["start"] = "25:99"
    data["speakers"][0]["slug"] = "Not A Slug"
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert len(list(jsonschema.Draft202012Validator(schema).iter_errors(data))) == 2


def test_cross_references_resolve(gosim):
    data = json.loads(pages(gosim)["kb.json"])
    speakers = {p["slug"]: p for p in data["speakers"]}
    sessions = {(s["event"], s["slug"]): s for s in data["sessions"]}
    for s in data["sessions"]:
        for slug in s["speakers"]:
            assert {"event": s["event"], "slug": s["slug"]} in speakers[slug]["session_refs"]
    for p in data["speakers"]:
        for ref in p["session_refs"]:
            assert p["slug"] in sessions[(ref["event"], ref["slug"])]["speakers"]


def test_one_record_per_line_so_a_diff_shows_the_record_that_changed(gosim) -> None:
    import dataclasses
    import difflib

    from tools.confkb.render import kbjson

    diagnostics = gosim.report.sorted()
    before = kbjson.dumps(gosim.kb, diagnostics)
    assert json.loads(before) == kbjson.as_dict(gosim.kb, diagnostics)
    s = next(x for x in gosim.kb.sessions if x.abstract)
    edited = dataclasses.replace(gosim.kb, sessions=tuple(
        dataclasses.replace(x, abstract=x.abstract + "\n\nOne more line.") if x is s else x for x in gosim.kb.sessions))
    after = kbjson.dumps(edited, diagnostics)
    changed = [ln for ln in difflib.unified_diff(before.splitlines(), after.splitlines(), n=0)
               if ln.startswith(("+", "-")) and not ln.startswith(("+++", "---"))]
    assert len(changed) == 2 and f'"slug": "{s.slug}"' in changed[1]
    assert json.loads(after)["sessions"][gosim.kb.sessions.index(s)]["abstract"].endswith("One more line.")
