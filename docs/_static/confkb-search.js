/* The search page: asks the Pagefind index the build made (tools/confkb/sphinxext/search.py) and shows the pages
   it finds in #search-results, each a link, with facets to narrow them. The address keeps the query and the chosen
   facets (search.html?q=...&kind=talk), so that a search can be shared and the back button works. Snippets come
   from the index: no result page is fetched. */
(() => {
  "use strict";
  const FACETS = [["kind", "Kind"], ["event", "Event"], ["track", "Track"], ["day", "Day"]];
  // beside the results on a wide screen; above them and folded on a phone, so that the results come first
  const WIDE = window.matchMedia("(min-width: 50em)");
  const PAGE = 10; // results whose snippet is loaded at a time ("More results" loads the next ones)
  const root = new URL(document.documentElement.dataset.content_root || "./", location.href);
  const params = () => new URLSearchParams(location.search);
  const guide = () => params().get("scope") === "guide";
  let engine = null;
  let engineOf = "";
  let asked = 0; // the newest query: an older one that answers late is not shown

  const el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    node.append(...children);
    return node;
  };

  async function pagefind() {
    const bundle = guide() ? "_pagefind_guide/" : "_pagefind/";
    if (engine && engineOf === bundle) return engine;
    engine = await import(new URL(bundle + "pagefind.js", root).href);
    engineOf = bundle;
    // result URLs are from the site's root, wherever the site is published (Read the Docs: /en/latest/)
    await engine.options({ baseUrl: root.pathname, excerptLength: 24, ranking: { termSimilarity: 2.0, pageLength: 0.5 } });
    await engine.filters(); // loads the filters: a search then counts its results by each of them
    return engine;
  }

  /* The snippet with the query's words marked; Pagefind's excerpt is text with <mark>, rebuilt here from text
     nodes so that nothing in it can be markup. */
  function snippet(excerpt) {
    const parsed = new DOMParser().parseFromString(`<p>${excerpt}</p>`, "text/html").body;
    const out = el("p", { class: "context" });
    for (const node of parsed.querySelector("p").childNodes) {
      out.append(node.nodeName === "MARK" ? el("mark", {}, node.textContent) : document.createTextNode(node.textContent));
    }
    return out;
  }

  const shown = (key, value) => (key === "day" ? value.split(" · ").pop() : value);

  function facets(counts) {
    const box = document.querySelector(".confkb-facet-sets");
    box.replaceChildren();
    const chosen = params();
    const picked = FACETS.reduce((n, [key]) => n + (guide() ? 0 : chosen.getAll(key).length), 0);
    for (const [key, title] of guide() ? [] : FACETS) {
      const values = Object.entries(counts[key] || {}).filter(([v, n]) => n > 0 || chosen.getAll(key).includes(v));
      if (!values.length) continue;
      const set = el("fieldset", {}, el("legend", {}, title));
      for (const [value, n] of values.sort()) {
        const input = el("input", { type: "checkbox", name: key, value });
        input.checked = chosen.getAll(key).includes(value);
        input.addEventListener("change", () => {
          const next = params();
          const kept = next.getAll(key).filter((v) => v !== value);
          next.delete(key);
          for (const v of input.checked ? [...kept, value] : kept) next.append(key, v);
          history.pushState(null, "", `?${next}`);
          run();
        });
        set.append(el("label", {}, input, ` ${shown(key, value)} (${n})`));
      }
      box.append(set);
    }
    const details = box.closest("details");
    details.hidden = !box.children.length;
    details.querySelector("summary").textContent = `Narrow the results${picked ? ` (${picked} chosen)` : ""}`;
  }

  async function more(list, results, from) {
    const data = await Promise.all(results.slice(from, from + PAGE).map((r) => r.data()));
    for (const d of data) {
      const kind = (d.meta && d.meta.kind) || "";
      const where = [...(d.filters.track || []), ...(d.filters.day || []).map((v) => shown("day", v))].join(" · ");
      list.append(el("li", { class: `confkb-hit confkb-hit-${kind}` },
        el("a", { class: "confkb-result", href: d.url }, d.meta.title || d.url),
        kind ? el("span", { class: "confkb-kind" }, ` ${kind}${where ? " · " + where : ""}`) : "",
        snippet(d.excerpt || "")));
    }
    return from + data.length;
  }

  /* The link to the other index: the organisers' guide, or back to the conference, with the same words. */
  function scope(query) {
    const link = document.querySelector(".confkb-search-scope a");
    const next = new URLSearchParams(query ? { q: query } : {});
    if (!guide()) next.set("scope", "guide");
    link.href = `?${next}`;
    link.textContent = guide() ? "Search the conference instead" : "Search the organisers' guide instead";
  }

  async function run() {
    const query = (params().get("q") || "").trim();
    const box = document.getElementById("confkb-search-box");
    const out = document.getElementById("search-results");
    box.value = query;
    scope(query);
    const mine = ++asked;
    if (!query) {
      out.replaceChildren(el("p", { class: "search-summary" }, "Type a name, a title, an organisation or a topic."));
      return;
    }
    out.replaceChildren(el("p", { class: "search-summary" }, "Searching…"));
    const filters = {};
    for (const [key] of guide() ? [] : FACETS) {
      const values = params().getAll(key);
      if (values.length) filters[key] = { any: values };
    }
    const pf = await pagefind();
    const search = await pf.search(query, { filters });
    if (mine !== asked) return;
    const results = search ? search.results : [];
    facets(search ? search.filters : {});
    const list = el("ul", { class: "search" });
    let done = await more(list, results, 0);
    if (mine !== asked) return;
    const summary = el("p", { class: "search-summary", "data-count": String(results.length) },
      results.length ? `${results.length} page${results.length === 1 ? "" : "s"} found.` : "Nothing found.");
    out.replaceChildren(summary, list);
    if (done < results.length) {
      const button = el("button", { type: "button", class: "confkb-more" }, "More results");
      button.addEventListener("click", async () => {
        done = await more(list, results, done);
        if (done >= results.length) button.remove();
      });
      out.append(button);
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    const form = document.querySelector("form.confkb-search-form");
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const next = new URLSearchParams();
      next.set("q", form.elements.q.value);
      if (guide()) next.set("scope", "guide");
      history.pushState(null, "", `?${next}`);
      run();
    });
    window.addEventListener("popstate", run);
    const details = document.querySelector("details.confkb-facets");
    details.open = WIDE.matches;
    WIDE.addEventListener("change", () => { details.open = WIDE.matches; });
    run().catch((error) => {
      document.getElementById("search-results").replaceChildren(
        el("p", { class: "search-summary" }, `The search index could not be loaded (${error}).`));
    });
  });
})();
