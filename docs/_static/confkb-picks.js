/* My picks, kept in this browser (localStorage, one list per event): every button.confkb-pick toggles its talk.
   A button's accessible name (aria-label) is "Add to my schedule: <title>" or "Remove from my schedule: <title>";
   it shows the start of it (in a grid block only the star and the verb),
   with aria-pressed. Other scripts use window.confkbPicks and hear "confkb:picks" when the picks change. */
(function () {
  "use strict";
  var PREFIX = "confkb-picks:";

  function read(event) {
    try {
      var value = JSON.parse(window.localStorage.getItem(PREFIX + event) || "[]");
      return Array.isArray(value) ? value.filter(function (x) { return typeof x === "string"; }) : [];
    } catch (e) {
      return [];  // storage off (private mode, blocked) or a value another script broke: no picks
    }
  }

  function write(event, slugs) {
    var unique = Array.from(new Set(slugs)).sort();
    try {
      window.localStorage.setItem(PREFIX + event, JSON.stringify(unique));
    } catch (e) { /* storage full or off: the picks last as long as the page */ }
    document.dispatchEvent(new CustomEvent("confkb:picks", { detail: { event: event } }));
    return unique;
  }

  function has(event, slug) {
    return read(event).indexOf(slug) >= 0;
  }

  function sync(button) {
    var picked = has(button.dataset.event, button.dataset.session);
    var title = button.dataset.title || "";
    button.setAttribute("aria-pressed", picked ? "true" : "false");
    // the shown words are the start of the accessible name ("Add to my schedule: <title>"); see render/picks.py
    button.setAttribute("aria-label", (picked ? "Remove from my schedule: " : "Add to my schedule: ") + title);
    var parts = [["confkb-pick-mark", picked ? "★" : "☆"], ["confkb-pick-verb", picked ? " Remove" : " Add"],
                 ["confkb-pick-rest", picked ? " from my schedule" : " to my schedule"]];
    parts.forEach(function (part) {
      var span = button.querySelector("." + part[0]);
      if (!span) {
        span = document.createElement("span");
        span.className = part[0];
        button.appendChild(span);
      }
      span.textContent = part[1];
    });
    button.querySelector(".confkb-pick-mark").setAttribute("aria-hidden", "true");
    button.hidden = false;  // the grid may render it hidden for readers without JavaScript
  }

  function syncAll() {
    document.querySelectorAll("button.confkb-pick").forEach(sync);
  }

  function toggle(button) {
    var event = button.dataset.event, slug = button.dataset.session;
    var slugs = read(event);
    var at = slugs.indexOf(slug);
    if (at >= 0) {
      slugs.splice(at, 1);
    } else {
      slugs.push(slug);
    }
    write(event, slugs);
  }

  function button(event, slug, title) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "confkb-pick";
    b.dataset.session = slug;
    b.dataset.event = event;
    b.dataset.title = title;
    sync(b);
    return b;
  }

  // one listener for every button, those a script adds later included
  document.addEventListener("click", function (ev) {
    var target = ev.target instanceof Element ? ev.target.closest("button.confkb-pick") : null;
    if (target && target.dataset.event && target.dataset.session) {
      toggle(target);
    }
  });
  document.addEventListener("confkb:picks", syncAll);
  // picks changed in another tab of the same site
  window.addEventListener("storage", function (ev) {
    if (ev.key && ev.key.indexOf(PREFIX) === 0) {
      document.dispatchEvent(new CustomEvent("confkb:picks", { detail: { event: ev.key.slice(PREFIX.length) } }));
    }
  });
  window.confkbPicks = { read: read, write: write, has: has, button: button, sync: sync };
  syncAll();
})();
