/* frontwire event desk: map, timeline, filters, event list, claims side by side, article view.
 *
 * Plain browser JavaScript, no build step. Every string that comes from the data
 * (news text, names, claims) reaches the page through textContent or
 * createElement: never through innerHTML, so a report cannot inject markup.
 */
(function () {
  "use strict";

  // Okabe-Ito palette (colour-blind safe); the same colours as mapview.py's static map.
  var TYPE_COLOURS = {
    "Battles": "#D55E00",
    "Explosions/Remote violence": "#0072B2",
    "Violence against civilians": "#CC79A7",
    "Protests": "#009E73",
    "Riots": "#E69F00",
    "Strategic developments": "#56B4E9"
  };
  var OTHER_COLOUR = "#777777";
  var DAY_MS = 86400000;
  var LIST_MAX = 1000; // rows drawn at once: more would make the page sluggish
  var FETCH_LIMIT = 10000; // the API's maximum page size

  var state = {
    events: [], // events matching the select/search filters (from the server)
    brush: null, // {start, end} ISO days, inclusive, or null
    view: null, // {first, last} day numbers the timeline shows, or null for all
    selected: null, // event id shown in the panel
    eventCache: {} // id -> full event from /api/events/{id}
  };

  // ------------------------------------------------------------------ helpers

  function $(id) { return document.getElementById(id); }

  /** Element with optional class, text and attributes; text always goes in as textContent. */
  function el(tag, cls, text, attrs) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    }
    return node;
  }

  function svgEl(tag, attrs) {
    var node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function colour(type) { return TYPE_COLOURS[type] || OTHER_COLOUR; }

  function status(msg, isError) {
    var s = $("status");
    s.textContent = msg || "";
    s.classList.toggle("error", !!isError);
  }

  function getJSON(url) {
    return fetch(url, { headers: { "Accept": "application/json" } }).then(function (r) {
      if (!r.ok) {
        return r.json().catch(function () { return {}; }).then(function (body) {
          var detail = body && body.detail;
          if (typeof detail !== "string") detail = JSON.stringify(detail || r.statusText);
          throw new Error(r.status + ": " + detail);
        });
      }
      return r.json();
    });
  }

  function dayNum(iso) { return Math.round(Date.parse(iso + "T00:00:00Z") / DAY_MS); }
  function isoDay(n) { return new Date(n * DAY_MS).toISOString().slice(0, 10); }

  /** Only http(s) links from the data become clickable (no javascript: URLs). */
  function safeUrl(url) {
    if (typeof url !== "string") return null;
    try {
      var u = new URL(url, window.location.href);
      return (u.protocol === "http:" || u.protocol === "https:") ? u.href : null;
    } catch (e) { return null; }
  }

  function fmtValue(v) {
    if (v === null || v === undefined) return "—";
    if (typeof v === "boolean") return v ? "yes" : "no";
    if (typeof v === "object") return JSON.stringify(v);
    return String(v);
  }

  function inBrush(e) {
    if (!state.brush) return true;
    return !!e.event_date && e.event_date >= state.brush.start && e.event_date <= state.brush.end;
  }

  // ------------------------------------------------------------------ map

  var map, clusterLayer, markersById = {}, dotsById = {};

  function initMap(config) {
    // markercluster needs a maxZoom, which a map without a tile layer does not get otherwise
    map = L.map("map", { zoomControl: true, worldCopyJump: true, minZoom: 2, maxZoom: 16 });
    map.attributionControl.setPrefix("Leaflet");
    map.attributionControl.addAttribution("Boundaries: OCHA COD-AB, CC BY-IGO");
    map.setView([35.6, 36.6], 8);

    var tiles = tileUrl(config);
    if (tiles) {
      // Only when the user asked for one: the page must work with no tile server.
      var host = "";
      try { host = new URL(tiles.replace(/[{}]/g, "")).host; } catch (e) { host = "configured server"; }
      L.tileLayer(tiles, { maxZoom: 18, attribution: "Tiles: " + escapeAttribution(host) }).addTo(map);
    }

    clusterLayer = L.markerClusterGroup({
      showCoverageOnHover: false,
      maxClusterRadius: 40,
      chunkedLoading: true,
      iconCreateFunction: clusterIcon
    });
    map.addLayer(clusterLayer);
    map.addControl(legendControl());

    return getJSON("/static/admin1.geojson").then(function (gj) {
      var layer = L.geoJSON(gj, {
        style: { color: "#6b7280", weight: 1, fillColor: "#f4f1ea", fillOpacity: tiles ? 0.1 : 1 },
        onEachFeature: function (f, lyr) {
          var tip = el("span", null, (f.properties && f.properties.name) || "");
          lyr.bindTooltip(tip, { sticky: true, direction: "top", opacity: 0.85 });
        }
      }).addTo(map);
      layer.bringToBack();
      state.adminBounds = layer.getBounds();
    }).catch(function () {
      status("Could not load the governorate outlines.", true);
    });
  }

  /** Tile template from ?tiles= or the server's config; only http(s) with {z}/{x}/{y}. */
  function tileUrl(config) {
    var fromQuery = new URLSearchParams(window.location.search).get("tiles");
    var t = fromQuery || (config && config.tiles) || null;
    if (!t || !/^https?:\/\//i.test(t)) return null;
    if (t.indexOf("{z}") < 0 || t.indexOf("{x}") < 0 || t.indexOf("{y}") < 0) return null;
    return t;
  }

  // Leaflet renders attribution as HTML, so the host name is escaped first.
  function escapeAttribution(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c];
    });
  }

  function legendControl() {
    var ctl = L.control({ position: "bottomright" });
    ctl.onAdd = function () {
      var box = el("div", "legend", null, { "data-testid": "legend", id: "legend" });
      box.appendChild(el("strong", null, "Event type"));
      Object.keys(TYPE_COLOURS).concat(["Other"]).forEach(function (t) {
        var row = el("div", "legend-row");
        var sw = el("span", "swatch");
        sw.style.background = t === "Other" ? OTHER_COLOUR : TYPE_COLOURS[t];
        row.appendChild(sw);
        row.appendChild(el("span", null, t));
        box.appendChild(row);
      });
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    return ctl;
  }

  /** Cluster bubble: a pie of its markers' event types, with the count in the middle. */
  function clusterIcon(cluster) {
    var counts = {};
    var children = cluster.getAllChildMarkers();
    children.forEach(function (m) {
      var t = m.options.eventType;
      counts[t] = (counts[t] || 0) + 1;
    });
    var stops = [], acc = 0, n = children.length;
    Object.keys(counts).sort().forEach(function (t) {
      var a = acc / n * 100, b = (acc + counts[t]) / n * 100;
      stops.push(colour(t) + " " + a.toFixed(2) + "% " + b.toFixed(2) + "%");
      acc += counts[t];
    });
    var size = n < 10 ? 30 : n < 100 ? 38 : 46;
    var wrap = el("div", "cluster-pie");
    wrap.style.background = "conic-gradient(" + stops.join(", ") + ")";
    wrap.style.width = wrap.style.height = size + "px";
    wrap.appendChild(el("span", null, String(n)));
    return L.divIcon({ html: wrap, className: "event-cluster", iconSize: L.point(size, size) });
  }

  function markerFor(e) {
    var dot = el("div", "event-dot" + (e.contradictions && e.contradictions.length ? " has-contradiction" : "")
      + (e.geo_note ? " approximate" : ""));
    // an approximate point (a region's or country's centre) is drawn hollow in the type's colour
    if (e.geo_note) dot.style.borderColor = colour(e.event_type);
    else dot.style.background = colour(e.event_type);
    dot.setAttribute("data-event-id", e.event_id);
    if (e.event_id === state.selected) dot.classList.add("selected");
    dotsById[e.event_id] = dot;
    var m = L.marker([e.latitude, e.longitude], {
      icon: L.divIcon({ html: dot, className: "event-marker", iconSize: L.point(14, 14) }),
      eventType: e.event_type,
      keyboard: true,
      title: [e.event_date || "undated", e.location, e.sub_event_type, e.geo_note].filter(Boolean).join(" · ")
    });
    m.on("click", function () { selectEvent(e.event_id, { fromMap: true }); });
    return m;
  }

  /** Bring a marker into view: open its cluster, or pan to it. */
  function focusMarker(m) {
    // (markercluster's zoomToShowLayer leaves a moveend handler behind when the layer is
    // rebuilt meanwhile, which then throws; this does the same job without one.)
    var parent = clusterLayer.getVisibleParent(m);
    if (parent && parent !== m && parent.getBounds) {
      var b = parent.getBounds();
      if (b.getNorthEast().distanceTo(b.getSouthWest()) < 100) {
        // events at one point never split by zooming: fan them out instead
        map.setView(m.getLatLng(), Math.max(map.getZoom(), 10), { animate: false });
        // after the cluster layer's own zoom animation, during which spiderfy() does nothing
        setTimeout(function () {
          if (!markersById[state.selected] || markersById[state.selected] !== m) return;
          var p2 = clusterLayer.getVisibleParent(m);
          if (p2 && p2 !== m && p2.spiderfy) p2.spiderfy();
        }, 350);
      } else {
        map.fitBounds(b.pad(0.5), { maxZoom: map.getMaxZoom() });
      }
    } else if (!map.getBounds().contains(m.getLatLng())) {
      map.panTo(m.getLatLng());
    }
  }

  function markSelectedDot() {
    Object.keys(dotsById).forEach(function (id) {
      dotsById[id].classList.toggle("selected", id === state.selected);
    });
  }

  function drawMap(visible) {
    clusterLayer.clearLayers();
    markersById = {};
    dotsById = {};
    var markers = [];
    visible.forEach(function (e) {
      if (e.latitude === null || e.longitude === null || e.latitude === undefined) return;
      var m = markerFor(e);
      markersById[e.event_id] = m;
      markers.push(m);
    });
    clusterLayer.addLayers(markers);
    $("map").setAttribute("data-markers", String(markers.length));
  }

  function fitToEvents() {
    var pts = state.events.filter(function (e) { return e.latitude !== null && e.latitude !== undefined; })
      .map(function (e) { return [e.latitude, e.longitude]; });
    if (pts.length) {
      map.fitBounds(L.latLngBounds(pts).pad(0.25), { maxZoom: 10 });
    } else if (state.adminBounds) {
      map.fitBounds(state.adminBounds);
    }
  }

  // ------------------------------------------------------------------ timeline

  var tl = { x0: 0, x1: 0, first: 0, last: 0, dragging: null };

  function drawTimeline() {
    var svg = $("timeline");
    clear(svg);
    var width = svg.clientWidth || 600, height = svg.clientHeight || 110;
    var pad = { left: 28, right: 10, top: 8, bottom: 20 };
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    var dated = state.events.filter(function (e) { return e.event_date; });
    var undated = state.events.length - dated.length;
    $("timeline").setAttribute("data-undated", String(undated));
    $("timeline-undated").textContent = undated ? undated + " undated, not drawn" : "";
    if (!dated.length) {
      var msg = svgEl("text", { x: width / 2, y: height / 2, "text-anchor": "middle", "class": "tl-empty" });
      msg.textContent = state.events.length ? "No dated events" : "No events";
      svg.appendChild(msg);
      return;
    }
    // per day, per type
    var byDay = {};
    dated.forEach(function (e) {
      var d = dayNum(e.event_date);
      var slot = byDay[d] || (byDay[d] = {});
      slot[e.event_type] = (slot[e.event_type] || 0) + 1;
    });
    var days = Object.keys(byDay).map(Number);
    var first = Math.min.apply(null, days), last = Math.max.apply(null, days);
    // a little room either side so single-day datasets still draw a visible bar
    first -= 1; last += 1;
    if (state.view) {
      first = Math.max(first, state.view.first);
      last = Math.min(last, state.view.last);
      if (last < first) { first = state.view.first; last = state.view.last; }
      days = days.filter(function (d) { return d >= first && d <= last; });
    }
    $("timeline-all").hidden = !state.view;
    var maxCount = 1;
    days.forEach(function (d) {
      var s = 0; Object.keys(byDay[d]).forEach(function (t) { s += byDay[d][t]; });
      if (s > maxCount) maxCount = s;
    });
    tl.first = first; tl.last = last; tl.x0 = pad.left; tl.x1 = width - pad.right;
    var span = last - first + 1;
    var dayW = (tl.x1 - tl.x0) / span;
    var plotH = height - pad.top - pad.bottom;

    // axis: baseline, y max label, date ticks
    svg.appendChild(svgEl("line", { x1: tl.x0, x2: tl.x1, y1: pad.top + plotH, y2: pad.top + plotH, "class": "tl-axis" }));
    var ymax = svgEl("text", { x: tl.x0 - 4, y: pad.top + 8, "text-anchor": "end", "class": "tl-label" });
    ymax.textContent = String(maxCount);
    svg.appendChild(ymax);
    ticks(first, last).forEach(function (d) {
      var x = tl.x0 + (d - first) * dayW;
      svg.appendChild(svgEl("line", { x1: x, x2: x, y1: pad.top + plotH, y2: pad.top + plotH + 4, "class": "tl-axis" }));
      var t = svgEl("text", { x: x, y: height - 5, "text-anchor": "middle", "class": "tl-label" });
      t.textContent = last - first > 90 ? isoDay(d).slice(0, 7) : isoDay(d);
      svg.appendChild(t);
    });

    var bars = svgEl("g", { "class": "tl-bars" });
    days.sort(function (a, b) { return a - b; }).forEach(function (d) {
      var types = Object.keys(byDay[d]).sort();
      var total = 0; types.forEach(function (t) { total += byDay[d][t]; });
      var g = svgEl("g", { "class": "bar", "data-day": isoDay(d), "data-count": String(total) });
      var title = svgEl("title");
      title.textContent = isoDay(d) + ": " + total + " event" + (total === 1 ? "" : "s");
      g.appendChild(title);
      var y = pad.top + plotH;
      var bw = Math.max(dayW * 0.85, 1.5);
      var x = tl.x0 + (d - first) * dayW + (dayW - bw) / 2;
      types.forEach(function (t) {
        var h = byDay[d][t] / maxCount * plotH;
        y -= h;
        g.appendChild(svgEl("rect", { x: x, y: y, width: bw, height: Math.max(h, 0.5), fill: colour(t) }));
      });
      // a full-height, invisible hit area: thin bars are hard to click otherwise
      g.appendChild(svgEl("rect", { x: tl.x0 + (d - first) * dayW, y: pad.top, width: dayW, height: plotH,
                                    "class": "bar-hit" }));
      bars.appendChild(g);
    });
    svg.appendChild(bars);

    var brush = svgEl("rect", { "class": "tl-brush", y: pad.top, height: plotH, x: 0, width: 0, visibility: "hidden" });
    brush.id = "timeline-brush";
    svg.appendChild(brush);
    drawBrush();
  }

  /** Tick days: about six; on month starts when the span is long. */
  function ticks(first, last) {
    var span = last - first, out = [];
    if (span > 90) {
      var months = Math.max(1, Math.ceil(span / 30.4 / 6));
      var dt = new Date(first * DAY_MS);
      var y = dt.getUTCFullYear(), m = dt.getUTCMonth() + 1;
      for (;;) {
        var d = Math.round(Date.UTC(y, m, 1) / DAY_MS);
        if (d > last) break;
        if (m % months === 0) out.push(d);
        m += 1;
        if (m > 11) { m -= 12; y += 1; }
      }
      return out;
    }
    var step = Math.max(1, Math.ceil(span / 6));
    for (var d2 = first + Math.floor(step / 2); d2 <= last; d2 += step) out.push(d2);
    return out.slice(0, 8);
  }

  function dayAt(clientX) {
    var svg = $("timeline"), r = svg.getBoundingClientRect();
    var vbW = svg.viewBox.baseVal && svg.viewBox.baseVal.width ? svg.viewBox.baseVal.width : r.width;
    var x = (clientX - r.left) * vbW / r.width;
    var dayW = (tl.x1 - tl.x0) / (tl.last - tl.first + 1);
    var d = tl.first + Math.floor((x - tl.x0) / dayW);
    return Math.min(tl.last, Math.max(tl.first, d));
  }

  function drawBrush() {
    var rect = $("timeline-brush");
    var svg = $("timeline");
    var label = $("brush-label");
    var b = state.brush;
    $("brush-clear").hidden = !b;
    $("timeline-zoom").hidden = !b;
    if (b) {
      svg.setAttribute("data-brush-start", b.start);
      svg.setAttribute("data-brush-end", b.end);
      label.textContent = b.start === b.end ? b.start : b.start + " – " + b.end;
    } else {
      svg.removeAttribute("data-brush-start");
      svg.removeAttribute("data-brush-end");
      label.textContent = "";
    }
    if (!rect) return;
    if (!b) { rect.setAttribute("visibility", "hidden"); return; }
    var dayW = (tl.x1 - tl.x0) / (tl.last - tl.first + 1);
    var s = Math.max(dayNum(b.start), tl.first), e = Math.min(dayNum(b.end), tl.last);
    if (e < s) { rect.setAttribute("visibility", "hidden"); return; }
    rect.setAttribute("x", tl.x0 + (s - tl.first) * dayW);
    rect.setAttribute("width", Math.max((e - s + 1) * dayW, 2));
    rect.setAttribute("visibility", "visible");
  }

  function initTimeline() {
    var svg = $("timeline");
    svg.addEventListener("mousedown", function (ev) {
      if (ev.button !== 0 || !state.events.some(function (e) { return e.event_date; })) return;
      ev.preventDefault();
      tl.dragging = { startX: ev.clientX, startDay: dayAt(ev.clientX), moved: false };
    });
    window.addEventListener("mousemove", function (ev) {
      if (!tl.dragging) return;
      if (Math.abs(ev.clientX - tl.dragging.startX) > 3) tl.dragging.moved = true;
      if (!tl.dragging.moved) return;
      var a = tl.dragging.startDay, b = dayAt(ev.clientX);
      state.brush = { start: isoDay(Math.min(a, b)), end: isoDay(Math.max(a, b)) };
      drawBrush();
    });
    window.addEventListener("mouseup", function (ev) {
      if (!tl.dragging) return;
      var drag = tl.dragging;
      tl.dragging = null;
      if (!drag.moved) {
        // a click: that one day if it has events, else clear the selection
        var day = isoDay(dayAt(ev.clientX));
        var has = state.events.some(function (e) { return e.event_date === day; });
        state.brush = has ? { start: day, end: day } : null;
      }
      drawBrush();
      applyBrush();
    });
    $("timeline-zoom").addEventListener("click", zoomToBrush);
    svg.addEventListener("dblclick", zoomToBrush);
    $("timeline-all").addEventListener("click", function () {
      state.view = null;
      drawTimeline();
    });
    $("brush-clear").addEventListener("click", function () {
      state.brush = null;
      drawBrush();
      applyBrush();
    });
    if (window.ResizeObserver) {
      new ResizeObserver(function () { drawTimeline(); }).observe(svg);
    }
  }

  /** Spread the selected dates (with a margin) across the whole timeline. */
  function zoomToBrush() {
    if (!state.brush) return;
    var a = dayNum(state.brush.start), b = dayNum(state.brush.end);
    var margin = Math.max(3, Math.round((b - a) * 0.5));
    state.view = { first: a - margin, last: b + margin };
    drawTimeline();
  }

  function applyBrush() {
    var visible = state.events.filter(inBrush);
    drawMap(visible);
    drawList(visible);
    writeHash();
  }

  // ------------------------------------------------------------------ filters

  function filterParams() {
    var p = new URLSearchParams();
    ["type", "actor", "outlet"].forEach(function (k) {
      var v = $("filter-" + k).value;
      if (v) p.set(k, v);
    });
    var q = $("filter-q").value.trim();
    if (q) p.set("q", q);
    return p;
  }

  function fillSelect(sel, values, keep) {
    var current = keep || sel.value;
    while (sel.options.length > 1) sel.remove(1);
    values.forEach(function (v) {
      var o = el("option", null, v.label !== undefined ? v.label : v);
      o.value = v.value !== undefined ? v.value : v;
      sel.appendChild(o);
    });
    sel.value = current;
    if (sel.value !== current) sel.value = "";
  }

  function populateFilters(allEvents, outlets) {
    var types = {}, actors = {};
    allEvents.forEach(function (e) {
      types[e.event_type] = (types[e.event_type] || 0) + 1;
      [e.actor1, e.actor2].concat(e.assoc_actor1 || [], e.assoc_actor2 || []).forEach(function (a) {
        if (a) actors[a] = (actors[a] || 0) + 1;
      });
    });
    fillSelect($("filter-type"), Object.keys(types).sort().map(function (t) {
      return { value: t, label: t + " (" + types[t] + ")" };
    }));
    fillSelect($("filter-actor"), Object.keys(actors).sort(function (a, b) {
      return actors[b] - actors[a] || (a < b ? -1 : 1);
    }).map(function (a) { return { value: a, label: a + " (" + actors[a] + ")" }; }));
    fillSelect($("filter-outlet"), outlets.map(function (o) {
      return { value: o.name, label: o.name + (o.stance ? " — " + o.stance : "") + " (" + o.events + ")" };
    }));
  }

  var loadSeq = 0;
  /** Fetch the events matching the selects/search (all pages up to FETCH_LIMIT). */
  function loadEvents() {
    var seq = ++loadSeq;
    var p = filterParams();
    p.set("limit", String(FETCH_LIMIT));
    status("Loading events…");
    return getJSON("/api/events?" + p.toString()).then(function (body) {
      if (seq !== loadSeq) return; // a newer filter change won
      var review = $("filter-review").checked;
      // "needs review" narrows what the server sent (approximate or unresolved places, flagged events)
      state.events = review ? body.events.filter(function (e) { return e.needs_review; }) : body.events;
      var more = body.total > body.events.length ? " (showing the first " + body.events.length + ")" : "";
      status(review ? state.events.length + " of " + body.events.length + " events need review" + more
        : body.total + " event" + (body.total === 1 ? "" : "s") + more);
      drawTimeline();
      applyBrush();
    }).catch(function (err) {
      status("Could not load events: " + err.message, true);
    });
  }

  function initFilters() {
    ["type", "actor", "outlet"].forEach(function (k) {
      $("filter-" + k).addEventListener("change", function () { loadEvents().then(fitToEvents); });
    });
    var timer = null;
    $("filter-q").addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { loadEvents(); }, 300);
    });
    $("filter-review").addEventListener("change", function () { loadEvents().then(fitToEvents); });
    $("filters").addEventListener("submit", function (ev) { ev.preventDefault(); loadEvents(); });
    $("filter-reset").addEventListener("click", function () {
      ["type", "actor", "outlet"].forEach(function (k) { $("filter-" + k).value = ""; });
      $("filter-review").checked = false;
      $("filter-q").value = "";
      state.brush = null;
      loadEvents().then(fitToEvents);
    });
  }

  // ------------------------------------------------------------------ event list

  function drawList(visible) {
    var list = $("event-list");
    clear(list);
    var shown = visible.slice(0, LIST_MAX);
    shown.forEach(function (e) {
      var li = el("li", "event-row", null, { "data-event-id": e.event_id, "data-testid": "event-row",
                                             "data-date": e.event_date || "", tabindex: "0", role: "button" });
      if (e.event_id === state.selected) li.classList.add("selected");
      var dot = el("span", "swatch");
      dot.style.background = colour(e.event_type);
      li.appendChild(dot);
      var main = el("div", "row-main");
      var line1 = el("div", "row-title");
      line1.appendChild(el("span", "row-date", e.event_date || "undated"));
      line1.appendChild(el("span", "row-loc", e.location || "unknown place"));
      if (e.latitude === null || e.latitude === undefined) line1.appendChild(el("span", "tag", "not on map"));
      if (e.contradictions && e.contradictions.length) {
        line1.appendChild(el("span", "tag tag-red", e.contradictions.length + " contradiction" +
                                                      (e.contradictions.length === 1 ? "" : "s")));
      }
      main.appendChild(line1);
      var actors = [e.actor1, e.actor2].filter(Boolean).join(" vs ");
      main.appendChild(el("div", "row-sub", e.sub_event_type + (actors ? " — " + actors : "")));
      var facts = [];
      if (e.fatalities !== null && e.fatalities !== undefined) facts.push(e.fatalities + " killed");
      facts.push((e.sources || []).length + " source" + ((e.sources || []).length === 1 ? "" : "s"));
      main.appendChild(el("div", "row-facts", facts.join(" · ")));
      li.appendChild(main);
      li.addEventListener("click", function () { selectEvent(e.event_id); });
      li.addEventListener("keydown", function (ev) {
        if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); selectEvent(e.event_id); }
      });
      list.appendChild(li);
    });
    var n = visible.length;
    $("list-count").textContent = n + " event" + (n === 1 ? "" : "s") +
      (state.brush ? " in the selected dates" : "") + (n > LIST_MAX ? " (first " + LIST_MAX + " listed)" : "");
  }

  // ------------------------------------------------------------------ event panel

  function selectEvent(id, opts) {
    opts = opts || {};
    state.selected = id;
    Array.prototype.forEach.call(document.querySelectorAll(".event-row"), function (r) {
      r.classList.toggle("selected", r.getAttribute("data-event-id") === id);
      if (r.getAttribute("data-event-id") === id && !opts.fromList) r.scrollIntoView({ block: "nearest" });
    });
    var m = markersById[id];
    if (m && !opts.fromMap) focusMarker(m);
    markSelectedDot();
    writeHash();
    var cached = state.eventCache[id];
    var p = cached ? Promise.resolve(cached)
      : getJSON("/api/events/" + encodeURIComponent(id)).then(function (e) { state.eventCache[id] = e; return e; });
    return p.then(function (e) {
      if (state.selected === id) renderEvent(e);
    }).catch(function (err) { status("Could not load event: " + err.message, true); });
  }

  function dl(rows) {
    var list = el("dl", "facts");
    rows.forEach(function (r) {
      if (r[1] === null || r[1] === undefined || r[1] === "") return;
      list.appendChild(el("dt", null, r[0]));
      list.appendChild(el("dd", null, r[1]));
    });
    return list;
  }

  function claimKey(c) {
    return [c.field, JSON.stringify(c.value), c.claimant || "", c.outlet || "", c.article_id || ""].join("\u0001");
  }

  function renderEvent(e) {
    var panel = $("event-panel");
    clear(panel);
    panel.hidden = false;
    $("event-hint").hidden = true;
    panel.setAttribute("data-event-id", e.event_id);

    var head = el("header", "panel-head");
    var sw = el("span", "swatch");
    sw.style.background = colour(e.event_type);
    head.appendChild(sw);
    head.appendChild(el("h2", null, (e.event_date || "undated") + " · " + (e.location || "unknown place")));
    var close = el("button", "panel-close", "×", { type: "button", "aria-label": "Close event" });
    close.addEventListener("click", function () {
      panel.hidden = true; $("event-hint").hidden = false; state.selected = null; writeHash(); markSelectedDot();
      Array.prototype.forEach.call(document.querySelectorAll(".event-row.selected"), function (r) {
        r.classList.remove("selected");
      });
    });
    head.appendChild(close);
    panel.appendChild(head);
    panel.appendChild(el("p", "panel-type", e.event_type + " — " + e.sub_event_type));
    if (e.notes) panel.appendChild(el("p", "notes", e.notes));
    if (e.needs_review) panel.appendChild(el("p", "review", "Needs review: " + (e.geo_note || (e.latitude === null ? "place not resolved" : "flagged by the coder"))));

    var place = [e.location, e.admin2, e.admin1, e.country].filter(Boolean).filter(function (v, i, a) {
      return a.indexOf(v) === i;
    }).join(", ");
    var fat = e.fatalities === null || e.fatalities === undefined ? null
      : e.fatalities + (e.fatalities_low !== null && e.fatalities_high !== null &&
                        (e.fatalities_low !== e.fatalities || e.fatalities_high !== e.fatalities)
        ? " (range " + e.fatalities_low + "–" + e.fatalities_high + ")" : "");
    panel.appendChild(dl([
      ["Actor 1", [e.actor1].concat(e.assoc_actor1 || []).filter(Boolean).join("; ")],
      ["Actor 2", [e.actor2].concat(e.assoc_actor2 || []).filter(Boolean).join("; ")],
      ["Place", place + (e.geo_precision ? " (geo precision " + e.geo_precision + ")" : "")],
      ["Date", (e.event_date || "unknown") + (e.date_precision && e.date_precision !== "day" ? " (" + e.date_precision + ")" : "")],
      ["Fatalities (best)", fat],
      ["Injured", e.injured],
      ["Event id", e.event_id]
    ]));

    // sources with the outlet's stance, so the reader can weigh each claim
    var srcs = el("div", "sources");
    srcs.appendChild(el("h3", null, "Sources"));
    var ul = el("ul");
    (e.articles || []).forEach(function (aid) {
      var info = (e.article_info || {})[aid] || { id: aid };
      var li = el("li");
      var stance = info.outlet && e.outlet_stance ? e.outlet_stance[info.outlet] : null;
      li.appendChild(el("span", "outlet", info.outlet || "unknown outlet"));
      if (stance) li.appendChild(el("span", "tag stance", stance));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(articleLink(aid, info.title || aid, e.event_id));
      if (info.published) li.appendChild(el("span", "muted", " · published " + info.published));
      ul.appendChild(li);
    });
    srcs.appendChild(ul);
    panel.appendChild(srcs);

    // contradictions: red boxes with the explanation
    var conflicted = {};
    (e.contradictions || []).forEach(function (c) {
      var box = el("div", "contradiction", null, { "data-testid": "contradiction", "data-field": c.field, role: "note" });
      box.appendChild(el("strong", null, "Sources disagree on " + c.field));
      box.appendChild(el("p", null, c.explanation));
      var ul2 = el("ul");
      (c.claims || []).forEach(function (cl) {
        conflicted[claimKey(cl)] = true;
        ul2.appendChild(el("li", null, (cl.claimant || cl.outlet || "unnamed source") + ": " + fmtValue(cl.value) +
                                         (cl.outlet && cl.claimant ? " (via " + cl.outlet + ")" : "")));
      });
      box.appendChild(ul2);
      panel.appendChild(box);
    });

    panel.appendChild(claimsTable(e, conflicted));
    panel.scrollTop = 0;
    // review.js adds the analyst's buttons, form and history below
    document.dispatchEvent(new CustomEvent("frontwire:event", { detail: e }));
  }

  /** After a correction: reload the list and the map, and show `id` (the event now holding the change). */
  function refreshAfterCorrection(id) {
    state.eventCache = {};
    return loadEvents().then(function () {
      if (id) return selectEvent(id);
      state.selected = null; $("event-panel").hidden = true; $("event-hint").hidden = false; writeHash();
    });
  }
  window.frontwireDesk = { refresh: refreshAfterCorrection, select: function (id) { return selectEvent(id); } };

  /** Claims side by side: one column per outlet + claimant, one row per field. */
  function claimsTable(e, conflicted) {
    var wrap = el("div", "claims-wrap");
    wrap.appendChild(el("h3", null, "Claims by source"));
    var claims = e.claims || [];
    if (!claims.length) {
      wrap.appendChild(el("p", "muted", "No claims recorded."));
      return wrap;
    }
    var cols = [], colIndex = {}, fields = [], fieldIndex = {};
    claims.forEach(function (c) {
      var k = (c.outlet || "") + "\u0001" + (c.claimant || "");
      if (!(k in colIndex)) { colIndex[k] = cols.length; cols.push({ outlet: c.outlet, claimant: c.claimant }); }
      if (!(c.field in fieldIndex)) { fieldIndex[c.field] = fields.length; fields.push(c.field); }
    });
    var table = el("table", "claims", null, { "data-testid": "claims-table" });
    var thead = el("thead"), hr = el("tr");
    hr.appendChild(el("th", null, "Field"));
    cols.forEach(function (col) {
      var th = el("th", "claim-col", null, { scope: "col" });
      th.appendChild(el("div", "col-outlet", col.outlet || "unknown outlet"));
      th.appendChild(el("div", "col-claimant", col.claimant ? "claimant: " + col.claimant : "claimant: the outlet itself"));
      hr.appendChild(th);
    });
    thead.appendChild(hr);
    table.appendChild(thead);
    var tbody = el("tbody");
    fields.forEach(function (f) {
      var tr = el("tr");
      tr.appendChild(el("th", "field", f, { scope: "row" }));
      cols.forEach(function (col) {
        var td = el("td");
        claims.filter(function (c) {
          return c.field === f && (c.outlet || "") === (col.outlet || "") && (c.claimant || "") === (col.claimant || "");
        }).forEach(function (c) { td.appendChild(claimCell(c, e, conflicted[claimKey(c)])); });
        tr.appendChild(td);
      });
      tbody.appendChild(tr);
    });
    table.appendChild(tbody);
    wrap.appendChild(table);
    return wrap;
  }

  function claimCell(c, e, isConflict) {
    var box = el("div", "claim" + (isConflict ? " claim-conflict" : ""), null, {
      "data-testid": "claim", "data-field": c.field, "data-outlet": c.outlet || "", "data-claimant": c.claimant || ""
    });
    var v = el("div", "claim-value");
    v.textContent = (c.kind ? c.kind + " " : "") + fmtValue(c.value);
    box.appendChild(v);
    var extra = [];
    if (c.victim) extra.push("victims: " + c.victim);
    if (c.low !== null && c.low !== undefined && c.high !== null && c.high !== undefined && (c.low !== c.high)) {
      extra.push("range " + c.low + "–" + c.high);
    }
    extra.push("claimant: " + (c.claimant || "the outlet"));
    box.appendChild(el("div", "claim-meta", extra.join(" · ")));
    if (c.evidence && c.evidence.sentence) {
      var q = el("blockquote", "evidence", c.evidence.sentence);
      box.appendChild(q);
    }
    if (c.article_id) box.appendChild(articleLink(c.article_id, "read in article", e.event_id));
    return box;
  }

  function articleLink(articleId, label, eventId) {
    var a = el("a", "article-link", label, { href: "#article=" + encodeURIComponent(articleId),
                                              "data-article-id": articleId });
    a.addEventListener("click", function (ev) {
      ev.preventDefault();
      openArticle(articleId, eventId);
    });
    return a;
  }

  // ------------------------------------------------------------------ article view

  function openArticle(articleId, eventId) {
    return getJSON("/api/articles/" + encodeURIComponent(articleId)).then(function (a) {
      renderArticle(a, eventId);
    }).catch(function (err) { status("Could not load article: " + err.message, true); });
  }

  /** The text as text nodes, with evidence spans wrapped in <mark> (overlaps split at every edge). */
  function highlighted(text, spans, currentEvent) {
    var frag = document.createDocumentFragment();
    var cuts = [0, text.length];
    spans.forEach(function (s) {
      if (s.start >= 0 && s.end <= text.length && s.start < s.end) cuts.push(s.start, s.end);
    });
    cuts = cuts.filter(function (v, i, a) { return a.indexOf(v) === i; }).sort(function (a, b) { return a - b; });
    for (var i = 0; i < cuts.length - 1; i++) {
      var a = cuts[i], b = cuts[i + 1];
      var piece = text.slice(a, b);
      var over = spans.filter(function (s) { return s.start <= a && s.end >= b; });
      if (!over.length) { frag.appendChild(document.createTextNode(piece)); continue; }
      var ids = over.map(function (s) { return s.event_id; }).filter(function (v, k, arr) { return arr.indexOf(v) === k; });
      var mark = el("mark", "evidence-span", piece, { "data-event-ids": ids.join(" "), title: "evidence for " + ids.join(", ") });
      if (ids.indexOf(currentEvent) >= 0) mark.classList.add("current");
      (function (target) {
        mark.addEventListener("click", function () {
          closeArticle();
          selectEvent(target);
        });
      })(ids.indexOf(currentEvent) >= 0 ? currentEvent : ids[0]);
      frag.appendChild(mark);
    }
    return frag;
  }

  function renderArticle(a, eventId) {
    var view = $("article-view");
    view.setAttribute("data-article-id", a.id);
    $("article-title").textContent = a.title || a.id;
    var meta = $("article-meta");
    clear(meta);
    meta.appendChild(el("span", "outlet", a.outlet || "unknown outlet"));
    if (a.framing && a.framing.stance) meta.appendChild(el("span", "tag stance", a.framing.stance));
    meta.appendChild(document.createTextNode(" · " + (a.published ? "published " + a.published : "date unknown")));
    var href = safeUrl(a.url);
    if (href) {
      meta.appendChild(document.createTextNode(" · "));
      meta.appendChild(el("a", null, "original", { href: href, rel: "noopener noreferrer nofollow", target: "_blank" }));
    }
    meta.appendChild(document.createTextNode(" · " + a.spans.length + " evidence span" + (a.spans.length === 1 ? "" : "s")));
    var body = $("article-text");
    clear(body);
    body.appendChild(highlighted(a.text, a.spans || [], eventId));
    view.hidden = false;
    var first = body.querySelector("mark.current") || body.querySelector("mark");
    if (first) first.scrollIntoView({ block: "center" });
    $("article-close").focus();
  }

  function closeArticle() {
    $("article-view").hidden = true;
  }

  function initArticleView() {
    $("article-close").addEventListener("click", closeArticle);
    $("article-view").addEventListener("click", function (ev) {
      if (ev.target === $("article-view")) closeArticle();
    });
    document.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") {
        if (!$("article-view").hidden) closeArticle();
        else if (state.brush) { state.brush = null; drawBrush(); applyBrush(); }
      }
    });
  }

  // ------------------------------------------------------------------ URL state

  // The location hash keeps the selected dates and event, so a view can be shared.
  function writeHash() {
    var p = new URLSearchParams();
    if (state.brush) { p.set("start", state.brush.start); p.set("end", state.brush.end); }
    if (state.selected) p.set("event", state.selected);
    var h = p.toString();
    if (("#" + h) !== window.location.hash && !(h === "" && window.location.hash === "")) {
      history.replaceState(null, "", h ? "#" + h : window.location.pathname + window.location.search);
    }
  }

  function readHash() {
    var p = new URLSearchParams(window.location.hash.replace(/^#/, ""));
    var s = p.get("start"), e = p.get("end");
    var iso = /^\d{4}-\d{2}-\d{2}$/;
    state.brush = (s && e && iso.test(s) && iso.test(e)) ? { start: s <= e ? s : e, end: s <= e ? e : s } : null;
    return p.get("event");
  }

  // A link or the user editing the hash (replaceState above fires no such event).
  function onHashChange() {
    var art = articleInHash();
    if (art) { openArticle(art, state.selected); return; }
    var wanted = readHash();
    closeArticle();
    drawBrush();
    applyBrush();
    if (wanted && wanted !== state.selected) selectEvent(wanted);
  }

  /** `#article=<id>` opens that article (the article links' own address). */
  function articleInHash() {
    var p = new URLSearchParams(window.location.hash.replace(/^#/, ""));
    return p.get("article");
  }

  // ------------------------------------------------------------------ start

  function start() {
    var wantedArticle = articleInHash(); // read now: writeHash() rewrites the hash while loading
    var wanted = readHash();
    initTimeline();
    initFilters();
    initArticleView();
    getJSON("/api/config").catch(function () { return {}; }).then(function (config) {
      return initMap(config);
    }).then(function () {
      // no filter is set yet, so this first load is the whole dataset the selects are built from
      return Promise.all([loadEvents(), getJSON("/api/outlets")]);
    }).then(function (res) {
      populateFilters(state.events, res[1]);
      fitToEvents();
      if (wanted) selectEvent(wanted);
      if (wantedArticle) openArticle(wantedArticle, wanted);
      window.addEventListener("hashchange", onHashChange);
      document.body.setAttribute("data-ready", "true");
    }).catch(function (err) {
      if (window.console) console.error(err);
      status("Could not start: " + (err && err.message ? err.message : String(err)), true);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
