/* My schedule (/<event>/my-schedule.html): this browser's picks by day and time, from the event's sessions.json;
   clashes marked; "Download my schedule" as an .ics (RFC 5545, the site's own UIDs, so importing it again
   updates the entries); "Share my picks" as a link whose #picks=a,b adds them to the picks of whoever opens it. */
(function () {
  "use strict";
  var box = document.getElementById("confkb-my-schedule");
  var picks = window.confkbPicks;
  if (!box || !picks) {
    return;
  }
  var EVENT = box.dataset.event;
  var DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];
  var download = null;  // the object URL of the current .ics, revoked when the picks change

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  function dayName(iso) {  // "2025-05-06" -> "Tuesday 6 May 2025", the day as the programme gives it
    var d = new Date(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)));
    return isNaN(d) ? iso : DAYS[d.getUTCDay()] + " " + d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + " " +
      d.getUTCFullYear();
  }

  function instant(iso) {
    return Date.parse(iso);  // floating times are read as the reader's: the same for every pick
  }

  function takeShared(sessions) {
    var m = /(?:^#|&)picks=([^&]*)/.exec(window.location.hash);
    if (!m) {
      return null;
    }
    var wanted = decodeURIComponent(m[1]).split(",").filter(function (x) { return sessions[x]; });
    var mine = picks.read(EVENT);
    var added = wanted.filter(function (x) { return mine.indexOf(x) < 0; });
    picks.write(EVENT, mine.concat(added));
    // a reload must not add again what was removed since
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
    return { added: added.length, shared: wanted.length };
  }

  function clashes(list) {
    var out = {};
    list.forEach(function (a) {
      list.forEach(function (b) {
        if (a !== b && a.start && b.start && instant(a.start) < instant(b.end) && instant(b.start) < instant(a.end)) {
          (out[a.slug] = out[a.slug] || []).push(b.title);
        }
      });
    });
    return out;
  }

  // -- the calendar file ---------------------------------------------------------------------------------
  function text(value) {
    return value.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r\n|\r|\n/g, "\\n");
  }

  function fold(line) {  // lines of at most 75 octets, never splitting a character
    var encoder = new TextEncoder(), parts = [], current = "", size = 0;
    Array.from(line).forEach(function (ch) {
      var n = encoder.encode(ch).length;
      if (size + n > 75) {
        parts.push(current);
        current = " ";
        size = 1;
      }
      current += ch;
      size += n;
    });
    parts.push(current);
    return parts.join("\r\n");
  }

  function when(iso) {  // UTC when the offset is known; floating (local to the event) otherwise
    if (/(Z|[+-]\d\d:\d\d)$/.test(iso)) {
      return new Date(iso).toISOString().replace(/\.\d+Z$/, "Z").replace(/[-:]/g, "");
    }
    return iso.replace(/[-:]/g, "").slice(0, 15);
  }

  function calendar(data, list) {
    var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//confkb//my schedule//EN", "CALSCALE:GREGORIAN",
      "X-WR-CALNAME:" + text("My schedule: " + data.name)];
    var stamp = when(new Date().toISOString());
    list.filter(function (s) { return s.start; }).forEach(function (s) {
      var where = [s.room, s.track ? s.track + " track" : "", data.location].filter(Boolean).join(", ");
      lines.push("BEGIN:VEVENT", "UID:" + text(s.uid), "DTSTAMP:" + stamp, "DTSTART:" + when(s.start));
      if (s.end && s.end !== s.start) {
        lines.push("DTEND:" + when(s.end));
      }
      lines.push("SUMMARY:" + text(s.title));
      if (where) {
        lines.push("LOCATION:" + text(where));
      }
      if (s.speakers.length) {
        lines.push("DESCRIPTION:" + text("Speakers: " + s.speakers.join(", ")));
      }
      lines.push("URL:" + new URL(s.url, window.location.href).href, "END:VEVENT");
    });
    lines.push("END:VCALENDAR");
    return lines.map(fold).join("\r\n") + "\r\n";
  }

  // -- the page --------------------------------------------------------------------------------------------
  function item(s, clash) {
    var time = s.start ? s.start.slice(11, 16) + "–" + s.end.slice(11, 16) : "Time unknown";
    var attrs = { "class": "confkb-my-item" + (clash ? " confkb-clash" : ""), "data-session": s.slug,
      "data-event": EVENT };
    if (s.start) {
      attrs["data-start"] = s.start;
      attrs["data-end"] = s.end;
    }
    var about = [s.speakers.join(", "), s.room, s.track].filter(Boolean).join(" · ");
    var li = el("li", attrs, [el("span", { "class": "confkb-my-time" }, [time]), " ",
      el("a", { href: s.url }, [s.title])]);
    if (about) {
      li.appendChild(el("span", { "class": "confkb-my-about" }, [about]));
    }
    if (clash) {
      li.appendChild(el("span", { "class": "confkb-clash-note" },
        [el("strong", {}, ["Clash"]), " with " + clash.join("; ")]));
    }
    li.appendChild(picks.button(EVENT, s.slug, s.title));
    return li;
  }

  function render(data, sessions, shared) {
    var list = picks.read(EVENT).map(function (x) { return sessions[x]; }).filter(Boolean);
    list.sort(function (a, b) {
      return (a.start ? instant(a.start) : Infinity) - (b.start ? instant(b.start) : Infinity) ||
        (a.title < b.title ? -1 : a.title > b.title ? 1 : 0);
    });
    box.textContent = "";
    if (shared) {
      box.appendChild(el("p", { role: "status", "class": "confkb-shared" }, [shared.added ?
        "Added " + shared.added + (shared.added === 1 ? " talk" : " talks") + " from the shared link to your schedule." :
        "The shared link's " + shared.shared + (shared.shared === 1 ? " talk is" : " talks are") +
        " already in your schedule."]));
    }
    if (!list.length) {
      box.appendChild(el("p", {}, ["You have picked no talks yet: use “Add to my schedule” on a talk's page or on ",
        el("a", { href: "schedule.html" }, ["the schedule"]), "."]));
      document.dispatchEvent(new Event("confkb:rendered"));
      return;
    }
    if (download) {
      URL.revokeObjectURL(download);
    }
    download = URL.createObjectURL(new Blob([calendar(data, list)], { type: "text/calendar;charset=utf-8" }));
    var share = window.location.href.split("#")[0] + "#picks=" + list.map(function (s) { return s.slug; }).join(",");
    var input = el("input", { type: "text", readonly: "", value: share, "class": "confkb-share-link",
      "aria-label": "Share my picks: a link that adds them to the picks of whoever opens it" });
    var copy = el("button", { type: "button", "class": "confkb-copy" }, ["Copy link"]);
    copy.addEventListener("click", function () {
      input.select();
      if (navigator.clipboard) {
        navigator.clipboard.writeText(share).then(function () { copy.textContent = "Copied"; }, function () {});
      }
    });
    box.appendChild(el("p", { "class": "confkb-my-actions" }, [
      el("a", { href: download, download: EVENT + "-my-schedule.ics", "class": "confkb-download" },
        ["Download my schedule"]),
      " " + list.length + (list.length === 1 ? " talk" : " talks") + (data.timezone ? ", times in " + data.timezone : "")]));
    box.appendChild(el("p", { "class": "confkb-share" }, [el("span", {}, ["Share my picks: "]), input, " ", copy]));
    var clash = clashes(list), day = null, ul = null;
    list.forEach(function (s) {
      var d = s.start ? s.start.slice(0, 10) : "";
      if (ul === null || d !== day) {
        day = d;
        box.appendChild(el("h2", {}, [d ? dayName(d) : "Time unknown"]));
        ul = box.appendChild(el("ul", { "class": "confkb-my-list" }));
      }
      ul.appendChild(item(s, clash[s.slug]));
    });
    document.dispatchEvent(new Event("confkb:rendered"));
  }

  fetch(box.dataset.sessions).then(function (r) {
    if (!r.ok) {
      throw new Error(r.status);
    }
    return r.json();
  }).then(function (data) {
    var sessions = {};
    data.sessions.forEach(function (s) { sessions[s.slug] = s; });
    var shared = takeShared(sessions);
    render(data, sessions, shared);
    document.addEventListener("confkb:picks", function () { render(data, sessions, null); });
    window.addEventListener("hashchange", function () {
      var again = takeShared(sessions);
      if (again) {
        render(data, sessions, again);
      }
    });
  }).catch(function () {
    box.textContent = "";
    box.appendChild(el("p", {}, ["Your picks could not be shown: the list of talks did not load. ",
      el("a", { href: "schedule.html" }, ["The schedule"]), " lists every talk."]));
  });
})();
