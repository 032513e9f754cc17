/* frontwire event desk: filters, loading, the URL state and start-up; the parts live in
 * common.js (helpers, state), map.js, timeline.js, table.js, charts.js, panel.js,
 * teach.js and review.js. Plain browser JavaScript, no build step. */
(function () {
  "use strict";
  var FW = window.FW, $ = FW.$, el = FW.el, state = FW.state, status = FW.status, getJSON = FW.getJSON;
  var FETCH_LIMIT = 10000; // the API's maximum page size

  function inBrush(e) {
    if (!state.brush) return true;
    return !!e.event_date && e.event_date >= state.brush.start && e.event_date <= state.brush.end;
  }

  function applyBrush() {
    state.visible = state.events.filter(inBrush);
    FW.map.draw(state.visible);
    FW.table.draw(state.visible);
    FW.charts.draw(state.visible);
    updateDownloads();
    writeHash();
  }

  // ------------------------------------------------------------------ filters

  function filterParams() {
    var p = new URLSearchParams();
    ["type", "actor", "outlet"].forEach(function (k) {
      var v = $("filter-" + k).value;
      if (v) p.set(k, v);
    });
    var region = state.regions && state.regions[$("filter-region").value];
    if (region) { // the API's ACLED-named filters: admin1 within its country
      if (region.admin1) p.set("admin1", region.admin1);
      if (region.country) p.set("country", region.country);
    }
    var q = $("filter-q").value.trim();
    if (q) p.set("q", q);
    // the server filters too, so the downloads hold the same events as the list
    if ($("filter-review").checked) p.set("needs_review", "true");
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
    // keyed as the governorate chart names its bars, so a bar's click can set this filter
    var regions = {}, nRegion = {};
    allEvents.forEach(function (e) {
      var key = FW.regionKey(e);
      if (!key || !e.admin1) return; // a country alone cannot say "no admin1" to the API: no option
      regions[key] = { admin1: e.admin1 || null, country: e.country || null };
      nRegion[key] = (nRegion[key] || 0) + 1;
    });
    state.regions = regions;
    fillSelect($("filter-region"), Object.keys(regions).sort().map(function (k) {
      return { value: k, label: k + " (" + nRegion[k] + ")" };
    }));
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
      var review = p.get("needs_review") === "true";
      state.events = body.events;
      var more = body.total > body.events.length ? " (showing the first " + body.events.length + ")" : "";
      status(body.total + " event" + (body.total === 1 ? "" : "s") + (review ? " need" : "") +
        (review && body.total === 1 ? "s" : "") + (review ? " review" : "") + more);
      FW.timeline.draw();
      applyBrush();
    }).catch(function (err) {
      status("Could not load events: " + err.message, true);
    });
  }

  function initFilters() {
    ["type", "actor", "outlet", "region"].forEach(function (k) {
      $("filter-" + k).addEventListener("change", function () { loadEvents().then(FW.map.fit); });
    });
    var timer = null;
    $("filter-q").addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { loadEvents(); }, 300);
    });
    $("filter-review").addEventListener("change", function () { loadEvents().then(FW.map.fit); });
    $("filters").addEventListener("submit", function (ev) { ev.preventDefault(); loadEvents(); });
    $("filter-reset").addEventListener("click", function () {
      ["type", "actor", "outlet", "region"].forEach(function (k) { $("filter-" + k).value = ""; });
      $("filter-review").checked = false;
      $("filter-q").value = "";
      state.brush = null;
      loadEvents().then(FW.map.fit);
    });
  }

  // ------------------------------------------------------------------ downloads

  /** CSV and GeoJSON links for exactly the filtered view: the selects, the search and the brushed dates. */
  function updateDownloads() {
    var p = filterParams();
    if (state.brush) { p.set("start", state.brush.start); p.set("end", state.brush.end); }
    var q = p.toString();
    $("download-csv").setAttribute("href", "/api/events.csv" + (q ? "?" + q : ""));
    $("download-geojson").setAttribute("href", "/api/events.geojson" + (q ? "?" + q : ""));
    $("download-csv").title = "ACLED-column CSV of the events listed";
    $("download-geojson").title = "GeoJSON of the events listed";
  }

  // ------------------------------------------------------------------ selection and URL state

  function refreshAfterCorrection(id) {
    state.eventCache = {};
    return loadEvents().then(function () {
      if (id) return FW.panel.select(id);
      state.selected = null; FW.panel.hide(); writeHash();
    });
  }

  FW.desk = { select: FW.panel.select, applyBrush: applyBrush, writeHash: writeHash, refresh: refreshAfterCorrection };
  window.frontwireDesk = { refresh: refreshAfterCorrection, select: function (id) { return FW.panel.select(id); } };

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
    if (art) { FW.panel.openArticle(art, state.selected); return; }
    var wanted = readHash();
    FW.panel.closeArticle();
    FW.timeline.drawBrush();
    applyBrush();
    if (wanted && wanted !== state.selected) FW.panel.select(wanted);
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
    FW.timeline.init();
    initFilters();
    FW.panel.initArticleView();
    getJSON("/api/config").catch(function () { return {}; }).then(function (config) {
      return FW.map.init(config);
    }).then(function () {
      // no filter is set yet, so this first load is the whole dataset the selects are built from
      return Promise.all([loadEvents(), getJSON("/api/outlets")]);
    }).then(function (res) {
      populateFilters(state.events, res[1]);
      FW.map.fit();
      if (wanted) FW.panel.select(wanted);
      if (wantedArticle) FW.panel.openArticle(wantedArticle, wanted);
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
