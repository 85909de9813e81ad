"""A published programme is data from outside: no entity is expanded, no local file read, no address fetched;
a file too large or too deep is one UNSAFE_FILE error in bounded time, and never a traceback."""

from __future__ import annotations

import http.server
import threading
import time

import pytest

from tools.confkb.diagnostics import Code, Severity
from tools.confkb.ingest.schedule.limits import LIMITS, Limits

from .importing import folder, of, run

SECRET = "secret-8c1f-must-never-appear"
TALK = ("<schedule><conference><title>X</title></conference><day index='1' date='2025-01-01'>"
        "<room name='A'><event id='1' guid='{guid}'><title>{title}</title><start>10:00</start>"
        "<duration>00:30</duration><room>A</room><abstract>{abstract}</abstract></event></room></day></schedule>")


@pytest.fixture
def server():
    """A real HTTP server on localhost that records every request it gets."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'<!ENTITY x "fetched">')

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", requests
    httpd.shutdown()
    httpd.server_close()


def refused(tmp_path, name, content, limits=LIMITS, seconds=5.0):
    ev = folder(tmp_path, name, content)
    began = time.monotonic()
    imported, report = run(ev, limits)
    assert time.monotonic() - began < seconds
    assert imported is not None and imported.conference is None
    errors = [d for d in report.items if d.severity is Severity.ERROR]
    assert len(errors) == 1 and errors[0].code is Code.UNSAFE_FILE, report.items
    assert errors[0].file == f"sources/ev/{name}"
    return errors[0], report


def test_billion_laughs_is_refused_at_once(tmp_path):
    lol = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    xml = f'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY l0 "lol">{lol}]>' + TALK.format(
        guid="x", title="&l9;", abstract="")
    error, _ = refused(tmp_path, "schedule.xml", xml)
    assert "DTD or entities" in error.message


def test_an_entity_naming_a_local_file_never_reads_it(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    xml = (f'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY xxe SYSTEM "file://{secret}">]>'
           + TALK.format(guid="x", title="&xxe;", abstract="&xxe;"))
    _, report = refused(tmp_path, "schedule.xml", xml)
    assert not any(SECRET in d.format() for d in report.items)


def test_an_external_dtd_and_entity_are_never_fetched(tmp_path, server):
    url, requests = server
    for n, doctype in enumerate([f'<!DOCTYPE schedule SYSTEM "{url}/schedule.dtd">',
                                 f'<!DOCTYPE schedule [<!ENTITY % ext SYSTEM "{url}/ext.dtd"> %ext;]>',
                                 f'<!DOCTYPE schedule [<!ENTITY e SYSTEM "{url}/e.txt">]>']):
        xml = f'<?xml version="1.0"?>{doctype}' + TALK.format(guid="x", title="&e;" if n == 2 else "T", abstract="")
        refused(tmp_path / str(n), "schedule.xml", xml)
    time.sleep(0.2)  # a request on its way would have arrived
    assert requests == []


def test_a_file_over_the_size_cap_is_refused_without_reading_it_whole(tmp_path):
    xml = TALK.format(guid="x", title="T", abstract="a" * 5000)
    error, _ = refused(tmp_path, "schedule.xml", xml, Limits(max_bytes=1000))
    assert "larger than 1,000 bytes" in error.message
    refused(tmp_path / "ics", "schedule.ics", "BEGIN:VCALENDAR\n" + "X:" * 1000, Limits(max_bytes=1000))


def test_deep_xml_json_and_ical_are_refused(tmp_path):
    deep = "<schedule>" + "<a>" * 100_000 + "</a>" * 100_000 + "</schedule>"
    assert "deeper than 64" in refused(tmp_path / "x", "schedule.xml", deep)[0].message
    deep_json = '{"schedule": ' + "[" * 200_000 + "]" * 200_000 + "}"
    assert "deeper than 64" in refused(tmp_path / "j", "schedule.json", deep_json)[0].message
    deep_ics = "BEGIN:VCALENDAR\n" + "BEGIN:VEVENT\n" * 10_000 + "END:VEVENT\n" * 10_000 + "END:VCALENDAR\n"
    refused(tmp_path / "i", "schedule.ics", deep_ics)


def test_too_many_items_are_refused(tmp_path):
    wide = "<schedule>" + "<a/>" * 5000 + "</schedule>"
    assert "more than 1,000 elements" in refused(tmp_path, "schedule.xml", wide, Limits(max_items=1000))[0].message


def test_truncated_xml_is_one_read_error_with_its_line(tmp_path):
    xml = TALK.format(guid="x", title="T", abstract="a").replace("><", ">\n<")
    ev = folder(tmp_path, "schedule.xml", xml[: len(xml) // 2])
    imported, report = run(ev)
    assert imported.conference is None
    [error] = [d for d in report.items if d.severity is Severity.ERROR]
    assert error.code is Code.READ_FAILED and error.line > 1 and "not well formed" in error.message


def test_broken_json_and_wrong_shapes_are_errors_not_tracebacks(tmp_path):
    for n, text in enumerate(['{"schedule": {"conference": ', '{"schedule": {"conference": {"days": 5}}}',
                              '{"schedule": 3}', '[1, 2]', '{"schedule": {"conference": {"days": [{"rooms": '
                              '{"A": [{"title": 5, "persons": [3], "links": "x", "duration": []}]}}]}}}']):
        imported, report = run(folder(tmp_path / str(n), "schedule.json", text))
        assert imported is not None, text
        errors = [d for d in report.items if d.severity is Severity.ERROR]
        assert imported.conference is not None or len(errors) == 1, (text, report.items)


def test_a_link_leaving_the_sources_folder_is_not_read(tmp_path):
    outside = tmp_path / "outside.xml"
    outside.write_text(TALK.format(guid="x", title=SECRET, abstract=""), encoding="utf-8")
    ev = tmp_path / "sources" / "ev"
    ev.mkdir(parents=True)
    (ev / "schedule.xml").symlink_to(outside)
    imported, report = run(ev)
    assert imported.conference is None and of(report, Code.READ_FAILED)
    assert not any(SECRET in d.format() for d in report.items)


def test_no_programme_or_gosims_own_schedule_is_none(tmp_path):
    ev = folder(tmp_path, "Schedule.json", '{"sessions": {"Track": []}}')
    imported, report = run(ev)
    assert imported is None and report.items == []
    (ev / "Schedule.json").unlink()
    assert run(ev)[0] is None


def test_a_refused_programme_stops_only_its_own_event(tmp_path):
    from tools.confkb.pipeline import load, pages
    sources = tmp_path / "sources"
    lol = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    bad = f'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY l0 "lol">{lol}]>' + TALK.format(
        guid="x", title="&l9;", abstract="")
    good = TALK.format(guid="6f1c3a52-7d3e-4b8e-9f0a-2c4d5e6f7a8b", title="A good talk", abstract="Kept.")
    for name, text in (("bad-2025", bad), ("good-2025", good)):
        (sources / name).mkdir(parents=True)
        (sources / name / "schedule.xml").write_text(text, encoding="utf-8")
    result = load(sources)
    assert [e.slug for e in result.kb.events] == ["good-2025"]
    assert [s.title for s in result.kb.sessions] == ["A good talk"]
    errors = [(d.file, d.code) for d in result.report.items if d.severity is Severity.ERROR]
    assert errors == [("sources/bad-2025/schedule.xml", Code.UNSAFE_FILE)]
    files = pages(result)
    assert "good-2025/sessions/a-good-talk.md" in files and "good-2025/schedule.xml" in files
    assert not any(k.startswith("bad-2025/") for k in files)
    # the refused file has no event and so no report of its own: the home page says what happened to it
    assert "## Sources that built no event" in files["index.md"]
    assert "`sources/bad-2025/schedule.xml` line 1 · error · [`unsafe_file`]" in files["index.md"]
