"""A self-contained `map.html` of events: Leaflet inlined, no network needed to open it.

No online tile layer by default (the page must work offline); the background is the
world's countries (Natural Earth, public domain, from the vendored world-atlas
TopoJSON) under the governorates of the shipped `web/admin1.geojson`, with labels
for major cities (`web/cities.json`, GeoNames) and for the towns with events. News text reaches the
page only as JSON data read with JSON.parse and shown through `textContent`, so a
report cannot inject markup or script.
"""

from __future__ import annotations

import html
import json
from importlib import resources
from pathlib import Path
from typing import Any

from .model import Event

# Colour-blind-safe palette (Okabe-Ito), one colour per ACLED event type.
TYPE_COLOURS = {
    "Battles": "#D55E00",
    "Explosions/Remote violence": "#0072B2",
    "Violence against civilians": "#CC79A7",
    "Protests": "#009E73",
    "Riots": "#E69F00",
    "Strategic developments": "#56B4E9",
}
OTHER_COLOUR = "#777777"


def _asset(rel: str) -> str:
    return resources.files("frontwire").joinpath(rel).read_text("utf-8")


def _inline_script(js: str) -> str:
    # "</script" inside inline JS would end the element early.
    return js.replace("</script", "<\\/script").replace("<!--", "<\\!--")


def _json_for_html(obj: Any) -> str:
    # Escape <, >, & so the JSON cannot close its <script> element whatever the news text holds.
    s = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return (
        s.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _background() -> dict | None:
    ref = resources.files("frontwire").joinpath("web/admin1.geojson")
    try:
        if ref.is_file():
            return json.loads(ref.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return None


def _json_asset(rel: str) -> Any:
    try:
        return json.loads(_asset(rel))
    except (OSError, ValueError):
        return None


def _approximate(e: Event) -> bool:
    """A point that is only a district's, region's or country's centre, or one flagged for review."""
    return bool(e.geo_note) or (e.geo_precision or 1) >= 2 or bool(e.needs_review)


def _precision_label(e: Event) -> str | None:
    if not _approximate(e):
        return None
    note = e.geo_note or {2: "district centre", 3: "region centre"}.get(e.geo_precision or 0, "flagged for review")
    return note if note.lower().startswith("approximate") else f"approximate: {note}"


def _event_data(e: Event) -> dict[str, Any]:
    claims = []
    for c in e.claims:
        claims.append(
            {
                "field": c.field,
                "value": c.value if isinstance(c.value, (int, float, str)) else json.dumps(c.value, ensure_ascii=False),
                "kind": c.kind,
                "claimant": c.claimant,
                "outlet": c.outlet,
            }
        )
    return {
        "id": e.event_id,
        "date": e.event_date,
        "type": e.event_type,
        "sub": e.sub_event_type,
        "actor1": e.actor1,
        "actor2": e.actor2,
        "location": e.location,
        "admin1": e.admin1,
        "lat": e.latitude,
        "lon": e.longitude,
        "fatalities": e.fatalities,
        "injured": e.injured,
        "sources": e.sources,
        "evidence": [ev.sentence for ev in e.evidence[:3]],
        "claims": claims,
        "review": bool(e.needs_review),
        "geo_note": _precision_label(e),
        "approx": _approximate(e),
        "notes": e.notes,
    }


def write_map(events: list[Event], path: str, title: str = "frontwire events", tiles: str | None = None) -> str:
    """Write a standalone HTML map of `events` to `path`; return the path.

    tiles: optional tile URL template (e.g. an OpenStreetMap server) for users who
    are online; off by default so the page never reaches the network.
    """
    types = sorted({e.event_type for e in events})
    colours = {t: TYPE_COLOURS.get(t, OTHER_COLOUR) for t in types}
    data = {
        "events": [_event_data(e) for e in events],
        "colours": colours,
        "background": _background(),
        "cities": (_json_asset("web/cities.json") or {}).get("cities", []),
        "tiles": tiles,
    }
    world = _json_asset("web/vendor/world/countries-50m.json")
    css = _asset("web/vendor/leaflet/leaflet.css")
    js = _asset("web/vendor/leaflet/leaflet.js")
    try:
        css += "\n" + _asset("web/vendor/markercluster/MarkerCluster.css")
        css += "\n" + _asset("web/vendor/markercluster/MarkerCluster.Default.css")
        cluster_js = _asset("web/vendor/markercluster/leaflet.markercluster.js")
    except (OSError, FileNotFoundError):
        cluster_js = ""
    try:
        topo_js = _asset("web/vendor/topojson/topojson-client.min.js")
    except (OSError, FileNotFoundError):
        topo_js, world = "", None
    page = _TEMPLATE.format(
        title=html.escape(title),
        css=css.replace("</style", "<\\/style"),
        leaflet=_inline_script(js),
        cluster=_inline_script(cluster_js),
        data=_json_for_html(data),
        topojson=_inline_script(topo_js),
        world=_json_for_html(world),
        app=_APP_JS,
    )
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(out)
    return str(out)


_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: https:; connect-src 'none'">
<title>{title}</title>
<style>
{css}
html, body {{ margin: 0; height: 100%; font: 14px/1.4 system-ui, sans-serif; }}
#map {{ position: absolute; inset: 0; background: #dfe8ef; }}
.fw-panel {{ background: #fff; padding: 8px 10px; border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,.3); max-width: 260px; }}
.fw-panel h3 {{ margin: 0 0 6px; font-size: 14px; }}
.fw-swatch {{ display: inline-block; width: 12px; height: 12px; border-radius: 50%; margin-right: 6px; vertical-align: middle; }}
.fw-pop dt {{ font-weight: 600; }} .fw-pop dd {{ margin: 0 0 4px; }}
.fw-pop blockquote {{ margin: 4px 0; padding-left: 6px; border-left: 3px solid #ccc; font-style: italic; }}
.fw-pop ul {{ margin: 0; padding-left: 16px; }}
.fw-icon {{ background: none; border: none; }}
.fw-label {{ background: none; border: none; box-shadow: none; padding: 0; font-size: 11px; color: #3b4550;
  text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff; }}
.fw-label::before {{ display: none; }}
.fw-label.capital {{ font-weight: bold; font-size: 12px; }}
.fw-label.town {{ font-weight: bold; color: #1f2328; }}
</style>
</head>
<body>
<div id="map"></div>
<script>{leaflet}</script>
<script>{cluster}</script>
<script>{topojson}</script>
<script type="application/json" id="fw-world">{world}</script>
<script type="application/json" id="fw-data">{data}</script>
<script>{app}</script>
</body>
</html>
"""

# Builds every popup and legend with DOM nodes and textContent: no data string is parsed as HTML.
_APP_JS = r"""
(function () {
  var data = JSON.parse(document.getElementById('fw-data').textContent);
  var map = L.map('map', {preferCanvas: true, zoomControl: true, maxZoom: 18, minZoom: 3});
  if (data.tiles) { L.tileLayer(data.tiles, {maxZoom: 18}).addTo(map); }
  var bounds = null;
  var world = JSON.parse(document.getElementById('fw-world').textContent);
  if (world && typeof topojson !== 'undefined') {
    L.geoJSON(topojson.feature(world, world.objects.countries), {style: {color: '#a3abb3', weight: 0.8,
      fillColor: '#ecebe6', fillOpacity: data.tiles ? 0.1 : 1}, interactive: false, className: 'fw-country',
      attribution: 'Countries: Natural Earth'}).addTo(map);
  }
  if (data.background) {
    var bg = L.geoJSON(data.background, {style: {color: '#8a9aa9', weight: 1, fillColor: '#f7f5ef', fillOpacity: data.tiles ? 0.1 : 1},
      interactive: false, attribution: 'Boundaries: OCHA COD-AB, CC BY-IGO; places and cities: GeoNames (CC BY 4.0), Airwars'}).addTo(map);
    if (!data.events.length) { bounds = bg.getBounds(); }
  }
  // labels: capitals from zoom 3, cities of a million from zoom 5, towns with events from zoom 8
  var labels = [];
  function label(name, latlng, cls, minZoom) {
    var t = L.tooltip({permanent: true, direction: 'right', className: 'fw-label ' + cls, interactive: false, offset: [6, 0]})
      .setLatLng(latlng).setContent(el('span', name));
    labels.push({t: t, z: minZoom});
  }
  // placed in priority order (towns, capitals, then by population): a label that would overlap one
  // already placed is left out
  var towns = {};
  data.events.forEach(function (e) { if (e.lat !== null && e.lon !== null && !e.approx && e.location) { towns[e.location] = [e.lat, e.lon]; } });
  Object.keys(towns).forEach(function (n) { label(n, towns[n], 'town', 6); });
  var cities = (data.cities || []).slice().sort(function (a, b) { return (b[5] ? 1 : 0) - (a[5] ? 1 : 0); });
  cities.forEach(function (c) { label(c[0], [c[2], c[3]], c[5] ? 'capital' : 'city', c[5] ? 3 : 5); });
  function showLabels() {
    var z = map.getZoom(), view = map.getBounds(), boxes = [];
    labels.forEach(function (l) {
      var show = z >= l.z && view.contains(l.t.getLatLng());
      if (show) {
        var p = map.latLngToContainerPoint(l.t.getLatLng());
        var b = {x0: p.x, x1: p.x + 10 + 7 * l.t.getContent().textContent.length, y0: p.y - 9, y1: p.y + 9};
        show = !boxes.some(function (o) { return b.x0 < o.x1 && o.x0 < b.x1 && b.y0 < o.y1 && o.y0 < b.y1; });
        if (show) { boxes.push(b); }
      }
      if (show) { if (!map.hasLayer(l.t)) { l.t.addTo(map); } } else if (map.hasLayer(l.t)) { map.removeLayer(l.t); }
    });
  }
  // one shape per event type (as in the desk), so a type reads without its colour too
  var SHAPES = {'Battles': 'circle', 'Explosions/Remote violence': 'diamond', 'Violence against civilians': 'square',
    'Protests': 'triangle', 'Riots': 'down', 'Strategic developments': 'hexagon'};
  function shapePath(shape, s) {
    var c = s / 2, r = s / 2 - 2, i, pts = [];
    if (shape === 'diamond') { return 'M' + c + ' 1L' + (s - 1) + ' ' + c + 'L' + c + ' ' + (s - 1) + 'L1 ' + c + 'Z'; }
    if (shape === 'square') { return 'M2.5 2.5H' + (s - 2.5) + 'V' + (s - 2.5) + 'H2.5Z'; }
    if (shape === 'triangle') { return 'M' + c + ' 1.5L' + (s - 1.5) + ' ' + (s - 2) + 'H1.5Z'; }
    if (shape === 'down') { return 'M1.5 2H' + (s - 1.5) + 'L' + c + ' ' + (s - 1.5) + 'Z'; }
    if (shape === 'hexagon') {
      for (i = 0; i < 6; i++) { pts.push((c + r * Math.cos(Math.PI / 3 * i)).toFixed(1) + ' ' + (c + r * Math.sin(Math.PI / 3 * i)).toFixed(1)); }
      return 'M' + pts.join('L') + 'Z';
    }
    return 'M' + (c - r) + ' ' + c + 'a' + r + ' ' + r + ' 0 1 0 ' + 2 * r + ' 0a' + r + ' ' + r + ' 0 1 0 ' + -2 * r + ' 0';
  }
  // filled for an exact place; hollow and dashed for an approximate one
  function icon(type, approx, s) {
    var NS = 'http://www.w3.org/2000/svg', colour = data.colours[type] || '#777777';
    var svg = document.createElementNS(NS, 'svg'), path = document.createElementNS(NS, 'path');
    svg.setAttribute('width', s); svg.setAttribute('height', s); svg.setAttribute('viewBox', '0 0 ' + s + ' ' + s);
    path.setAttribute('d', shapePath(SHAPES[type], s));
    path.setAttribute('fill', approx ? 'rgba(255,255,255,.85)' : colour);
    path.setAttribute('stroke', approx ? colour : '#fff');
    path.setAttribute('stroke-width', approx ? '2.2' : '1.5');
    if (approx) { path.setAttribute('stroke-dasharray', '3 2'); }
    svg.appendChild(path);
    svg.style.filter = 'drop-shadow(0 0 1px rgba(0,0,0,.7))';
    return svg;
  }
  function el(tag, text, cls) { var n = document.createElement(tag); if (text !== undefined && text !== null) n.textContent = String(text); if (cls) n.className = cls; return n; }
  function row(dl, k, v) { if (v === null || v === undefined || v === '' || (v.length === 0)) return; dl.appendChild(el('dt', k)); dl.appendChild(el('dd', v)); }
  function popup(e) {
    var box = el('div', null, 'fw-pop');
    box.appendChild(el('strong', (e.sub || e.type) + (e.review ? ' (needs review)' : '')));
    var dl = el('dl');
    row(dl, 'Date', e.date || 'unknown');
    row(dl, 'Type', e.type);
    row(dl, 'Actors', [e.actor1, e.actor2].filter(Boolean).join(' vs '));
    row(dl, 'Location', [e.location, e.admin1].filter(Boolean).join(', '));
    row(dl, 'Placed', e.geo_note);
    row(dl, 'Fatalities', e.fatalities === null ? 'unknown' : e.fatalities);
    row(dl, 'Injured', e.injured);
    row(dl, 'Sources', (e.sources || []).join('; '));
    box.appendChild(dl);
    if (e.claims && e.claims.length) {
      box.appendChild(el('div', 'Claims:'));
      var ul = el('ul');
      e.claims.forEach(function (c) {
        var who = c.claimant || 'unattributed';
        ul.appendChild(el('li', [c.field, c.kind, c.value].filter(function (x) { return x !== null && x !== undefined && x !== ''; }).join(' ')
          + ' (' + who + (c.outlet ? ' via ' + c.outlet : '') + ')'));
      });
      box.appendChild(ul);
    }
    (e.evidence || []).forEach(function (s) { box.appendChild(el('blockquote', s)); });
    return box;
  }
  var group = (typeof L.markerClusterGroup === 'function') ? L.markerClusterGroup({disableClusteringAtZoom: 11, showCoverageOnHover: false}) : L.featureGroup();
  var located = 0, unlocated = 0;
  data.events.forEach(function (e) {
    if (e.lat === null || e.lon === null) { unlocated++; return; }
    located++;
    var colour = data.colours[e.type] || '#777777';
    // an approximate point (a region's or country's centre) is drawn hollow, its note as label
    var m = e.approx
      ? L.marker([e.lat, e.lon], {icon: L.divIcon({html: icon(e.type, true, 18), className: 'fw-icon fw-approx', iconSize: [18, 18]})})
      : L.marker([e.lat, e.lon], {icon: L.divIcon({html: icon(e.type, false, 18), className: 'fw-icon', iconSize: [18, 18]})});
    if (e.geo_note) m.bindTooltip(e.geo_note);
    m.bindPopup(function () { return popup(e); }, {maxWidth: 360});
    group.addLayer(m);
  });
  group.addTo(map);
  if (located && group.getBounds && group.getBounds().isValid()) { bounds = group.getBounds(); }
  if (bounds && bounds.isValid()) { map.fitBounds(bounds.pad(0.1), {maxZoom: 10}); } else { map.setView([20, 20], 3); }
  map.on('zoomend moveend', showLabels);
  showLabels();
  var legend = L.control({position: 'topright'});
  legend.onAdd = function () {
    var div = el('div', null, 'fw-panel');
    div.appendChild(el('h3', 'Event types'));
    Object.keys(data.colours).forEach(function (t) {
      var line = el('div'); var sw = icon(t, false, 14); sw.style.marginRight = '6px'; sw.style.verticalAlign = 'middle';
      line.appendChild(sw); line.appendChild(document.createTextNode(t)); div.appendChild(line);
    });
    var ex = el('div', 'filled: exact place; hollow, dashed: approximate (a district\'s or region\'s centre)');
    ex.style.marginTop = '4px';
    div.appendChild(ex);
    div.appendChild(el('div', located + ' events on the map' + (unlocated ? ', ' + unlocated + ' without coordinates (not shown)' : '')));
    return div;
  };
  legend.addTo(map);
})();
"""
