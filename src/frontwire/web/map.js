/* frontwire desk: the map. The world's countries (Natural Earth via world-atlas) and
 * Syria's governorates (OCHA) drawn offline, labels for major cities and for the towns
 * with events, event icons shaped and coloured by type (hollow where the place is only
 * approximate), clusters, and an optional online tile layer. */
(function () {
  "use strict";
  var FW = window.FW, el = FW.el, svgEl = FW.svgEl, state = FW.state;

  // One shape per event type, so a type reads without its colour too.
  var SHAPES = {
    "Battles": "circle",
    "Explosions/Remote violence": "diamond",
    "Violence against civilians": "square",
    "Protests": "triangle",
    "Riots": "down",
    "Strategic developments": "hexagon"
  };
  var CITY_ZOOM = 5; // cities of a million and more from this zoom; capitals from CAPITAL_ZOOM
  var CAPITAL_ZOOM = 3;
  var TOWN_ZOOM = 9; // names of towns with events: always from here, below it while few are in view
  var TOWN_FEW = 25;
  var TOWN_LABEL_DX = 17; // px from a town's point to its label: clear of a small cluster's disc (app.css)
  var FOCUS_ZOOM = 12; // the closest a selection zooms: the governorates and town names still show

  var cityRows = [], pickMarker = null;
  var map, clusterLayer, cityLayer, townLayer, markersById = {}, dotsById = {}, pickHandler = null;

  function shapePath(shape, s) {
    var c = s / 2, r = s / 2 - 2;
    switch (shape) {
      case "diamond": return "M" + c + " 1L" + (s - 1) + " " + c + "L" + c + " " + (s - 1) + "L1 " + c + "Z";
      case "square": return "M2.5 2.5H" + (s - 2.5) + "V" + (s - 2.5) + "H2.5Z";
      case "triangle": return "M" + c + " 1.5L" + (s - 1.5) + " " + (s - 2) + "H1.5Z";
      case "down": return "M1.5 2H" + (s - 1.5) + "L" + c + " " + (s - 1.5) + "Z";
      case "hexagon":
        var pts = [];
        for (var i = 0; i < 6; i++) {
          var a = Math.PI / 3 * i;
          pts.push((c + r * Math.cos(a)).toFixed(1) + " " + (c + r * Math.sin(a)).toFixed(1));
        }
        return "M" + pts.join("L") + "Z";
      default:
        return "M" + (c - r) + " " + c + "a" + r + " " + r + " 0 1 0 " + 2 * r + " 0a" + r + " " + r + " 0 1 0 " + -2 * r + " 0";
    }
  }

  /** The type's shape as an SVG: filled for an exact place, hollow and dashed for an approximate one. */
  function icon(type, approx, size) {
    var s = size || 16;
    var svg = svgEl("svg", { width: s, height: s, viewBox: "0 0 " + s + " " + s, "class": "type-icon" });
    var attrs = { d: shapePath(SHAPES[type], s), stroke: approx ? FW.colour(type) : "#fff",
                  "stroke-width": approx ? 2.2 : 1.5, fill: approx ? "rgba(255,255,255,.85)" : FW.colour(type) };
    if (approx) attrs["stroke-dasharray"] = "3 2";
    svg.appendChild(svgEl("path", attrs));
    return svg;
  }

  function init(config) {
    // markercluster needs a maxZoom, which a map without a tile layer does not get otherwise
    map = L.map("map", { zoomControl: true, worldCopyJump: true, minZoom: 2, maxZoom: 16 });
    map.attributionControl.setPrefix("Leaflet");
    map.attributionControl.addAttribution("Boundaries: OCHA COD-AB, CC BY-IGO; Natural Earth; cities: GeoNames, CC BY 4.0");
    map.setView([35.6, 36.6], 8);
    var tiles = tileUrl(config);
    if (tiles) {
      // Only when the user asked for one: the page must work with no tile server.
      var host = "";
      try { host = new URL(tiles.replace(/[{}]/g, "")).host; } catch (e) { host = "configured server"; }
      L.tileLayer(tiles, { maxZoom: 18, attribution: "Tiles: " + escapeAttribution(host) }).addTo(map);
    }
    map.createPane("world").style.zIndex = 200;
    map.createPane("admin").style.zIndex = 250;
    map.createPane("labels").style.zIndex = 450;
    map.getPane("labels").style.pointerEvents = "none";
    clusterLayer = L.markerClusterGroup({
      showCoverageOnHover: false, maxClusterRadius: 40, chunkedLoading: true, iconCreateFunction: clusterIcon
    });
    map.addLayer(clusterLayer);
    cityLayer = L.layerGroup().addTo(map);
    townLayer = L.layerGroup().addTo(map);
    map.addControl(legendControl());
    map.on("zoomend moveend", showLabels);
    map.on("click", function (ev) {
      if (!pickHandler) return;
      var h = pickHandler;
      pickHandler = null;
      FW.$("map").classList.remove("picking");
      h(ev.latlng);
    });
    var fill = tiles ? 0.1 : 1;
    var world = FW.getJSON("/static/vendor/world/countries-50m.json").then(function (topo) {
      var gj = topojson.feature(topo, topo.objects.countries);
      L.geoJSON(gj, { pane: "world", interactive: false,
                      style: { color: "#a3abb3", weight: 0.8, fillColor: "#ecebe6", fillOpacity: fill } }).addTo(map);
      FW.$("map").setAttribute("data-countries", String(gj.features.length));
    }).catch(function () { FW.status("Could not load the world's countries.", true); });
    var admin = FW.getJSON("/static/admin1.geojson").then(function (gj) {
      var layer = L.geoJSON(gj, {
        pane: "admin",
        style: { color: "#6b7280", weight: 1, fillColor: "#f7f4ec", fillOpacity: tiles ? 0.1 : 1 },
        onEachFeature: function (f, lyr) {
          lyr.bindTooltip(el("span", null, (f.properties && f.properties.name) || ""), { sticky: true, direction: "top", opacity: 0.85 });
        }
      }).addTo(map);
      state.adminBounds = layer.getBounds();
    }).catch(function () { FW.status("Could not load the governorate outlines.", true); });
    var cities = FW.getJSON("/static/cities.json").then(function (data) {
      cityRows = data.cities;
      // capitals first, then by population (the file's order): the first label placed wins a clash
      data.cities.slice().sort(function (a, b) { return (b[5] ? 1 : 0) - (a[5] ? 1 : 0); }).forEach(function (c) {
        var lab = label(c[0], c[5] ? "city-label capital" : "city-label", [c[2], c[3]]);
        lab.options.minZoom = c[5] ? CAPITAL_ZOOM : CITY_ZOOM;
        cityLayer.addLayer(lab);
      });
      showLabels();
    }).catch(function () { /* labels are context only */ });
    return Promise.all([world, admin, cities]);
  }

  function label(text, cls, latlng) {
    var node = el("span", null, text);
    return L.marker(latlng, { pane: "labels", interactive: false, keyboard: false, labelText: String(text),
                              icon: L.divIcon({ html: node, className: "map-label " + cls, iconSize: null }) });
  }

  /** Labels only where they stay legible: capitals first, then big cities, then event towns;
   * a label that would overlap one already shown (towns win, then capitals, then by population) is hidden. */
  function showLabels() {
    var z = map.getZoom(), view = map.getBounds(), inView = 0;
    townLayer.eachLayer(function (l) { if (view.contains(l.getLatLng())) inView += 1; });
    var towns = z >= TOWN_ZOOM || (z >= CITY_ZOOM && inView <= TOWN_FEW);
    var wanted = [];
    townLayer.eachLayer(function (l) { if (towns && view.contains(l.getLatLng())) wanted.push(l); else l.setOpacity(0); });
    cityLayer.eachLayer(function (l) {
      if (z >= l.options.minZoom && view.contains(l.getLatLng())) wanted.push(l); else l.setOpacity(0);
    });
    var boxes = [];
    wanted.forEach(function (l) {
      var p = map.latLngToContainerPoint(l.getLatLng());
      var w = l.options.labelText.length * 7 + 8, dx = townLayer.hasLayer(l) ? TOWN_LABEL_DX : 6;
      var b = { x0: p.x + dx - 4, x1: p.x + dx + w, y0: p.y - 9, y1: p.y + 9 };
      var clash = boxes.some(function (o) { return b.x0 < o.x1 && o.x0 < b.x1 && b.y0 < o.y1 && o.y0 < b.y1; });
      l.setOpacity(clash ? 0 : 1);
      if (!clash) boxes.push(b);
    });
    FW.$("map").setAttribute("data-zoom", String(z));
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
      var head = el("button", "legend-toggle", "Event type ▾", { type: "button", "aria-expanded": "true",
                                                                 title: "Show or hide the legend" });
      head.addEventListener("click", function () {
        var open = box.classList.toggle("folded") === false;
        head.setAttribute("aria-expanded", String(open));
        head.textContent = "Event type " + (open ? "▾" : "▸");
      });
      box.appendChild(head);
      Object.keys(FW.TYPE_COLOURS).concat(["Other"]).forEach(function (t) {
        var row = el("div", "legend-row");
        row.appendChild(icon(t, false, 14));
        row.appendChild(el("span", null, t));
        box.appendChild(row);
      });
      var p = el("div", "legend-row legend-precision");
      p.appendChild(icon("Battles", false, 14));
      p.appendChild(el("span", null, "exact"));
      p.appendChild(icon("Battles", true, 14));
      p.appendChild(el("span", null, "approximate"));
      box.appendChild(p);
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    return ctl;
  }

  /** Cluster bubble: a pie of its markers' event types, with the count in the middle. */
  function clusterIcon(cluster) {
    var counts = {}, children = cluster.getAllChildMarkers();
    children.forEach(function (m) { var t = m.options.eventType; counts[t] = (counts[t] || 0) + 1; });
    var stops = [], acc = 0, n = children.length;
    Object.keys(counts).sort().forEach(function (t) {
      stops.push(FW.colour(t) + " " + (acc / n * 100).toFixed(2) + "% " + ((acc + counts[t]) / n * 100).toFixed(2) + "%");
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
    var approx = FW.approximate(e);
    var dot = el("div", "event-dot" + (e.contradictions && e.contradictions.length ? " has-contradiction" : "")
      + (approx ? " approximate" : " exact"), null, { "data-event-id": e.event_id });
    dot.appendChild(icon(e.event_type, approx, 18));
    if (e.event_id === state.selected) dot.classList.add("selected");
    dotsById[e.event_id] = dot;
    var how = FW.precisionLabel(e);
    var m = L.marker([e.latitude, e.longitude], {
      icon: L.divIcon({ html: dot, className: "event-marker", iconSize: L.point(18, 18) }),
      eventType: e.event_type, keyboard: true,
      title: [e.event_date || "undated", e.location, e.sub_event_type, how].filter(Boolean).join(" · ")
    });
    if (how) m.bindTooltip(el("span", null, how), { direction: "top", offset: [0, -8], className: "approx-tip" });
    m.on("click", function () { FW.desk.select(e.event_id, { fromMap: true }); });
    return m;
  }

  /** Bring a marker into view: open its cluster, or pan to it. */
  function focus(id, retried) {
    var m = markersById[id];
    if (!m) return;
    retried = retried || 0;
    if (retried < 3) {
      // right after a fit or a redraw the clusters may still be loading or those of the old zoom: look again
      setTimeout(function () {
        var m2 = markersById[id];
        if (state.selected === id && m2 && !m2._icon) focus(id, retried + 1);
      }, 400);
    }
    // (markercluster's zoomToShowLayer leaves a moveend handler behind when the layer is
    // rebuilt meanwhile, which then throws; this does the same job without one.)
    var parent = clusterLayer.getVisibleParent(m);
    if (parent && parent !== m && parent.getBounds) {
      var b = parent.getBounds();
      if (b.getNorthEast().distanceTo(b.getSouthWest()) < 3000) {
        // events at one point never split by zooming, and a few hundred metres apart only at
        // a zoom with no context left: fan them out at a town's zoom instead
        map.setView(m.getLatLng(), Math.max(map.getZoom(), FOCUS_ZOOM), { animate: false });
        setTimeout(function () {
          if (markersById[state.selected] !== m) return;
          var p2 = clusterLayer.getVisibleParent(m);
          if (p2 && p2 !== m && p2.spiderfy) p2.spiderfy();
        }, 350);
      } else {
        map.fitBounds(b.pad(0.5), { maxZoom: FOCUS_ZOOM });
      }
    } else if (!map.getBounds().contains(m.getLatLng())) {
      map.panTo(m.getLatLng());
    }
  }

  function markSelected() {
    Object.keys(dotsById).forEach(function (id) { dotsById[id].classList.toggle("selected", id === state.selected); });
  }

  function draw(visible) {
    clusterLayer.clearLayers();
    townLayer.clearLayers();
    markersById = {};
    dotsById = {};
    var markers = [], towns = {}, near = {};
    visible.forEach(function (e) {
      if (e.latitude === null || e.longitude === null || e.latitude === undefined) return;
      var m = markerFor(e);
      markersById[e.event_id] = m;
      markers.push(m);
      // an approximate point is a region's centre, not the town: its label says "~ name", in italics
      if (e.location) (FW.approximate(e) ? near : towns)[e.location] = [e.latitude, e.longitude];
    });
    clusterLayer.addLayers(markers);
    // exact towns first: they win a clash with an approximate label
    Object.keys(towns).forEach(function (name) { townLayer.addLayer(label(name, "town-label", towns[name])); });
    Object.keys(near).forEach(function (name) {
      if (!towns[name]) townLayer.addLayer(label("~ " + name, "town-label near-label", near[name]));
    });
    showLabels();
    FW.$("map").setAttribute("data-markers", String(markers.length));
  }

  function fit() {
    var pts = state.events.filter(function (e) { return e.latitude !== null && e.latitude !== undefined; })
      .map(function (e) { return [e.latitude, e.longitude]; });
    // not animated: a focus on the selected event right after must not be undone by this zoom finishing
    if (pts.length) map.fitBounds(L.latLngBounds(pts).pad(0.25), { maxZoom: 10, animate: false });
    else if (state.adminBounds) map.fitBounds(state.adminBounds, { animate: false });
  }

  /** The next click on the map calls `handler(latlng)` and leaves a pin there (placing a new village). */
  function pick(handler) {
    pickHandler = handler ? function (latlng) {
      if (pickMarker) map.removeLayer(pickMarker);
      pickMarker = L.circleMarker(latlng, { radius: 7, color: "#111", weight: 2, fillColor: "#ffd34d", fillOpacity: 1,
                                            className: "picked-point" }).addTo(map);
      handler(latlng);
    } : null;
    FW.$("map").classList.toggle("picking", !!handler);
  }

  /** The country code of the nearest major city: a first guess for a point the analyst placed. */
  function nearestCountry(latlng) {
    var best = null, bd = Infinity;
    cityRows.forEach(function (c) {
      var dy = c[2] - latlng.lat, dx = (c[3] - latlng.lng) * Math.cos(latlng.lat * Math.PI / 180);
      var d = dx * dx + dy * dy;
      if (d < bd) { bd = d; best = c[1]; }
    });
    return best;
  }

  FW.map = { marker: function (id) { return markersById[id]; }, init: init, draw: draw, fit: fit, focus: focus, markSelected: markSelected, pick: pick, nearestCountry: nearestCountry, icon: icon,
             leaflet: function () { return map; } };
})();
