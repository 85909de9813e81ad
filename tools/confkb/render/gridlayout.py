"""Where each session of one day sits on the schedule grid: columns, lanes, rows. Pure layout, no HTML.

A column is a room where the programme names rooms, else a track. Rows are ROW_MINUTES long, so a block's
height is proportional to its length. Talks that overlap in one column take lanes side by side (a column is as
many grid sub-columns wide as it has lanes); a break or plenary covering several columns spans them once.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Event, Session

ROW_MINUTES = 5
OTHER = ""  # the column of sessions that name no room (or no track)


@dataclass(frozen=True, slots=True)
class Column:
    key: str  # room or track slug; OTHER for the rest
    name: str
    first: int  # its first grid sub-column, counted from 0 after the time column
    lanes: int


@dataclass(frozen=True, slots=True)
class Block:
    session: Session
    row: int  # first grid row, counted from 0 at the day's first minute
    rows: int
    col: int  # first grid sub-column
    cols: int


@dataclass(frozen=True, slots=True)
class Layout:
    start: int  # the day's first minute (a multiple of ROW_MINUTES), from midnight
    rows: int
    columns: tuple[Column, ...]
    blocks: tuple[Block, ...]  # in time order: start, then column
    unplaced: tuple[Session, ...]  # no start time: listed, not drawn

    @property
    def width(self) -> int:
        return sum(c.lanes for c in self.columns)


def minutes(hhmm: str) -> int | None:
    parts = hhmm.strip().split(":")
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        return None
    return int(parts[0]) * 60 + int(parts[1])


def span(s: Session) -> tuple[int, int] | None:
    """(start, end) in minutes from the day's midnight; an end past midnight runs on (1:15 -> 25:15)."""
    start = minutes(s.start)
    if start is None:
        return None
    if s.day and s.date and s.date > s.day:  # a talk at 01:00 of the programme day before
        start += 24 * 60
    end = minutes(s.end) if s.end else None
    if end is None:
        end = start + ROW_MINUTES
    else:
        end += (start // (24 * 60)) * 24 * 60
        if end <= start:
            end += 24 * 60
    return start, max(end, start + 1)


def columns_of(e: Event, sessions: list[Session]) -> list[tuple[str, str]]:
    """(key, name) of the day's columns in the event's order: its rooms in use, else its tracks in use."""
    if e.rooms and any(s.room for s in sessions):
        used = {s.room for s in sessions}
        cols = [(r.slug, r.name) for r in e.rooms if r.slug in used]
        return cols + ([(OTHER, "Other")] if any(not s.room and s.kind == "talk" for s in sessions) else [])
    used = {t for s in sessions for t in s.spans()}
    cols = [(t.slug, t.name) for t in e.tracks if t.slug in used]
    return cols + ([(OTHER, "No track")] if any(not s.spans() for s in sessions) or not cols else [])


def _covers(s: Session, index: dict[str, int], by_room: bool) -> list[int]:
    """The columns a session covers: its room, or its tracks; a break naming no room covers every room."""
    if by_room:
        if s.room and s.room in index:
            return [index[s.room]]
        rooms = [n for key, n in index.items() if key != OTHER]
        return rooms if s.kind != "talk" and rooms else [index[OTHER]]
    got = sorted(index[t] for t in s.spans() if t in index)
    return got or [index[OTHER]]


def _lanes(items: list[tuple[int, int, int]]) -> dict[int, int]:
    """Interval partitioning: item id -> lane, the first lane free at its start; items (start, end, id)."""
    ends: list[int] = []
    lane_of = {}
    for start, end, ident in sorted(items):
        for lane, busy_until in enumerate(ends):
            if busy_until <= start:
                ends[lane] = end
                break
        else:
            lane = len(ends)
            ends.append(end)
        lane_of[ident] = lane
    return lane_of


def layout(e: Event, sessions: list[Session]) -> Layout:
    """The grid of one day's *sessions* (already those of one programme day)."""
    timed = [(s, t) for s in sessions if (t := span(s)) is not None]
    unplaced = tuple(s for s in sessions if span(s) is None)
    names = columns_of(e, sessions)
    index = {key: n for n, (key, _) in enumerate(names)}
    by_room = bool(e.rooms and any(s.room for s in sessions))
    if OTHER not in index:
        index[OTHER] = len(names)
        names.append((OTHER, "No track"))
    covers = [_covers(s, index, by_room) for s, _ in timed]
    # a block spanning columns keeps its span unless a talk of one of those columns overlaps it in time
    single = [i for i, c in enumerate(covers) if len(c) == 1]
    wide = []
    for i, c in enumerate(covers):
        if len(c) > 1:
            a, b = timed[i][1]
            if any(covers[j][0] in c and timed[j][1][0] < b and a < timed[j][1][1] for j in single):
                covers[i] = c[:1]
                single.append(i)
            else:
                wide.append(i)
    lane = {}
    for col in range(len(names)):
        lane |= _lanes([(*timed[i][1], i) for i in single if covers[i][0] == col])
    lanes = [max([lane[i] + 1 for i in single if covers[i][0] == col], default=1) for col in range(len(names))]
    keep = [n for n, (key, _) in enumerate(names) if key != OTHER or any(covers[i][0] == n for i in single)]
    first, columns = {}, []
    for n in keep:
        first[n] = sum(c.lanes for c in columns)
        columns.append(Column(names[n][0], names[n][1], first[n], lanes[n]))
    day_start = min((t[0] for _, t in timed), default=0) // ROW_MINUTES * ROW_MINUTES
    day_end = max((t[1] for _, t in timed), default=day_start + ROW_MINUTES)
    blocks = []
    for i in single:
        blocks.append((i, first[covers[i][0]] + lane[i], 1))
    # overlapping wide blocks over the same columns share that span side by side, each a part of it
    wide_lane = _lanes([(*timed[i][1], i) for i in wide])
    parts = max(wide_lane.values(), default=-1) + 1
    for i in wide:
        lo, hi = min(covers[i]), max(covers[i])
        left, right = first[lo], first[hi] + lanes[hi]
        overlapping = [j for j in wide if timed[j][1][0] < timed[i][1][1] and timed[i][1][0] < timed[j][1][1]]
        k = max(wide_lane[j] for j in overlapping) + 1 if parts > 1 else 1
        step = max((right - left) // k, 1)
        at = min(left + wide_lane[i] * step, right - 1)
        blocks.append((i, at, right - at if wide_lane[i] == k - 1 else min(step, right - at)))
    placed = []
    for i, col, cols in blocks:
        a, b = timed[i][1]
        row = (a - day_start) // ROW_MINUTES
        placed.append(Block(timed[i][0], row, max(-(-(b - day_start) // ROW_MINUTES) - row, 1), col, cols))
    placed.sort(key=lambda b: (b.row, b.col, b.session.slug))
    rows = -(-(day_end - day_start) // ROW_MINUTES)
    return Layout(day_start, rows, tuple(columns), tuple(placed), unplaced)
