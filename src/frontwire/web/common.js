/* frontwire desk: what every module shares (window.FW): DOM helpers, colours, fetching,
 * and the desk's state. Every string from the data reaches the page through textContent
 * or createElement, never innerHTML, so a report cannot inject markup. */
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

  function $(id) { return document.getElementById(id); }

  /** Element with optional class, text and attributes; text always goes in as textContent. */
  function el(tag, cls, text, attrs) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (attrs) Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
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

  /** Is the event's point only approximate (a district's, region's or country's centre)? */
  function approximate(e) {
    return !!(e.geo_note || (e.geo_precision && e.geo_precision >= 2) || (e.needs_review && e.latitude !== null));
  }

  /** "Idlib (Syria)": an event's admin1 and country as the region filter and chart name it; the
   * country alone without an admin1; null for an event with neither. */
  function regionKey(e) {
    if (e.admin1) return e.admin1 + (e.country ? " (" + e.country + ")" : "");
    return e.country || null;
  }

  /** "approximate: Idlib governorate centre", or null for an exact point. */
  function precisionLabel(e) {
    if (e.latitude === null || e.latitude === undefined) return "not on the map: place not resolved";
    if (!approximate(e)) return null;
    var note = e.geo_note || (e.geo_precision === 3 ? "region centre" : e.geo_precision === 2 ? "district centre"
      : "flagged for review");
    return /^approximate/i.test(note) ? note : "approximate: " + note;
  }

  window.FW = {
    TYPE_COLOURS: TYPE_COLOURS, OTHER_COLOUR: OTHER_COLOUR, DAY_MS: DAY_MS,
    $: $, el: el, svgEl: svgEl, clear: clear, colour: colour, status: status, getJSON: getJSON,
    dayNum: dayNum, isoDay: isoDay, safeUrl: safeUrl, fmtValue: fmtValue,
    approximate: approximate, precisionLabel: precisionLabel, regionKey: regionKey,
    state: {
      events: [], // events matching the select/search filters (from the server)
      visible: [], // those also inside the brushed dates
      brush: null, // {start, end} ISO days, inclusive, or null
      view: null, // {first, last} day numbers the timeline shows, or null for all
      selected: null, // event id shown in the panel
      eventCache: {} // id -> full event from /api/events/{id}
    }
  };
})();
