/* frontwire desk: the event panel (facts, sources, contradictions, each claim as a row
 * grouped by outlet and claimant) and the article view (headline, outlet and date, the
 * selected event's evidence marked strongly, other events' spans faintly). */
(function () {
  "use strict";
  var FW = window.FW, $ = FW.$, el = FW.el, clear = FW.clear, colour = FW.colour, state = FW.state;
  var fmtValue = FW.fmtValue, getJSON = FW.getJSON, status = FW.status, safeUrl = FW.safeUrl;

  function writeHash() { FW.desk.writeHash(); }
  function selectEvent(id, opts) { return FW.desk.select(id, opts); }

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
      panel.hidden = true; $("event-hint").hidden = false; state.selected = null; writeHash();
      FW.map.markSelected();
      FW.table.markSelected(null, false);
    });
    head.appendChild(close);
    panel.appendChild(head);
    panel.appendChild(el("p", "panel-type", e.event_type + " — " + e.sub_event_type));
    if (e.notes) panel.appendChild(el("p", "notes", e.notes));
    if (e.needs_review) panel.appendChild(el("p", "review", "Needs review: " + (e.geo_note || (e.latitude === null ? "place not resolved" : "flagged by the coder"))));
    else if (FW.precisionLabel(e)) panel.appendChild(el("p", "review", "Placed at an " + FW.precisionLabel(e).replace(/^approximate:\s*/, "approximate point: ")));

    // one name per place: "Idleb" (admin2) and "Idlib" (admin1) are one name in two spellings
    var skeleton = function (v) { return v.toLowerCase().replace(/[^a-z]|[aeiouy]/g, "") || v.toLowerCase(); };
    var place = [e.location, e.admin2, e.admin1, e.country].filter(Boolean).filter(function (v, i, a) {
      return a.map(skeleton).indexOf(skeleton(v)) === i;
    }).join(", ");
    var fat = e.fatalities === null || e.fatalities === undefined ? null
      : e.fatalities + (e.fatalities_low !== null && e.fatalities_high !== null &&
                        (e.fatalities_low !== e.fatalities || e.fatalities_high !== e.fatalities)
        ? " (range " + e.fatalities_low + "–" + e.fatalities_high + ")" : "");
    panel.appendChild(dl([
      ["Actor 1", [e.actor1].concat(e.assoc_actor1 || []).filter(Boolean).join("; ")],
      ["Actor 2", [e.actor2].concat(e.assoc_actor2 || []).filter(Boolean).join("; ")],
      ["Place", place + (e.geo_precision ? " (geo precision " + e.geo_precision + ")" : "") +
                (FW.precisionLabel(e) ? " — " + FW.precisionLabel(e) : "")],
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
      // as the article view names it: the headline, else the text's first line, never the bare id
      li.appendChild(articleLink(aid, info.title || info.headline || "untitled article " + aid, e.event_id));
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
    // the headline, else the text's first line (reports often open with it), never the bare id
    var firstLine = (a.text || "").split("\n")[0].trim();
    $("article-title").textContent = a.title || (firstLine.length <= 160 ? firstLine : "") || a.id;
    var meta = $("article-meta");
    clear(meta);
    var src = el("span", "article-source", null, { "data-testid": "article-source" });
    src.appendChild(el("span", "outlet", a.outlet || "unknown outlet"));
    src.appendChild(document.createTextNode(" · " + (a.published ? a.published : "date unknown")));
    meta.appendChild(src);
    if (a.framing && a.framing.stance) meta.appendChild(el("span", "tag stance", a.framing.stance));
    var href = safeUrl(a.url);
    if (href) {
      meta.appendChild(document.createTextNode(" · "));
      meta.appendChild(el("a", null, "original", { href: href, rel: "noopener noreferrer nofollow", target: "_blank" }));
    }
    var own = (a.spans || []).filter(function (sp) { return sp.event_id === eventId; }).length;
    meta.appendChild(document.createTextNode(" · " + (eventId ? own + " evidence span" + (own === 1 ? "" : "s") +
      " for this event (strong), " + (a.spans.length - own) + " for other events (faint)"
      : a.spans.length + " evidence span" + (a.spans.length === 1 ? "" : "s"))));
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
        else if (state.brush) { state.brush = null; FW.timeline.drawBrush(); FW.desk.applyBrush(); }
      }
    });
  }

  /** Claims as rows, grouped by outlet and then claimant: outlet, claimant, field, value, victims, evidence. */
  function claimsTable(e, conflicted) {
    var wrap = el("div", "claims-wrap");
    wrap.appendChild(el("h3", null, "Claims by source"));
    var claims = (e.claims || []).slice();
    if (!claims.length) {
      wrap.appendChild(el("p", "muted", "No claims recorded."));
      return wrap;
    }
    var order = {};
    claims.forEach(function (c, i) { if (!(c.field in order)) order[c.field] = i; });
    claims.sort(function (a, b) {
      var ka = (a.outlet || "~") + "\u0001" + (a.claimant || ""), kb = (b.outlet || "~") + "\u0001" + (b.claimant || "");
      return ka < kb ? -1 : ka > kb ? 1 : order[a.field] - order[b.field];
    });
    var table = el("table", "claims", null, { "data-testid": "claims-table" });
    var cols = el("colgroup");
    ["c-field", "c-value", "c-victim", "c-evidence"].forEach(function (c) { cols.appendChild(el("col", c)); });
    table.appendChild(cols);
    var hr = el("tr");
    ["Field", "Value", "Victims", "Evidence"].forEach(function (h) { hr.appendChild(el("th", null, h, { scope: "col" })); });
    var thead = el("thead");
    thead.appendChild(hr);
    table.appendChild(thead);
    var tbody = el("tbody");
    var prevGroup = null;
    claims.forEach(function (c) {
      var group = (c.outlet || "") + "\u0001" + (c.claimant || "");
      if (group !== prevGroup) {
        // one heading row per outlet and claimant: who says it, then what each claim says
        var gr = el("tr", "claim-group", null, { "data-outlet": c.outlet || "", "data-claimant": c.claimant || "" });
        var th = el("th", null, null, { colspan: "4", scope: "rowgroup" });
        th.appendChild(el("span", "claim-outlet", c.outlet || "unknown outlet"));
        var stance = c.outlet && e.outlet_stance ? e.outlet_stance[c.outlet] : null;
        if (stance) th.appendChild(el("span", "tag stance", stance));
        th.appendChild(el("span", "claim-claimant", c.claimant && c.claimant !== c.outlet ? "claimant: " + c.claimant
          : "claimant: the outlet itself"));
        gr.appendChild(th);
        tbody.appendChild(gr);
        prevGroup = group;
      }
      var tr = el("tr", "claim" + (conflicted[claimKey(c)] ? " claim-conflict" : ""), null, {
        "data-testid": "claim", "data-field": c.field, "data-outlet": c.outlet || "", "data-claimant": c.claimant || ""
      });
      tr.appendChild(el("td", "claim-field", c.field.replace(/_/g, " ")));
      var v = el("td", "claim-value", (c.kind ? c.kind + " " : "") + fmtValue(c.value));
      if (c.low !== null && c.low !== undefined && c.high !== null && c.high !== undefined && c.low !== c.high) {
        v.appendChild(el("span", "claim-range", " (" + c.low + "–" + c.high + ")"));
      }
      tr.appendChild(v);
      tr.appendChild(el("td", "claim-victim", c.victim || ""));
      var ev = el("td", "claim-evidence");
      if (c.evidence && c.evidence.sentence) ev.appendChild(el("span", "evidence", c.evidence.sentence));
      if (c.article_id) {
        ev.appendChild(document.createTextNode(" "));
        ev.appendChild(articleLink(c.article_id, "read in article", e.event_id));
      }
      tr.appendChild(ev);
      tbody.appendChild(tr);
    });
    table.appendChild(tbody);
    wrap.appendChild(table);
    return wrap;
  }

  function selectEvent2(id, opts) {
    opts = opts || {};
    state.selected = id;
    FW.table.markSelected(id, !opts.fromList);
    if (!opts.fromMap) FW.map.focus(id);
    FW.map.markSelected();
    writeHash();
    var cached = state.eventCache[id];
    var p = cached ? Promise.resolve(cached)
      : getJSON("/api/events/" + encodeURIComponent(id)).then(function (e) { state.eventCache[id] = e; return e; });
    return p.then(function (e) {
      if (state.selected === id) renderEvent(e);
    }).catch(function (err) { status("Could not load event: " + err.message, true); });
  }

  function hide() {
    $("event-panel").hidden = true;
    $("event-hint").hidden = false;
  }

  FW.panel = { select: selectEvent2, hide: hide, openArticle: openArticle, closeArticle: closeArticle,
               initArticleView: initArticleView };
})();
