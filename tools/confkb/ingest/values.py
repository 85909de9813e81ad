"""Value parsing: dates, time ranges, names and positions as the documents write them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

MONTHS = {m.lower(): i for i, m in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December"], start=1)}
MONTHS.update({name[:3]: num for name, num in list(MONTHS.items())})
MONTHS["sept"] = 9

_DASH = r"\s*(?:-|–|—|to|until)\s*"
# "May 6, 2025" / "May 6th 2025" / "May 6"
_MDY = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:\s*,?\s*(\d{4}))?\b")
# "6 May 2025"
_DMY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s*(\d{4})?\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
# "May 6-7, 2025" / "May 6–7, 2025"
_MDD_Y = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})" + _DASH + r"(\d{1,2}),?\s*(\d{4})\b")
# one clock time: 10:30, 9.30, 14h00, 10:30 AM
_CLOCK = r"(\d{1,2})(?:[:.h](\d{2}))?\s*([AaPp]\.?[Mm]\.?)?"
_RANGE = re.compile(_CLOCK + _DASH + _CLOCK + r"(?:\s*\(?\s*([A-Z]{2,5}(?:[+-]\d{1,2})?)\s*\)?)?")
_TZ_ALONE = re.compile(r"\(\s*([A-Z]{2,5})\s*\)")


def _date(year: int, month: int, day: int) -> str:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return ""


def parse_date(text: str, default_year: int | None = None) -> str:
    """Return ``YYYY-MM-DD`` for the first date in *text*, or "" when there is none."""
    m = _ISO.search(text)
    if m:
        return _date(int(m[1]), int(m[2]), int(m[3]))
    for rx, order in ((_MDY, "mdy"), (_DMY, "dmy")):
        for m in rx.finditer(text):
            month_word, day, year = (m[1], m[2], m[3]) if order == "mdy" else (m[2], m[1], m[3])
            month = MONTHS.get(month_word.lower())
            if not month:
                continue
            y = int(year) if year else default_year
            if y is None:
                continue
            return _date(y, month, int(day))
    return ""


def parse_date_range(text: str) -> tuple[str, str]:
    """Event dates: ``May 6-7, 2025`` -> (2025-05-06, 2025-05-07); a single date gives (d, d)."""
    m = _MDD_Y.search(text)
    if m and m[1].lower() in MONTHS:
        month, year = MONTHS[m[1].lower()], int(m[4])
        return _date(year, month, int(m[2])), _date(year, month, int(m[3]))
    dates = []
    rest = text
    for _ in range(2):
        d = parse_date(rest)
        if not d:
            break
        dates.append(d)
        # look for a second date after the first month name/number group
        cut = re.search(r"(?:-|–|—|to)", rest)
        if not cut:
            break
        rest = rest[cut.end():]
    if not dates:
        return "", ""
    return dates[0], dates[-1]


@dataclass(frozen=True, slots=True)
class TimeRange:
    start: str  # HH:MM
    end: str
    tz_label: str
    problem: str = ""  # why the range is unusable, "" when fine
    repaired: str = ""  # how it was read otherwise than as written ("13:25 AM"), "" when it was not


def _to_24h(hour: int, minute: int, ampm: str | None) -> tuple[int, int]:
    if ampm:
        pm = ampm.lower().startswith("p")
        if hour == 12:
            hour = 0
        if pm:
            hour += 12
    return hour, minute


def parse_time_range(text: str) -> TimeRange | None:
    """Parse ``10:30 - 11:10``, ``14:00–14:40 (CEST)``, ``10:30 – 10:50 AM (CEST)``; None when absent."""
    m = _RANGE.search(text)
    if not m:
        return None
    h1, m1, ap1, h2, m2, ap2, tz = m.groups()
    if m1 is None and m2 is None and not (ap1 or ap2):
        return None  # "2021 - 2023" or "6-7" is not a time range
    hour1, minute1, hour2, minute2 = int(h1), int(m1 or 0), int(h2), int(m2 or 0)
    repaired = ""
    if (ap1 or ap2) and max(hour1, hour2) > 12:
        # "12:45 - 13:25 AM": an hour past 12 is on the 24-hour clock, where AM and PM say nothing
        # the message names a time past 12: the one the suffix is written after, when that one is
        over = [(h, mi, ap) for h, mi, ap in ((hour1, minute1, ap1), (hour2, minute2, ap2)) if h > 12]
        hour, minute, _ = next((x for x in over if x[2]), over[0])
        repaired = f"{hour}:{minute:02d} is a 24-hour time, so {(ap2 or ap1).strip()!r} was ignored"
        ap1 = ap2 = None
    # "10:30 – 10:50 AM": the end's suffix applies to both ends, unless that puts the start after the end:
    # "11:45 - 12:25 PM" crosses noon (11:45 AM to 12:25 PM)
    sh, sm = _to_24h(hour1, minute1, ap1 or ap2)
    eh, em = _to_24h(hour2, minute2, ap2 or ap1)
    if ap2 and not ap1 and ap2.lower().startswith("p") and (eh, em) <= (sh, sm):
        sh, sm = _to_24h(hour1, minute1, "am")
    if not tz:
        t = _TZ_ALONE.search(text[m.end():])
        tz = t[1] if t else ""
    start, end = f"{sh:02d}:{sm:02d}", f"{eh:02d}:{em:02d}"
    if sh > 23 or eh > 24 or sm > 59 or em > 59:
        return TimeRange(start, end, tz or "", f"impossible time {start}-{end}")
    if (eh, em) <= (sh, sm):
        return TimeRange(start, end, tz or "", f"ends ({end}) before it starts ({start})")
    return TimeRange(start, end, tz or "", repaired=repaired)


def zone(name: str) -> ZoneInfo | None:
    """The IANA zone called *name*; None without a name or with one zoneinfo does not know (times stay floating)."""
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def local(zone_name: str, day: str, clock: str) -> dt.datetime | None:
    """That day and time in the zone (floating when the zone is unknown); None without a valid date and time."""
    try:
        return dt.datetime.combine(dt.date.fromisoformat(day), dt.time.fromisoformat(clock), tzinfo=zone(zone_name))
    except ValueError:
        return None


FIXED = re.compile(r"Etc/GMT([+-])(\d{1,2})")


def fixed_zone(minutes: int) -> str:
    """The zone of a programme that gives one offset and no zone's name: ``Etc/GMT-1`` for +01:00 (the Etc
    names' signs are POSIX's, inverted), "UTC" for +00:00; "" for an offset no Etc zone has (+05:30)."""
    if minutes == 0:
        return "UTC"
    if minutes % 60 or not -12 * 60 <= minutes <= 14 * 60:
        return ""
    return f"Etc/GMT{-minutes // 60:+d}"


def is_fixed(zone_name: str) -> bool:
    """True for a fixed offset (``Etc/GMT-1``): the time is known, the venue's zone and its rules are not."""
    return FIXED.fullmatch(zone_name) is not None


def zone_label(zone_name: str) -> str:
    """How a page names the zone: ``UTC+01:00`` for ``Etc/GMT-1``, else its IANA name."""
    m = FIXED.fullmatch(zone_name)
    if m is None:
        return zone_name
    return f"UTC{'-' if m[1] == '+' else '+'}{int(m[2]):02d}:00"


def zone_abbrev(zone: str, day: str, start: str) -> str:
    """The abbreviation a zone wears on that day and time (``Europe/Paris`` in May: CEST); "" when unknown."""
    when = local(zone, day, start)
    return (when.tzname() or "") if when is not None else ""  # a floating time has no name


def zone_abbrevs(zone: str, year: str) -> set[str]:
    """Every abbreviation a zone wears in a year (winter and summer): ``Europe/Paris`` -> {CET, CEST}."""
    return {x for x in (zone_abbrev(zone, f"{year}-01-15", "12:00"), zone_abbrev(zone, f"{year}-07-15", "12:00")) if x}


def zone_offset_minutes(zone: str, day: str, start: str) -> int | None:
    """Minutes east of UTC of *zone* on that day and time; None when unknown."""
    when = local(zone, day, start)
    offset = when.utcoffset() if when is not None else None
    return int(offset.total_seconds() // 60) if offset is not None else None


_UTC_OFFSET = re.compile(r"(?:UTC|GMT)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?")


def label_offset_minutes(label: str) -> int | None:
    """Minutes east of UTC that a label such as ``UTC+2`` or ``GMT-05:30`` names; None for any other label."""
    m = _UTC_OFFSET.fullmatch(label.strip())
    return None if m is None else (1 if m[1] == "+" else -1) * (int(m[2]) * 60 + int(m[3] or 0))


HONORIFICS = re.compile(r"^(?:dr|prof|professor|mr|mrs|ms|mx|sir|dame)\.?\s+", re.IGNORECASE)


def clean_name(text: str) -> str:
    """A person's display name: honorifics and parenthesised aliases dropped, spaces collapsed."""
    name = re.sub(r"\s*[(（][^)）]*[)）]", "", text).strip(" *_:-–—")
    prev = None
    while prev != name:
        prev, name = name, HONORIFICS.sub("", name)
    name = re.sub(r",?\s+(?:ph\.?d\.?|md|msc)\.?$", "", name, flags=re.IGNORECASE)
    return " ".join(name.split())


# Words that make a heading a section title, never a person's name ("Professional Overview").
NOT_NAME_WORDS = {"overview", "profile", "professional", "biography", "bio", "information", "background",
                  "career", "education", "expertise", "publications", "awards", "media", "contributions",
                  "highlights", "roles", "role", "focus", "research", "impact", "insights", "philosophy",
                  "presence", "engagements", "achievements", "summary", "about", "name", "full", "current",
                  "position", "speaker", "personal", "details", "timeline", "leadership", "recognition",
                  "contact", "links", "references", "sources", "images", "videos", "blogs", "talks", "work"}


def same_person(a: str, b: str) -> bool:
    """Tolerant name match: ``Rémi Louf``/``Rémilouf``, ``Pedro Ortis``/``Pedro Ortiz Suarez``,
    ``James Yang``/``Zijiang James Yang``, ``Dong Chen``/``Dongjie Chen``."""
    from difflib import SequenceMatcher

    from slugify import slugify

    ta, tb = slugify(clean_name(a)).split("-"), slugify(clean_name(b)).split("-")
    if not ta[0] or not tb[0]:
        return False
    if "".join(ta) == "".join(tb) or set(ta) <= set(tb) or set(tb) <= set(ta):
        return True
    if not (ta[0].startswith(tb[0]) or tb[0].startswith(ta[0])):
        return False
    return any(SequenceMatcher(None, x, y).ratio() >= 0.8 for x in ta[1:] for y in tb[1:])


# Hosts that serve the same profiles under several names.
SAME_HOST = {"twitter.com": "x.com", "mobile.twitter.com": "x.com", "youtu.be": "youtube.com", "m.youtube.com": "youtube.com"}


def link_key(url: str) -> str:
    """What makes two profile links the same: ``https://twitter.com/Gui_Penedo/`` is ``x.com/gui_penedo``,
    ``fr.linkedin.com/in/x`` is ``linkedin.com/in/x``."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    host = re.sub(r"^(?:www|[a-z]{2})\.(?=linkedin\.com$)|^www\.", "", host)
    host = SAME_HOST.get(host, host)
    return f"{host}{parts.path.rstrip('/').lower()}?{parts.query}" if host else url.strip().lower()


def looks_like_name(text: str) -> bool:
    """Heuristic for a heading that is just a person's name (``### **Matt White**``)."""
    words = clean_name(text).split()
    if not 1 <= len(words) <= 6 or any(ch.isdigit() for ch in text) or ":" in text:
        return False
    if any(w.lower().strip("&,.") in NOT_NAME_WORDS for w in words):
        return False
    return all(w[0].isupper() or not w[0].isalpha() for w in words if w)


def split_position(text: str) -> tuple[str, str]:
    """``Research Engineer at Hugging Face`` -> (``Research Engineer``, ``Hugging Face``).

    Of several roles (``Executive Director, PyTorch Foundation. GM of AI, Linux Foundation.``) the first one;
    callers keep the whole text where the others would be lost.
    """
    text = " ".join(text.split())
    text = re.sub(r"\s*\((?:\d{4}|since)[^)]*\)\s*$", "", text)
    roles = split_roles(text)
    if len(roles) > 1:
        return split_position(roles[0])
    for sep in (" at ", " @ "):
        if sep in text:
            role, org = text.rsplit(sep, 1)
            return role.strip(" ,"), org.strip(" ,.")
    if ", " in text:
        role, org = text.split(", ", 1)
        return role.strip(), org.strip(" .")
    return text, ""


_WORDS = re.compile(r"[^\W_]+")


def title_key(title: str) -> str:
    """Title key that tolerates case, punctuation and spacing drift (``CangjieMagic :`` = ``CangjieMagic:``)."""
    return re.sub(r"[\W_]+", " ", title.casefold()).strip()


def words_missing(text: str, kept: str) -> bool:
    """True when *text* has words (letters or digits) that *kept* does not."""
    return not set(_WORDS.findall(text.casefold())) <= set(_WORDS.findall(kept.casefold()))


def split_roles(text: str) -> list[str]:
    """Roles given one after the other, each "Role, Organisation" or "Role at Organisation".

    ``A, B. C, D.`` and ``A at B; C at D`` hold two; ``Sr. Engineer at X`` holds one (a part without an
    organisation is not a role of its own).
    """
    parts = [x.strip(" .;") for x in re.split(r"(?<=[^\W_)])\.\s+(?=[A-Z])|;\s+", text)]
    whole = all(", " in x or " at " in x or " @ " in x for x in parts)
    return parts if len(parts) > 1 and whole else [text]
