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

  var BREAK_W = 16; // px left for a long stretch with no events
  var tl = { x0: 0, x1: 0, first: 0, last: 0, dragging: null, bars: [], scale: null };

  /** Stretches of days drawn to scale; a long gap with no events between them is cut to BREAK_W,
   * so a few days spread over many months still fill the axis (the axis spans the data, not the gaps). */
  function buildScale(days, first, last, x0, x1) {
    var span = last - first + 1;
    var minGap = Math.max(30, Math.round(span * 0.08));
    var segs = [], start = first, prev = null;
    if (span > 60) {
      days.forEach(function (d) {
        if (prev !== null && d - prev > minGap) { segs.push({ start: start, end: prev + 1 }); start = d - 1; }
        prev = d;
      });
    }
    segs.push({ start: start, end: last });
    var nDays = 0;
    segs.forEach(function (g) { nDays += g.end - g.start + 1; });
    var dayW = (x1 - x0 - (segs.length - 1) * BREAK_W) / nDays;
    var x = x0;
    segs.forEach(function (g) { g.x0 = x; g.x1 = x + (g.end - g.start + 1) * dayW; x = g.x1 + BREAK_W; });
    return { segs: segs, dayW: dayW };
  }

  /** The left edge of day `d` on the axis (a day in a cut sits in the cut's middle). */
  function xOf(d) {
    var segs = tl.scale.segs;
    for (var i = 0; i < segs.length; i++) {
      var g = segs[i];
      if (d < g.start) return i ? segs[i - 1].x1 + BREAK_W / 2 : g.x0;
      if (d <= g.end) return g.x0 + (d - g.start) * tl.scale.dayW;
    }
    return segs[segs.length - 1].x1;
  }

  function dayAtX(x) {
    var segs = tl.scale.segs;
    for (var i = 0; i < segs.length; i++) {
      var g = segs[i];
      if (x < g.x0) return g.start;
      if (x <= g.x1) return Math.min(g.end, g.start + Math.floor((x - g.x0) / tl.scale.dayW));
    }
    return segs[segs.length - 1].end;
  }

  function drawTimeline() {
    var svg = $("timeline");
    clear(svg);
    var width = svg.clientWidth || 600, height = svg.clientHeight || 110;
    var pad = { left: 28, right: 10, top: 8, bottom: 31 };
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
    days.sort(function (a, b) { return a - b; });
    tl.scale = buildScale(days, first, last, tl.x0, tl.x1);
    var dayW = tl.scale.dayW;
    var plotH = height - pad.top - pad.bottom;

    // axis: baseline (broken at each cut), y max label, date ticks per stretch
    var axisY = pad.top + plotH;
    tl.scale.segs.forEach(function (g, i) {
      svg.appendChild(svgEl("line", { x1: g.x0, x2: g.x1, y1: axisY, y2: axisY, "class": "tl-axis" }));
      if (i === 0) return;
      var prev = tl.scale.segs[i - 1], cx = prev.x1 + BREAK_W / 2;
      var cut = svgEl("g", { "class": "tl-break", "data-days": String(g.start - prev.end - 1) });
      var tip = svgEl("title");
      tip.textContent = "no events from " + isoDay(prev.end) + " to " + isoDay(g.start) + " (" + (g.start - prev.end - 1) + " days, cut short)";
      cut.appendChild(tip);
      cut.appendChild(svgEl("rect", { x: prev.x1, y: pad.top, width: BREAK_W, height: plotH, "class": "tl-break-area" }));
      [-3, 3].forEach(function (dx) {
        cut.appendChild(svgEl("line", { x1: cx + dx - 3, x2: cx + dx + 3, y1: axisY + 5, y2: axisY - 5, "class": "tl-axis" }));
      });
      svg.appendChild(cut);
    });
    var ymax = svgEl("text", { x: tl.x0 - 4, y: pad.top + 8, "text-anchor": "end", "class": "tl-label" });
    ymax.textContent = String(maxCount);
    svg.appendChild(ymax);
    // every stretch gets one date label first (its middle), then more where they fit
    var candidates = [[], []];
    tl.scale.segs.forEach(function (g) {
      var long = g.end - g.start > 90;
      var n = Math.max(1, Math.floor((g.x1 - g.x0) / 95));
      var ts = ticks(g.start, g.end, n);
      var mid = long && ts.length ? ts[Math.floor(ts.length / 2)] : Math.round((g.start + g.end) / 2);
      candidates[0].push({ d: mid, long: long });
      ts.forEach(function (d) { if (d !== mid) candidates[1].push({ d: d, long: long }); });
    });
    var rows = [[], []]; // a stretch's own label may drop to a second row when the first is taken
    candidates[0].concat(candidates[1]).forEach(function (c, i) {
      var x = xOf(c.d) + dayW / 2;
      var text = c.long ? isoDay(c.d).slice(0, 7) : isoDay(c.d);
      var w = text.length * 6.2;
      var lx = Math.min(Math.max(x - w / 2, 0), width - w); // kept inside the svg
      var free = function (row) { return !row.some(function (p) { return lx < p[1] + 8 && p[0] < lx + w + 8; }); };
      var r = free(rows[0]) ? 0 : (i < candidates[0].length && free(rows[1]) ? 1 : -1);
      if (r < 0) return;
      rows[r].push([lx, lx + w]);
      svg.appendChild(svgEl("line", { x1: x, x2: x, y1: axisY, y2: axisY + 4 + r * 11, "class": "tl-axis" }));
      var t = svgEl("text", { x: lx + w / 2, y: axisY + 14 + r * 11, "text-anchor": "middle", "class": "tl-label" });
      t.textContent = text;
      svg.appendChild(t);
    });

    var bars = svgEl("g", { "class": "tl-bars" });
    tl.bars = [];
    days.forEach(function (d) {
      var types = Object.keys(byDay[d]).sort();
      var total = 0; types.forEach(function (t) { total += byDay[d][t]; });
      var g = svgEl("g", { "class": "bar", "data-day": isoDay(d), "data-count": String(total) });
      var title = svgEl("title");
      title.textContent = isoDay(d) + ": " + total + " event" + (total === 1 ? "" : "s");
      g.appendChild(title);
      var y = pad.top + plotH;
      var bw = Math.max(dayW * 0.85, MIN_BAR);
      var x = xOf(d) + (dayW - bw) / 2;
      types.forEach(function (t) {
        var h = byDay[d][t] / maxCount * plotH;
        y -= h;
        g.appendChild(svgEl("rect", { x: x, y: y, width: bw, height: Math.max(h, 0.5), fill: colour(t) }));
      });
      // a full-height, invisible hit area: thin bars are hard to click otherwise
      var hw = Math.max(dayW, MIN_HIT);
      var hx = xOf(d) + (dayW - hw) / 2;
      tl.bars.push({ day: d, x0: hx, x1: hx + hw });
      g.appendChild(svgEl("rect", { x: hx, y: pad.top, width: hw, height: plotH,
                                    "class": "bar-hit" }));
      bars.appendChild(g);
    });
    svg.appendChild(bars);

    var brush = svgEl("rect", { "class": "tl-brush", y: pad.top, height: plotH, x: 0, width: 0, visibility: "hidden" });
    brush.id = "timeline-brush";
    svg.appendChild(brush);
    drawBrush();
  }

  /** About `n` tick days between first and last: on month starts when the span is long. */
  function ticks(first, last, n) {
    var span = last - first, out = [];
    if (span > 90) {
      var months = Math.max(1, Math.ceil(span / 30.4 / n));
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
    var step = Math.max(1, Math.ceil((span + 1) / n));
    for (var d2 = first + Math.floor(step / 2); d2 <= last; d2 += step) out.push(d2);
    return out.slice(0, n + 1);
  }

  function dayAt(clientX) {
    var svg = $("timeline"), r = svg.getBoundingClientRect();
    var vbW = svg.viewBox.baseVal && svg.viewBox.baseVal.width ? svg.viewBox.baseVal.width : r.width;
    var x = (clientX - r.left) * vbW / r.width;
    // a bar wider than its day (the minimum width) owns the pixels it covers
    for (var i = 0; i < tl.bars.length; i++) {
      if (x >= tl.bars[i].x0 && x <= tl.bars[i].x1) return tl.bars[i].day;
    }
    return Math.min(tl.last, Math.max(tl.first, dayAtX(x)));
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
    var s = Math.max(dayNum(b.start), tl.first), e = Math.min(dayNum(b.end), tl.last);
    if (e < s || !tl.scale) { rect.setAttribute("visibility", "hidden"); return; }
    // at least as wide as the bar it covers
    var x0 = xOf(s), x1 = xOf(e) + tl.scale.dayW, mid = (x0 + x1) / 2, w = Math.max(x1 - x0, MIN_HIT);
    rect.setAttribute("x", mid - w / 2);
    rect.setAttribute("width", w);
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
