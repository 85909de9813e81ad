/* Now and next: every [data-session][data-start][data-end] element of the page whose talk is on gets
   aria-current="time" and a visible "Now"; the next to start (within the hour, per room, else per track) a "Next".
   Instants are compared, so the event's zone (the offset in data-start) decides, not the reader's. A talk page's
   .confkb-status says "on now" or "starts in 20 min" when true, and nothing otherwise. */
(function () {
  "use strict";
  var SOON = 60 * 60 * 1000;  // "Next" and "starts in" look this far ahead
  var SELECTOR = "[data-session][data-start][data-end]";

  function mark(el, cls, text) {
    var span = document.createElement("span");
    span.className = cls;
    span.textContent = text;
    el.insertBefore(span, el.firstChild);
  }

  function clear(el) {
    if (el.dataset.confkbNow) {
      el.removeAttribute("aria-current");
      delete el.dataset.confkbNow;
    }
    el.querySelectorAll(":scope > .confkb-now, :scope > .confkb-next").forEach(function (x) { x.remove(); });
    var status = el.querySelector(".confkb-status");
    if (status) {
      status.textContent = "";
    }
  }

  function update() {
    var now = Date.now();
    var next = {};  // group -> {start, elements}
    document.querySelectorAll(SELECTOR).forEach(function (el) {
      clear(el);
      var start = Date.parse(el.dataset.start), end = Date.parse(el.dataset.end);
      if (isNaN(start) || isNaN(end)) {
        return;
      }
      var status = el.querySelector(".confkb-status");
      if (start <= now && now < end) {
        el.setAttribute("aria-current", "time");
        el.dataset.confkbNow = "1";
        mark(el, "confkb-now", "Now");
        if (status) {
          status.textContent = "on now";
        }
      } else if (start > now && start - now <= SOON) {
        if (status) {
          status.textContent = "starts in " + Math.ceil((start - now) / 60000) + " min";
        }
        var group = el.dataset.room || el.dataset.track || "";
        var seen = next[group];
        if (!seen || start < seen.start) {
          next[group] = { start: start, elements: [el] };
        } else if (start === seen.start) {
          seen.elements.push(el);
        }
      }
    });
    Object.keys(next).forEach(function (group) {
      next[group].elements.forEach(function (el) { mark(el, "confkb-next", "Next"); });
    });
  }

  update();
  window.setInterval(update, 30 * 1000);
  // a script that draws talks after the page loaded (my schedule, the grid) says so
  document.addEventListener("confkb:rendered", update);
})();
