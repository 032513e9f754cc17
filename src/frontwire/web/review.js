/* frontwire desk: review. Accept, reject, edit, merge and split the selected event
   (POSTs carry the server's bearer token, entered once and kept for this tab), its
   correction history with undo, and the review queue with keyboard shortcuts. */
(function () {
  "use strict";

  var TOKEN_KEY = "frontwire-token";
  var EDIT_FIELDS = [
    ["actor1", "Actor 1", "text"], ["actor2", "Actor 2", "text"], ["event_date", "Date", "date"],
    ["location", "Place", "text"], ["latitude", "Latitude", "number"], ["longitude", "Longitude", "number"],
    ["fatalities", "Fatalities", "number"]
  ];
  var config = { write_enabled: false };
  var taxonomy = {};
  var current = null; // the event shown in the panel
  var queue = []; // event ids of the review queue, oldest first
  var queuePos = -1;

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text, attrs) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }
  function say(msg, isError) {
    var s = $("status");
    s.textContent = msg;
    s.classList.toggle("error", !!isError);
  }
  function token() { try { return sessionStorage.getItem(TOKEN_KEY) || ""; } catch (e) { return ""; } }
  function setToken(t) { try { sessionStorage.setItem(TOKEN_KEY, t); } catch (e) { /* private mode */ } }

  function api(method, url, body) {
    var opts = { method: method, headers: { "Accept": "application/json" } };
    if (method !== "GET") {
      opts.headers["Authorization"] = "Bearer " + token();
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(body || {});
    }
    return fetch(url, opts).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) {
        if (!r.ok) {
          if (r.status === 401 || r.status === 403) setToken("");
          var d = data && data.detail;
          throw new Error(typeof d === "string" ? d : (d ? JSON.stringify(d).slice(0, 300) : "HTTP " + r.status));
        }
        return data;
      });
    });
  }

  /** Send one correction; then reload the list and show the event that now holds it. */
  function correct(action, changes) {
    if (!current) return Promise.resolve();
    var who = ($("review-who") && $("review-who").value.trim()) || "analyst";
    return api("POST", "/api/events/" + encodeURIComponent(current.event_id) + "/corrections",
               { action: action, changes: changes || {}, who: who }).then(function (res) {
      var msg = action + " saved for " + current.event_id;
      var next = action === "reject" ? nextInQueue() : (res.event ? res.event.event_id : null);
      // said after the reload, whose event count would otherwise replace it at once
      return window.frontwireDesk.refresh(next).then(function () { say(msg); });
    }).catch(function (err) { say("Could not save the " + action + ": " + err.message, true); });
  }

  function undo(id) {
    return api("POST", "/api/corrections/" + encodeURIComponent(id) + "/undo").then(function (res) {
      return window.frontwireDesk.refresh(res.correction.event_id).then(function () { say("correction " + id + " undone"); });
    }).catch(function (err) { say("Could not undo: " + err.message, true); });
  }

  function tokenBox(box) {
    var row = el("div", "review-token");
    var input = el("input", null, null, { type: "password", id: "review-token", placeholder: "server token",
                                          "aria-label": "Server token", "data-testid": "review-token" });
    var btn = el("button", null, "Use token", { type: "button", "data-testid": "review-token-save" });
    btn.addEventListener("click", function () {
      setToken(input.value.trim());
      if (current) render(current);
    });
    row.appendChild(input);
    row.appendChild(btn);
    box.appendChild(el("p", "muted", "Enter the server's token once to review events."));
    box.appendChild(row);
  }

  function editForm(e) {
    var form = el("form", "review-edit", null, { "data-testid": "edit-form", hidden: "" });
    var sub = el("select", null, null, { name: "sub_event_type", "data-testid": "edit-sub-type", "aria-label": "Sub-event type" });
    Object.keys(taxonomy).forEach(function (t) {
      var group = el("optgroup", null, null, { label: t });
      taxonomy[t].forEach(function (s) {
        var o = el("option", null, s, { value: s });
        if (s === e.sub_event_type) o.selected = true;
        group.appendChild(o);
      });
      sub.appendChild(group);
    });
    var lab = el("label", null, "Sub-type ");
    lab.appendChild(sub);
    form.appendChild(lab);
    EDIT_FIELDS.forEach(function (f) {
      var l = el("label", null, f[1] + " ");
      var v = e[f[0]];
      var input = el("input", null, null, { name: f[0], type: f[2], "data-testid": "edit-" + f[0] });
      if (f[2] === "number") input.setAttribute("step", "any");
      if (f[0] === "actor1" || f[0] === "actor2") input.setAttribute("list", actorList());
      input.value = v === null || v === undefined ? "" : String(v);
      l.appendChild(input);
      form.appendChild(l);
    });
    // a place from the gazetteer fills the name, coordinates and admin areas
    var picked = null;
    var find = el("button", null, "Find place", { type: "button", "data-testid": "place-find" });
    var choices = el("select", null, null, { "aria-label": "Gazetteer places", "data-testid": "place-choices", hidden: "" });
    find.addEventListener("click", function () {
      var name = form.elements.location.value.trim();
      if (!name) return;
      api("GET", "/api/places?q=" + encodeURIComponent(name)).then(function (found) {
        while (choices.firstChild) choices.removeChild(choices.firstChild);
        choices.appendChild(el("option", null, found.length ? "choose a place…" : "no such place in the gazetteer", { value: "" }));
        found.forEach(function (p, i) {
          choices.appendChild(el("option", null, p.name + " (" + [p.admin2, p.admin1].filter(Boolean).join(", ") + "; " +
                                 p.feature + ")", { value: String(i) }));
        });
        choices.hidden = false;
        choices.onchange = function () {
          var p = found[Number(choices.value)];
          if (!choices.value || !p) return;
          picked = p;
          form.elements.location.value = p.name;
          form.elements.latitude.value = String(p.latitude);
          form.elements.longitude.value = String(p.longitude);
        };
      }).catch(function (err) { say("Could not search the gazetteer: " + err.message, true); });
    });
    form.appendChild(find);
    form.appendChild(choices);
    if (window.FW && window.FW.map) {
      var onMap = el("button", null, "Pick on map", { type: "button", "data-testid": "place-pick",
                                                       title: "Click the map where the event happened" });
      onMap.addEventListener("click", function () {
        say("click the map where the event happened");
        window.FW.map.pick(function (latlng) {
          picked = null; // a point of one's own, not a gazetteer place
          form.elements.latitude.value = latlng.lat.toFixed(5);
          form.elements.longitude.value = latlng.lng.toFixed(5);
          say("placed at " + form.elements.latitude.value + ", " + form.elements.longitude.value + ": save to keep it");
        });
      });
      form.appendChild(onMap);
    }
    var save = el("button", null, "Save changes", { type: "submit", "data-testid": "edit-save" });
    form.appendChild(save);
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var changes = {};
      if (sub.value !== e.sub_event_type) changes.sub_event_type = sub.value;
      EDIT_FIELDS.forEach(function (f) {
        var raw = form.elements[f[0]].value.trim();
        var old = e[f[0]] === null || e[f[0]] === undefined ? "" : String(e[f[0]]);
        if (raw === old) return;
        changes[f[0]] = raw === "" ? null : (f[2] === "number" ? Number(raw) : raw);
      });
      if (picked && form.elements.location.value.trim() === picked.name) {
        changes.place_id = picked.place_id;
        changes.admin1 = picked.admin1;
        changes.admin2 = picked.admin2;
        changes.geo_precision = picked.feature === "populated place" ? 1 : 3;
      }
      if (!Object.keys(changes).length) { say("nothing changed"); return; }
      correct("edit", changes);
    });
    return form;
  }

  /** A datalist of the actors the desk knows (the actor filter's names), so typing searches them. */
  function actorList() {
    var list = $("review-actors");
    if (!list) {
      list = el("datalist", null, null, { id: "review-actors" });
      document.body.appendChild(list);
    }
    while (list.firstChild) list.removeChild(list.firstChild);
    Array.prototype.forEach.call($("filter-actor").options, function (o) {
      if (o.value) list.appendChild(el("option", null, null, { value: o.value }));
    });
    return "review-actors";
  }

  /** A datalist of the listed events nearest in date to `e` (an id is hard to type): its id. */
  function mergeCandidates(e) {
    var list = $("merge-candidates");
    if (!list) {
      list = el("datalist", null, null, { id: "merge-candidates" });
      document.body.appendChild(list);
    }
    while (list.firstChild) list.removeChild(list.firstChild);
    var day = function (x) { return x.event_date ? Date.parse(x.event_date) / 864e5 : Infinity; };
    var d0 = day(e);
    ((window.FW && window.FW.state.events) || []).filter(function (x) { return x.event_id !== e.event_id; })
      .sort(function (a, b) { return Math.abs(day(a) - d0) - Math.abs(day(b) - d0) || (a.event_id < b.event_id ? -1 : 1); })
      .slice(0, 50).forEach(function (x) {
        var o = el("option", null, [x.event_date || "undated", x.location, x.sub_event_type].filter(Boolean).join(" · "));
        o.value = x.event_id;
        list.appendChild(o);
      });
    return "merge-candidates";
  }

  function mergeSplit(e) {
    var wrap = el("div", "review-more");
    var other = el("input", null, null, { type: "text", placeholder: "event id to merge in", "aria-label": "Event id to merge in",
                                          "data-testid": "merge-with", list: mergeCandidates(e) });
    var merge = el("button", null, "Merge", { type: "button", "data-testid": "review-merge" });
    merge.addEventListener("click", function () {
      if (other.value.trim()) correct("merge", { "with": other.value.trim() });
    });
    wrap.appendChild(other);
    wrap.appendChild(merge);
    if ((e.articles || []).length > 1) {
      var art = el("select", null, null, { "aria-label": "Article to split off", "data-testid": "split-article" });
      e.articles.forEach(function (a) {
        var info = (e.article_info || {})[a] || {};
        art.appendChild(el("option", null, (info.outlet ? info.outlet + ": " : "") + (info.title || info.headline || a), { value: a }));
      });
      var split = el("button", null, "Split off", { type: "button", "data-testid": "review-split" });
      split.addEventListener("click", function () { correct("split", { articles: [art.value] }); });
      wrap.appendChild(art);
      wrap.appendChild(split);
    }
    return wrap;
  }

  function history(e, box) {
    var list = el("ol", "review-history", null, { "data-testid": "review-history" });
    box.appendChild(el("h3", null, "Corrections"));
    box.appendChild(list);
    api("GET", "/api/events/" + encodeURIComponent(e.event_id) + "/corrections").then(function (rows) {
      if (!rows.length) list.appendChild(el("li", "muted", "none yet"));
      rows.slice().reverse().forEach(function (r) {
        var li = el("li", r.undone ? "undone" : null, null, { "data-testid": "correction" });
        var what = r.action + (r.action === "edit" ? ": " + Object.keys(r.changes || {}).map(function (k) {
          return k + " → " + r.changes[k];
        }).join(", ") : "");
        li.appendChild(el("span", null, what + " — " + r.who + ", " + r.at.replace("T", " ").replace("+00:00", " UTC")));
        if (!r.undone && config.write_enabled && token()) {
          var b = el("button", null, "Undo", { type: "button", "data-testid": "correction-undo" });
          b.addEventListener("click", function () { undo(r.id); });
          li.appendChild(b);
        } else if (r.undone) {
          li.appendChild(el("span", "muted", " (undone)"));
        }
        list.appendChild(li);
      });
    }).catch(function (err) { list.appendChild(el("li", "error", "history unavailable: " + err.message)); });
  }

  function render(e) {
    current = e;
    var panel = $("event-panel");
    var old = $("review-box");
    if (old) old.parentNode.removeChild(old);
    var box = el("section", "review-box", null, { id: "review-box", "data-testid": "review-box" });
    box.appendChild(el("h3", null, "Review"));
    if (!config.write_enabled) {
      box.appendChild(el("p", "muted", "Read-only server: start it with a token to review events."));
    } else if (!token()) {
      tokenBox(box);
    } else {
      var bar = el("div", "review-actions");
      var who = el("input", null, null, { id: "review-who", type: "text", placeholder: "your name", "aria-label": "Your name" });
      try { who.value = localStorage.getItem("frontwire-who") || ""; } catch (x) { /* ignore */ }
      who.addEventListener("change", function () { try { localStorage.setItem("frontwire-who", who.value); } catch (x) { /* ignore */ } });
      var form = editForm(e);
      [["Accept", "accept", "a"], ["Reject", "reject", "x"], ["Edit…", "edit", "e"]].forEach(function (b) {
        var btn = el("button", null, b[0], { type: "button", "data-testid": "review-" + b[1], title: "key " + b[2] });
        btn.addEventListener("click", function () {
          if (b[1] === "edit") form.hidden = !form.hidden;
          else correct(b[1]);
        });
        bar.appendChild(btn);
      });
      bar.appendChild(who);
      box.appendChild(bar);
      box.appendChild(form);
      box.appendChild(mergeSplit(e));
      if (window.FW && window.FW.teach) {
        box.appendChild(window.FW.teach.box(e, {
          api: api, say: say, actorList: actorList,
          who: function () { return ($("review-who") && $("review-who").value.trim()) || "analyst"; }
        }));
      }
    }
    history(e, box);
    panel.appendChild(box);
  }

  // ---------------------------------------------------------------- review queue

  function loadQueue() {
    var list = $("queue-list");
    if (!list.querySelector(".queue-row")) {
      // the server's first queue reads the learned model: a few seconds with nothing to show otherwise
      while (list.firstChild) list.removeChild(list.firstChild);
      list.appendChild(el("li", "muted queue-empty", "Loading the queue (the first time takes a few seconds)…"));
    }
    return api("GET", "/api/review?limit=500").then(function (res) {
      while (list.firstChild) list.removeChild(list.firstChild);
      queue = res.events.map(function (q) { return q.event_id; });
      if (!queue.length) list.appendChild(el("li", "muted queue-empty", "Nothing waits for review."));
      res.events.forEach(function (q) {
        var li = el("li", "queue-row", null, { tabindex: "0", "data-event-id": q.event_id, "data-testid": "queue-row" });
        li.appendChild(el("span", null, (q.event_date || "undated") + " · " + (q.event.location || "?") + " · " + q.event.sub_event_type));
        li.appendChild(el("span", "tag", q.why.join(", ")));
        li.addEventListener("click", function () { openFromQueue(queue.indexOf(q.event_id)); });
        list.appendChild(li);
      });
    }).catch(function (err) {
      var loading = list.querySelector(".queue-empty");
      if (loading) loading.textContent = "The queue could not be loaded.";
      say("Could not load the review queue: " + err.message, true);
    });
  }

  function openFromQueue(i) {
    if (i < 0 || i >= queue.length) return;
    queuePos = i;
    Array.prototype.forEach.call(document.querySelectorAll(".queue-row"), function (r, k) { r.classList.toggle("selected", k === i); });
    window.frontwireDesk.select(queue[i]);
  }

  function nextInQueue() {
    if ($("queue-pane").hidden || !current) return null;
    var i = queue.indexOf(current.event_id);
    return i >= 0 && i + 1 < queue.length ? queue[i + 1] : null;
  }

  function onKey(ev) {
    var t = ev.target;
    if (ev.ctrlKey || ev.metaKey || ev.altKey || (t && /^(INPUT|SELECT|TEXTAREA)$/.test(t.tagName))) return;
    if ($("queue-pane").hidden) return;
    var k = ev.key;
    if (k === "j") openFromQueue(queuePos + 1);
    else if (k === "k") openFromQueue(Math.max(0, queuePos - 1));
    else if (k === "a" && token()) correct("accept").then(loadQueue);
    else if (k === "x" && token()) correct("reject").then(loadQueue);
    else if (k === "e" && $("review-box")) { var f = document.querySelector(".review-edit"); if (f) f.hidden = !f.hidden; }
    else return;
    ev.preventDefault();
  }

  function start() {
    Promise.all([
      api("GET", "/api/config").catch(function () { return {}; }),
      api("GET", "/api/taxonomy").catch(function () { return {}; })
    ]).then(function (res) {
      config = res[0] || config;
      taxonomy = res[1] || {};
      if (current) render(current);
    });
    document.addEventListener("frontwire:event", function (ev) { render(ev.detail); });
    $("queue-open").addEventListener("click", function () {
      $("queue-pane").hidden = false;
      loadQueue().then(function () { openFromQueue(0); });
    });
    $("queue-close").addEventListener("click", function () { $("queue-pane").hidden = true; });
    document.addEventListener("keydown", onKey);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
