"""Stable ids for the schedule exports: a positive integer and a UUID per talk, person and room.

Apps key on them (ConfClerk and EventFahrplan on the integer id), so the same talk must keep them across
rebuilds, a retitled talk, a moved slot and a programme update. The sources' own ids are used when they are
fit (an integer ``id``, a UUID ``guid``); otherwise both are derived from the source's first id (its system,
key and value: GOSIM's talks by their speakers' ids), never from a title or a time.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from ..model import Room, Session, SourceId, Speaker

# the namespace of every derived UUID: changing it would change every exported guid
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/confkb/exports")
MAX_ID = 2**31 - 1  # apps store the id in a 32-bit signed integer (Java's int)
PREFERRED_KEYS = ("guid", "id", "code", "slug")  # the basis of derived ids: the most durable first


@dataclass(frozen=True, slots=True)
class Ident:
    id: int
    guid: str


@dataclass(frozen=True, slots=True)
class _Wanted:
    key: str  # the record's key in the result
    given_id: int  # 0 when the source gave none fit for export
    given_guid: str
    basis: tuple[str, ...]  # what a derived id is made from
    tie: str  # orders records with the same basis (two talks by the same speakers)


def derive(*parts: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, "\x1f".join(parts))


def _int_of(u: uuid.UUID) -> int:
    return int.from_bytes(u.bytes[:8], "big") % MAX_ID + 1


def _given_id(ids: Iterable[SourceId]) -> int:
    for x in ids:
        if x.key == "id" and x.value.isascii() and x.value.isdigit() and 0 < int(x.value) <= MAX_ID:
            return int(x.value)
    return 0


def _given_guid(ids: Iterable[SourceId]) -> str:
    for x in ids:
        if x.key == "guid":
            try:
                return str(uuid.UUID(x.value.strip()))
            except ValueError:
                continue
    return ""


def _basis(ids: tuple[SourceId, ...], fallback: tuple[str, ...]) -> tuple[str, ...]:
    rank = {k: n for n, k in enumerate(PREFERRED_KEYS)}
    ranked = sorted(ids, key=lambda x: rank.get(x.key, len(rank)))  # stable: the source's order within a key
    return (ranked[0].system, ranked[0].key, ranked[0].value) if ranked else fallback


def assign(wanted: list[_Wanted]) -> dict[str, Ident]:
    """Ids and guids for *wanted*, never two alike: the sources' own claim theirs first, then derived ones in
    the order of their basis (not of their time or title, which change), each clash moved on deterministically."""
    ids: dict[str, int] = {}
    guids: dict[str, str] = {}
    used_ids: set[int] = set()
    used_guids: set[str] = set()
    for w in wanted:
        if w.given_id and w.given_id not in used_ids:
            ids[w.key] = w.given_id
            used_ids.add(w.given_id)
        if w.given_guid and w.given_guid not in used_guids:
            guids[w.key] = w.given_guid
            used_guids.add(w.given_guid)
    for w in sorted(wanted, key=lambda w: (w.basis, w.tie, w.key)):
        base = derive(*w.basis)
        if w.key not in guids:
            guid, n = base, 0
            while str(guid) in used_guids:
                n += 1
                guid = derive(*w.basis, str(n))
            guids[w.key] = str(guid)
            used_guids.add(str(guid))
        if w.key not in ids:
            number, n = _int_of(base), 0
            while number in used_ids:
                n += 1
                number = _int_of(derive(*w.basis, "id", str(n)))
            ids[w.key] = number
            used_ids.add(number)
    return {w.key: Ident(ids[w.key], guids[w.key]) for w in wanted}


def talk_ids(event: str, sessions: list[Session]) -> dict[str, Ident]:
    """Session slug -> its export ids, within one event."""
    return assign([_Wanted(s.slug, _given_id(s.ids), _given_guid(s.ids),
                           _basis(s.ids, (event, "session", s.slug)), s.title) for s in sessions])


def person_ids(event: str, speakers: list[Speaker]) -> dict[str, Ident]:
    """Speaker slug -> export ids: from the ids this event's source gave them, else any source's, else the slug
    (which names one person across the knowledge base, so their guid is the same in every event's export)."""
    out = []
    for p in speakers:
        own = tuple(x for x in p.ids if x.event == event) or p.ids
        out.append(_Wanted(p.slug, _given_id(own), _given_guid(own), _basis(own, ("confkb", "speaker", p.slug)),
                           p.name))
    return assign(out)


def room_guid(event: str, room: Room | None, slug: str) -> str:
    """The source's room guid when it is a UUID (names change, guids should not), else one made from the slug."""
    if room is not None and room.guid:
        try:
            return str(uuid.UUID(room.guid.strip()))
        except ValueError:
            pass
    return str(derive(event, "room", slug))
