/* frontwire desk: the timeline, a histogram of events per day coloured by type. Drag to
 * select dates, click a bar for one day, double-click to zoom in. The axis spans the
 * data's own dates and every bar keeps a minimum width, so a few days spread over
 * months stay visible and clickable. */
(function () {
  "use strict";
  var FW = window.FW, $ = FW.$, svgEl = FW.svgEl, clear = FW.clear, colour = FW.colour, state = FW.state;
  var dayNum = FW.dayNum, isoDay = FW.isoDay, DAY_MS = FW.DAY_MS;
  var MIN_BAR = 6; // px: a bar thinner than this is hard to see and to hit
  var MIN_HIT = 12;

  function applyBrush() { FW.desk.applyBrush(); }

  var tl = { x0: 0, x1: 0, first: 0, last: 0, dragging: null, bars: [] };

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
    tl.bars = [];
    days.sort(function (a, b) { return a - b; }).forEach(function (d) {
      var types = Object.keys(byDay[d]).sort();
      var total = 0; types.forEach(function (t) { total += byDay[d][t]; });
      var g = svgEl("g", { "class": "bar", "data-day": isoDay(d), "data-count": String(total) });
      var title = svgEl("title");
      title.textContent = isoDay(d) + ": " + total + " event" + (total === 1 ? "" : "s");
      g.appendChild(title);
      var y = pad.top + plotH;
      var bw = Math.max(dayW * 0.85, MIN_BAR);
      var x = tl.x0 + (d - first) * dayW + (dayW - bw) / 2;
      types.forEach(function (t) {
        var h = byDay[d][t] / maxCount * plotH;
        y -= h;
        g.appendChild(svgEl("rect", { x: x, y: y, width: bw, height: Math.max(h, 0.5), fill: colour(t) }));
      });
      // a full-height, invisible hit area: thin bars are hard to click otherwise
      var hw = Math.max(dayW, MIN_HIT);
      tl.bars.push({ day: d, x0: tl.x0 + (d - first) * dayW + (dayW - hw) / 2, x1: tl.x0 + (d - first) * dayW + (dayW + hw) / 2 });
      g.appendChild(svgEl("rect", { x: tl.x0 + (d - first) * dayW + (dayW - hw) / 2, y: pad.top, width: hw, height: plotH,
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
    // a bar wider than its day (the minimum width) owns the pixels it covers
    for (var i = 0; i < tl.bars.length; i++) {
      if (x >= tl.bars[i].x0 && x <= tl.bars[i].x1) return tl.bars[i].day;
    }
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

  FW.timeline = { init: initTimeline, draw: drawTimeline, drawBrush: drawBrush };
})();
