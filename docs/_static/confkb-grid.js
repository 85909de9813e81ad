// The schedule grid's filters (tools/confkb/render/grid.py): ?track=&room=&type= in the URL, so a filtered view
// can be shared; during the event the schedule's own address opens on today, in the event's time zone.
(() => {
  "use strict";
  const grid = document.querySelector(".confkb-grid");
  if (!grid) return;
  const days = document.querySelector(".confkb-days");
  const tabs = days ? [...days.querySelectorAll("a[data-date]")] : [];
  const params = new URLSearchParams(location.search);

  const today = (zone) => {
    try {
      const parts = new Intl.DateTimeFormat("en-US", { timeZone: zone || undefined, year: "numeric",
        month: "2-digit", day: "2-digit" }).formatToParts(new Date());
      const part = (type) => parts.find((p) => p.type === type).value;
      return `${part("year")}-${part("month")}-${part("day")}`;
    } catch (e) {
      return "";
    }
  };
  if (grid.hasAttribute("data-home") && !location.hash) {
    const date = today(days && days.dataset.timezone);
    const tab = tabs.find((a) => a.dataset.date === date && !a.hasAttribute("aria-current"));
    if (tab) {
      location.replace(tab.href.split(/[?#]/)[0] + location.search);
      return;
    }
  }

  const form = document.querySelector(".confkb-filter");
  const keys = ["track", "room", "type"];
  const blocks = [...grid.querySelectorAll(".confkb-block")];
  const heads = [...grid.querySelectorAll(".confkb-col")];
  const template = grid.style.gridTemplateColumns;
  const width = Math.max(1, ...heads.map((h) => parseInt(h.style.gridColumnEnd, 10) - 1));
  const span = (el) => [parseInt(el.style.gridColumnStart, 10), parseInt(el.style.gridColumnEnd, 10)];
  const output = form && form.querySelector(".confkb-shown");

  const wanted = () => {
    const want = {};
    for (const k of keys) {
      const select = form && form.querySelector(`select[name="${k}"]`);
      want[k] = select ? select.value : params.get(k) || "";
    }
    return want;
  };
  const matches = (b, want) => (!want.track || b.dataset.track.split(" ").includes(want.track))
    && (!want.room || b.dataset.room === want.room) && (!want.type || b.dataset.type === want.type);

  function apply() {
    const want = wanted();
    let shown = 0;
    for (const b of blocks) {
      b.hidden = !matches(b, want);
      shown += b.hidden ? 0 : 1;
    }
    // columns holding none of the shown talks fold away, so a filtered day fits the screen
    const filtered = keys.some((k) => want[k]);
    const visible = blocks.filter((b) => !b.hidden);
    const narrow = visible.filter((b) => span(b)[1] - span(b)[0] === 1);
    const used = new Set();
    for (const b of narrow.length ? narrow : visible) {
      for (let c = span(b)[0]; c < span(b)[1]; c++) used.add(c);
    }
    const cols = [];
    for (let c = 2; c <= width; c++) cols.push(used.has(c) ? "minmax(8rem,1fr)" : "0");
    grid.style.gridTemplateColumns = filtered ? `3.5rem ${cols.join(" ")}` : template;
    for (const h of heads) {
      const [a, z] = span(h);
      h.hidden = filtered && ![...Array(z - a).keys()].some((i) => used.has(a + i));
    }
    if (output) output.textContent = filtered ? `${shown} of ${blocks.length} sessions shown` : "";
    for (const k of keys) {
      if (want[k]) params.set(k, want[k]);
      else params.delete(k);
    }
    const query = params.toString() ? `?${params}` : "";
    for (const a of tabs) a.href = a.href.split(/[?#]/)[0] + query;
    return query;
  }

  if (form) {
    for (const k of keys) {
      const select = form.querySelector(`select[name="${k}"]`);
      const value = params.get(k);
      if (!select || !value) continue;
      if (![...select.options].some((o) => o.value === value)) select.add(new Option(value, value));
      select.value = value;
    }
    form.hidden = false;
    form.addEventListener("change", () => {
      history.replaceState(null, "", location.pathname + apply() + location.hash);
    });
  }
  apply();
})();
