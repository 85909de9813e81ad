"""The schedule grid's layout (columns, lanes, rows) and its HTML: what a reader's browser is given."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from tools.confkb.model import Event, KnowledgeBase, Room, Session, Speaker, Track
from tools.confkb.pipeline import pages
from tools.confkb.render import grid, gridlayout, indexes

TRACKS = (Track("ai", "AI"), Track("infra", "Infra"), Track("apps", "Apps"))
EVENT = Event("con-2030", "Con 2030", "2030-05-06", "2030-05-07", timezone="Europe/Paris", tracks=TRACKS)


def talk(slug: str, start: str, end: str, track: str = "ai", **kw) -> Session:
    return Session(slug, "con-2030", kw.pop("title", slug.title()), kw.pop("date", "2030-05-06"), start, end,
                   "CEST", track, **kw)


def blocks(layout: gridlayout.Layout) -> dict[str, gridlayout.Block]:
    return {b.session.slug: b for b in layout.blocks}


def test_rows_are_proportional_to_length_and_parallel_talks_take_lanes():
    day = [talk("a", "10:00", "10:20"), talk("b", "10:00", "10:40"), talk("c", "10:20", "10:40"),
           talk("d", "10:00", "10:40", "infra")]
    grid_ = gridlayout.layout(EVENT, day)
    got = blocks(grid_)
    assert grid_.start == 600 and grid_.rows == 8
    assert (got["a"].row, got["a"].rows) == (0, 4) and (got["b"].row, got["b"].rows) == (0, 8)
    assert got["c"].row == 4 and got["c"].col == got["a"].col  # after a, in a's lane
    assert got["b"].col == got["a"].col + 1  # overlapping a: beside it
    assert [(c.key, c.first, c.lanes) for c in grid_.columns] == [("ai", 0, 2), ("infra", 2, 1)]
    assert got["d"].col == 2 and grid_.width == 3
    assert [b.session.slug for b in grid_.blocks] == ["a", "b", "d", "c"]  # time order, then column


def test_a_plenary_spans_its_tracks_once_and_overlapping_ones_share_the_span():
    every = ("ai", "infra", "apps")
    day = [talk("keynote", "09:30", "10:00", kind="plenary", tracks=every),
           talk("lunch", "12:00", "14:00", kind="break", tracks=every),
           talk("spotlight", "12:30", "13:50", kind="plenary", tracks=every),
           talk("t1", "10:00", "10:30"), talk("t2", "10:00", "10:30", "apps")]
    got = blocks(gridlayout.layout(EVENT, day))
    assert (got["keynote"].col, got["keynote"].cols) == (0, 3)
    assert got["lunch"].col == 0 and got["spotlight"].col == got["lunch"].cols
    assert got["lunch"].cols + got["spotlight"].cols == 3
    assert len([b for b in gridlayout.layout(EVENT, day).blocks if b.session.slug == "keynote"]) == 1


def test_rooms_are_the_columns_when_the_programme_names_them_and_a_break_spans_them():
    e = Event("con-2030", "Con", rooms=(Room("hall", "Hall"), Room("lab", "Lab"), Room("unused", "Unused")),
              tracks=TRACKS)
    day = [talk("x", "10:00", "10:30", room="lab"), talk("y", "10:00", "10:30", room="hall"),
           talk("coffee", "10:30", "11:00", kind="break"), talk("z", "11:00", "11:30")]
    layout = gridlayout.layout(e, day)
    assert [c.name for c in layout.columns] == ["Hall", "Lab", "Other"]
    got = blocks(layout)
    assert got["y"].col == 0 and got["x"].col == 1 and got["z"].col == 2
    assert (got["coffee"].col, got["coffee"].cols) == (0, 2)


def test_a_talk_past_midnight_runs_on_and_one_without_time_is_listed():
    day = [talk("late", "23:30", "01:15"), talk("early", "22:00", "22:30"), talk("when", "", "")]
    layout = gridlayout.layout(EVENT, day)
    assert (blocks(layout)["late"].row, blocks(layout)["late"].rows) == (18, 21)
    assert [s.slug for s in layout.unplaced] == ["when"]


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        self.hrefs += [v for k, v in attrs if tag == "a" and k == "href"]
        self.scripts += tag == "script"


HOSTILE = '<script>alert("x")</script> {curly}\n::: ``tick`` :::'


def _kb(title: str = HOSTILE) -> KnowledgeBase:
    people = (Speaker("eve", '<img src=x onerror="alert(1)"> Eve', sessions=("con-2030/bad", "con-2030/x")),)
    sessions = (talk("bad", "10:00", "10:40", title=title, speakers=("eve",), type='lecture"><b>'),
                talk("x", "10:00", "10:20", "infra", speakers=("eve",)),
                talk("y", "11:00", "11:20", "apps", date="2030-05-07"))
    return KnowledgeBase((EVENT,), sessions, people)


def test_every_value_is_escaped_and_blocks_carry_the_contracts_attributes():
    kb = _kb()
    page = indexes.schedule_page(kb, EVENT)
    raw = page.split(":::{raw} html", 1)[1]
    assert "<script>" not in raw and "<img" not in raw and "<b>" not in raw
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; {curly} ::: ``tick`` :::" in raw
    # every line of the raw block is a tag: no title can close the fence or start a directive
    assert all(line.startswith("<") for line in raw.split("\n:::\n", 1)[0].strip().split("\n"))
    parser = Links()
    parser.feed(raw.rsplit("\n:::", 1)[0])
    assert parser.scripts == 0
    assert parser.hrefs == ["schedule.html", "schedule/2030-05-07.html", "tracks/ai.html", "tracks/infra.html",
                            "sessions/bad.html", "../speakers/eve.html", "sessions/x.html", "../speakers/eve.html"]
    block = re.search(r'<div class="confkb-block[^>]*data-session="bad"[^>]*>', raw)[0]
    for attr in ('data-event="con-2030"', 'data-start="2030-05-06T10:00:00+02:00"',
                 'data-end="2030-05-06T10:40:00+02:00"', 'data-track="ai"', 'data-room=""',
                 'data-type="lecture&quot;&gt;&lt;b&gt;"'):
        assert attr in block
    assert ('<button type="button" class="confkb-pick" data-session="bad" data-event="con-2030" data-title="'
            '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; {curly} ::: ``tick`` :::" aria-pressed="false" ') in raw
    assert ' aria-pressed="false" hidden></button>' in raw  # the picks script names and shows it: no dead button


def test_a_page_per_day_linked_by_tabs_and_talks_in_time_order():
    files = pages_of(_kb("Bad"))
    first, second = files["con-2030/schedule.md"], files["con-2030/schedule/2030-05-07.md"]
    assert '<a href="schedule/2030-05-07.html" data-date="2030-05-07">' in first
    assert '<a href="../schedule.html" data-date="2030-05-06">' in second
    assert '<a class="confkb-title" href="../sessions/y.html">Y</a>' in second
    assert '<a href="../../speakers/eve.html">' not in second and "../speakers/eve.html" in first
    order = re.findall(r'id="slot-([^"]+)"', first)
    assert order == ["bad", "x"]  # both at 10:00: by column
    assert "schedule/2030-05-07" in first.split(":::{toctree}")[1]


def pages_of(kb: KnowledgeBase) -> dict[str, str]:
    from tools.confkb.diagnostics import Report
    from tools.confkb.pipeline import Result

    return pages(Result(kb, Report()))


def test_a_talk_page_links_its_block_on_its_days_page():
    kb = _kb()
    assert grid.slot_doc(kb, kb.sessions[2]) == "con-2030/schedule/2030-05-07"
    assert grid.slot_doc(kb, kb.sessions[0]) == "con-2030/schedule"
    assert grid.block_id(kb.sessions[0]) == "slot-bad"
