/* frontwire desk: small bar charts of the filtered view (the events the map and table
 * show): counts by event type, by actor and by admin1 (governorate or province).
 * Plain DOM bars; a bar sets its filter (type, actor, region) when clicked. */
(function () {
  "use strict";
  var FW = window.FW, $ = FW.$, el = FW.el, clear = FW.clear;
  var TOP = 6; // bars per chart; the rest are summed as "others"

  function counts(events, keysOf) {
    var c = {};
    events.forEach(function (e) { keysOf(e).forEach(function (k) { if (k) c[k] = (c[k] || 0) + 1; }); });
    return Object.keys(c).map(function (k) { return { key: k, n: c[k] }; })
      .sort(function (a, b) { return b.n - a.n || (a.key < b.key ? -1 : 1); });
  }

  function chart(id, title, rows, opts) {
    var box = $(id);
    clear(box);
    box.appendChild(el("h4", null, title));
    if (!rows.length) { box.appendChild(el("p", "muted", "none")); return; }
    var shown = rows.slice(0, TOP), rest = rows.slice(TOP);
    var max = shown[0].n;
    shown.forEach(function (r) {
      var line = el("div", "chart-row", null, { "data-key": r.key, "data-count": String(r.n), title: r.key + ": " + r.n });
      line.appendChild(el("span", "chart-label", r.key));
      var track = el("span", "chart-track");
      var bar = el("span", "chart-bar");
      bar.style.width = Math.max(2, r.n / max * 100) + "%";
      bar.style.background = opts.colour ? opts.colour(r.key) : "#5b7fa6";
      track.appendChild(bar);
      line.appendChild(track);
      line.appendChild(el("span", "chart-n", r.n));
      if (opts.filter) {
        line.classList.add("clickable");
        line.addEventListener("click", function () { opts.filter(r.key); });
      }
      box.appendChild(line);
    });
    if (rest.length) {
      var n = 0; rest.forEach(function (r) { n += r.n; });
      box.appendChild(el("div", "chart-more muted", "+ " + rest.length + " more (" + n + ")"));
    }
  }

  function setFilter(selectId) {
    return function (value) {
      var sel = $(selectId);
      sel.value = value;
      if (sel.value === value) sel.dispatchEvent(new Event("change"));
    };
  }

  function draw(visible) {
    chart("chart-type", "By event type", counts(visible, function (e) { return [e.event_type]; }),
          { colour: FW.colour, filter: setFilter("filter-type") });
    chart("chart-actor", "By actor", counts(visible, function (e) {
      return [e.actor1, e.actor2].filter(function (a, i, arr) { return arr.indexOf(a) === i; });
    }), { filter: setFilter("filter-actor") });
    chart("chart-admin1", "By governorate / province", counts(visible, function (e) {
      return [FW.regionKey(e) || "not located"];
    }), { filter: setFilter("filter-region") });
  }

  FW.charts = { draw: draw };
})();
