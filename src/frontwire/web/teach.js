/* frontwire desk: teach frontwire from the event panel. "Add actor alias" writes a name
 * the coder missed to the user's actor overlay; "Add village" places a missing place by
 * clicking the map and writes it to the user's gazetteer overlay. Both are POSTs behind
 * the server's token (review.js supplies the request function) and take effect on the
 * next run. */
(function () {
  "use strict";
  var FW = window.FW, el = FW.el;

  function field(label, attrs) {
    var l = el("label", null, label + " ");
    var input = el("input", null, null, attrs);
    l.appendChild(input);
    return { label: l, input: input };
  }

  function aliasForm(e, ctx) {
    var form = el("form", "teach-form", null, { "data-testid": "alias-form" });
    form.appendChild(el("h4", null, "Add actor alias"));
    var alias = field("Name in the text", { name: "alias", type: "text", required: "", "data-testid": "alias-name",
                                            placeholder: "e.g. a unit or nickname" });
    var actor = field("Is actor", { name: "actor", type: "text", required: "", "data-testid": "alias-actor",
                                    list: ctx.actorList() });
    actor.input.value = e.actor1 || "";
    form.appendChild(alias.label);
    form.appendChild(actor.label);
    form.appendChild(el("button", null, "Add alias", { type: "submit", "data-testid": "alias-save" }));
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var body = { alias: alias.input.value.trim(), actor: actor.input.value.trim(), who: ctx.who() };
      if (!body.alias || !body.actor) return;
      ctx.api("POST", "/api/aliases", body).then(function (res) {
        ctx.say("alias '" + res.alias + "' → " + res.actor + " saved (used from the next run)");
        alias.input.value = "";
      }).catch(function (err) { ctx.say("Could not add the alias: " + err.message, true); });
    });
    return form;
  }

  function villageForm(e, ctx) {
    var form = el("form", "teach-form", null, { "data-testid": "village-form" });
    form.appendChild(el("h4", null, "Add village to gazetteer"));
    var name = field("Name", { name: "name", type: "text", required: "", "data-testid": "village-name" });
    name.input.value = e.location || "";
    var lat = field("Lat", { name: "latitude", type: "number", step: "any", required: "", "data-testid": "village-lat" });
    var lon = field("Lon", { name: "longitude", type: "number", step: "any", required: "", "data-testid": "village-lon" });
    var cc = field("Country", { name: "country_code", type: "text", maxlength: "2", size: "3", required: "", placeholder: "ISO2",
                                     title: "two-letter country code, guessed from the nearest city when you click the map",
                                     "data-testid": "village-cc" });
    var a1 = field("Admin1", { name: "admin1", type: "text", "data-testid": "village-admin1" });
    a1.input.value = e.admin1 || "";
    var a2 = field("Admin2", { name: "admin2", type: "text", "data-testid": "village-admin2" });
    a2.input.value = e.admin2 || "";
    var place = el("button", null, "Click the map to place it", { type: "button", "data-testid": "village-pick" });
    place.addEventListener("click", function () {
      ctx.say("click the map where the village is");
      FW.map.pick(function (latlng) {
        lat.input.value = latlng.lat.toFixed(5);
        lon.input.value = latlng.lng.toFixed(5);
        if (!cc.input.value) cc.input.value = FW.map.nearestCountry(latlng) || "";
        ctx.say("placed at " + lat.input.value + ", " + lon.input.value);
      });
    });
    form.appendChild(name.label);
    [[lat, lon, cc], [a1, a2]].forEach(function (group) {
      var row = el("div", "teach-row teach-row-" + group.length);
      group.forEach(function (f) { row.appendChild(f.label); });
      form.appendChild(row);
    });
    form.appendChild(place);
    form.appendChild(el("button", null, "Add village", { type: "submit", "data-testid": "village-save" }));
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var body = {
        name: name.input.value.trim(), latitude: Number(lat.input.value), longitude: Number(lon.input.value),
        country_code: cc.input.value.trim().toUpperCase(), admin1: a1.input.value.trim() || null,
        admin2: a2.input.value.trim() || null, who: ctx.who()
      };
      if (!body.name || lat.input.value === "" || lon.input.value === "") { ctx.say("give a name and click the map", true); return; }
      ctx.api("POST", "/api/gazetteer", body).then(function (res) {
        ctx.say("'" + res.name + "' added to the gazetteer as " + res.place_id + " (used from the next run)");
        FW.map.pick(null);
      }).catch(function (err) { ctx.say("Could not add the village: " + err.message, true); });
    });
    return form;
  }

  /** The two forms for event `e`, folded in a <details> so the panel stays short. */
  function box(e, ctx) {
    var d = el("details", "teach-box", null, { "data-testid": "teach-box" });
    d.appendChild(el("summary", null, "Teach frontwire: actor alias, missing village"));
    var row = el("div", "teach-forms");
    row.appendChild(aliasForm(e, ctx));
    row.appendChild(villageForm(e, ctx));
    d.appendChild(row);
    return d;
  }

  FW.teach = { box: box };
})();
