/* frontwire desk: the event list as a dense, sortable table (date, place, type and
 * sub-type, actors, fatalities, sources, flags). Clicking a row selects the event. */
(function () {
  "use strict";
  var FW = window.FW, $ = FW.$, el = FW.el, clear = FW.clear, state = FW.state;
  var LIST_MAX = 1000; // rows drawn at once: more would make the page sluggish

  function actors(e) { return [e.actor1, e.actor2].filter(Boolean).join(" vs "); }
  function num(v) { return v === null || v === undefined ? null : v; }

  // key: the value a column sorts by (null: unknown, listed last either way); first click sorts
  // descending for numbers and dates
  var COLUMNS = [
    { id: "date", label: "Date", key: function (e) { return e.event_date || null; }, desc: true },
    { id: "place", label: "Place", key: function (e) { return (e.location || "").toLowerCase(); } },
    { id: "type", label: "Type / sub-type", key: function (e) { return e.event_type + " " + e.sub_event_type; } },
    { id: "actors", label: "Actors", key: function (e) { return actors(e).toLowerCase(); } },
    { id: "fatalities", label: "Fat.", title: "Fatalities (best estimate)", key: function (e) { return num(e.fatalities); }, desc: true },
    { id: "sources", label: "Src", title: "Number of outlets", key: function (e) { return (e.sources || []).length; }, desc: true },
    { id: "flags", label: "Flags", key: function (e) { return flags(e).length; }, desc: true }
  ];
  var sort = { id: null, desc: false }; // null: the server's order (newest first)

  /** Short flags: contradictions, approximate or missing place, needs review. */
  function flags(e) {
    var out = [];
    var n = (e.contradictions || []).length;
    if (n) out.push({ text: n + " contra.", cls: "tag tag-red", title: n + " contradiction" + (n === 1 ? "" : "s") + " between sources" });
    if (e.latitude === null || e.latitude === undefined) out.push({ text: "not on map", cls: "tag", title: "place not resolved" });
    else if (e.geo_note || (e.geo_precision && e.geo_precision >= 2)) {
      // an approximate place is what most review flags are about: one tag says both
      out.push({ text: "approx.", cls: "tag tag-approx", title: FW.precisionLabel(e) + (e.needs_review ? "; needs review" : "") });
    } else if (e.needs_review) out.push({ text: "review", cls: "tag tag-review", title: "flagged for review" });
    return out;
  }

  function sorted(rows) {
    if (!sort.id) return rows;
    var col = COLUMNS.filter(function (c) { return c.id === sort.id; })[0];
    var dir = sort.desc ? -1 : 1;
    return rows.slice().sort(function (a, b) {
      var ka = col.key(a), kb = col.key(b);
      // an unknown toll or date is not the smallest: it goes last in both directions
      if (ka === null || kb === null) return ka === kb ? 0 : ka === null ? 1 : -1;
      return ka < kb ? -dir : ka > kb ? dir : 0;
    });
  }

  function head() {
    var tr = el("tr");
    COLUMNS.forEach(function (c) {
      var th = el("th", "col-" + c.id, null, { scope: "col", "data-col": c.id,
                                               "aria-sort": sort.id === c.id ? (sort.desc ? "descending" : "ascending") : "none" });
      var b = el("button", "sort", c.label + (sort.id === c.id ? (sort.desc ? " ▼" : " ▲") : ""),
                 { type: "button", title: "Sort by " + (c.title || c.label).toLowerCase(), "data-testid": "sort-" + c.id });
      b.addEventListener("click", function () {
        if (sort.id === c.id) sort.desc = !sort.desc;
        else { sort.id = c.id; sort.desc = !!c.desc; }
        draw(state.visible);
      });
      th.appendChild(b);
      tr.appendChild(th);
    });
    return tr;
  }

  function row(e) {
    var tr = el("tr", "event-row", null, { "data-event-id": e.event_id, "data-testid": "event-row",
                                           "data-date": e.event_date || "", tabindex: "0" });
    if (e.event_id === state.selected) tr.classList.add("selected");
    tr.appendChild(el("td", "row-date", e.event_date || "undated"));
    var place = el("td", "row-place", null, { title: [e.location, e.admin1, e.country].filter(Boolean).join(", ") });
    place.appendChild(el("span", "row-loc", e.location || "unknown place"));
    tr.appendChild(place);
    var type = el("td", "row-type", null, { title: e.event_type + " — " + e.sub_event_type });
    var sw = el("span", "swatch");
    sw.style.background = FW.colour(e.event_type);
    type.appendChild(sw);
    type.appendChild(el("span", null, e.sub_event_type));
    tr.appendChild(type);
    tr.appendChild(el("td", "row-actors", actors(e), { title: actors(e) }));
    tr.appendChild(el("td", "row-num", e.fatalities === null || e.fatalities === undefined ? "" : e.fatalities));
    tr.appendChild(el("td", "row-num", (e.sources || []).length, { title: (e.sources || []).join("; ") }));
    var f = el("td", "row-flags");
    flags(e).forEach(function (x) { f.appendChild(el("span", x.cls, x.text, { title: x.title })); });
    tr.appendChild(f);
    tr.addEventListener("click", function () { FW.desk.select(e.event_id, { fromList: true }); });
    tr.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); FW.desk.select(e.event_id, { fromList: true }); }
      // arrow keys walk the table, selecting as they go
      var next = ev.key === "ArrowDown" ? tr.nextElementSibling : ev.key === "ArrowUp" ? tr.previousElementSibling : null;
      if (next) {
        ev.preventDefault();
        next.focus();
        next.scrollIntoView({ block: "nearest" });
        FW.desk.select(next.getAttribute("data-event-id"), { fromList: true });
      }
    });
    return tr;
  }

  function draw(visible) {
    var table = $("event-table");
    clear(table);
    var thead = el("thead");
    thead.appendChild(head());
    table.appendChild(thead);
    var tbody = el("tbody", null, null, { id: "event-list", "data-testid": "event-list" });
    sorted(visible).slice(0, LIST_MAX).forEach(function (e) { tbody.appendChild(row(e)); });
    table.appendChild(tbody);
    var n = visible.length;
    $("list-count").textContent = n + " event" + (n === 1 ? "" : "s") +
      (state.brush ? " in the selected dates" : "") + (n > LIST_MAX ? " (first " + LIST_MAX + " listed)" : "");
  }

  /** Mark the selected row (and scroll it into view unless the click came from the table). */
  function markSelected(id, scroll) {
    Array.prototype.forEach.call(document.querySelectorAll(".event-row"), function (r) {
      var on = r.getAttribute("data-event-id") === id;
      r.classList.toggle("selected", on);
      if (on && scroll) r.scrollIntoView({ block: "nearest" });
    });
  }

  FW.table = { draw: draw, markSelected: markSelected };
})();
