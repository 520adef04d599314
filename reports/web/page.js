// The report pages' script: draws every table from its CSV text and every
// chart from its table, applies the trust and quarter filters to both, and
// leaves a summary in #render-status for the tests (what each chart and
// table shows, errors, requests made, overflow). The filters can be set
// from the address: page.html#trust=RXX&quarter=2012Q4&find=text (and
// &open=1 opens every chart's table).
(function () {
  "use strict";
  var page = window.__page || {};
  var tables = {}, charts = [], made = {}, built = {};
  var filter = {trust: "", quarter: "", find: ""};
  var palette = ["#005eb8", "#ed8b00", "#009639", "#da291c", "#7c2855", "#00a499", "#ffb81c", "#330072",
    "#768692", "#8a1538", "#41b6e6", "#78be20", "#ae2573", "#425563", "#fae100", "#006747", "#e06666", "#231f20"];

  function parseCSV(text) {
    var rows = [], row = [], cell = "", i = 0, q = false, c;
    while (i < text.length) {
      c = text[i];
      if (q) {
        if (c === '"') {
          if (text[i + 1] === '"') { cell += '"'; i += 2; continue; }
          q = false; i++; continue;
        }
        cell += c; i++; continue;
      }
      if (c === '"') { q = true; i++; continue; }
      if (c === ",") { row.push(cell); cell = ""; i++; continue; }
      if (c === "\r") { i++; continue; }
      if (c === "\n") { row.push(cell); rows.push(row); row = []; cell = ""; i++; continue; }
      cell += c; i++;
    }
    if (cell !== "" || row.length) { row.push(cell); rows.push(row); }
    return rows;
  }

  var nf0 = new Intl.NumberFormat("en-GB", {maximumFractionDigits: 0});
  var nf2 = new Intl.NumberFormat("en-GB", {minimumFractionDigits: 2, maximumFractionDigits: 2});
  function show(t, i, v) {
    var vl = t.values && t.values[i];
    if (vl && Object.prototype.hasOwnProperty.call(vl, v)) { return vl[v]; }
    if (v === "") { return ""; }
    var n = Number(v);
    switch (t.formats[i]) {
      case "count": return isNaN(n) ? v : nf0.format(n);
      case "share": return isNaN(n) ? v : (n * 100).toFixed(2) + "%";
      case "change": return isNaN(n) ? v : (n > 0 ? "+" : n < 0 ? "\u2212" : "\u00b1") + Math.abs(n * 100).toFixed(2) + " pts";
      case "delta": return isNaN(n) ? v : (n > 0 ? "+" : n < 0 ? "\u2212" : "") + nf0.format(Math.abs(n));
      case "gbp": return isNaN(n) ? v : "\u00a3" + nf2.format(n);
      default: return v;
    }
  }
  function numeric(f) { return f === "count" || f === "delta" || f === "share" || f === "change" || f === "gbp" || f === "number"; }

  function rowMatches(t, r) {
    if (filter.trust && t.trust >= 0 && r[t.trust] !== filter.trust && r[t.trust] !== "ALL") { return false; }
    var fq = filter.quarter || (t.snapshot ? page.quarter || "" : "");
    if (fq) {
      if (t.quarter >= 0) {
        var q = r[t.quarter];
        if (q !== "" && (t.upTo ? q > fq : q !== fq)) { return false; }
      } else if (t.upTo && t.year >= 0) {
        var y = r[t.year];
        if (y !== "ALL" && y > fq.slice(0, 4)) { return false; }
      }
    }
    if (t.find && filter.find) {
      var want = filter.find.toLowerCase(), hit = false;
      for (var i = 0; i < r.length && !hit; i++) { hit = r[i].toLowerCase().indexOf(want) >= 0; }
      if (!hit) { return false; }
    }
    return true;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function renderTable(t) {
    var rows = t.rows.filter(function (r) { return rowMatches(t, r); });
    t.matching = rows.length;
    var size = t.pageSize, pages = Math.max(1, Math.ceil(rows.length / size));
    if (t.page >= pages) { t.page = pages - 1; }
    var from = t.all ? 0 : t.page * size, to = t.all ? rows.length : Math.min(rows.length, from + size);
    t.shown = to - from;
    document.querySelectorAll('.tbl[data-table="' + t.id + '"]').forEach(function (box) {
      var table = el("table", t.compact ? "compact" : "");
      table.id = t.id;
      var tr = el("tr");
      t.labels.forEach(function (l, i) {
        var th = el("th", numeric(t.formats[i]) ? "num" : "", l);
        th.title = "CSV column " + t.head[i];
        tr.appendChild(th);
      });
      var thead = el("thead");
      thead.appendChild(tr);
      table.appendChild(thead);
      var tbody = el("tbody");
      for (var k = from; k < to; k++) {
        var r = rows[k], row = el("tr");
        if (t.trust >= 0) { row.setAttribute("data-trust", r[t.trust]); }
        if (t.quarter >= 0) { row.setAttribute("data-quarter", r[t.quarter]); }
        for (var i = 0; i < r.length; i++) {
          var f = t.formats[i];
          var td = el("td", numeric(f) ? "num" : f === "text" ? "text" : "", show(t, i, r[i]));
          if ((f === "change" || f === "delta") && r[i] !== "") { td.classList.add(Number(r[i]) < 0 ? "down" : Number(r[i]) > 0 ? "up" : "same"); }
          row.appendChild(td);
        }
        tbody.appendChild(row);
      }
      table.appendChild(tbody);
      var wrap = box.querySelector(".tablewrap");
      wrap.textContent = "";
      wrap.appendChild(table);
      var pager = box.querySelector(".pager");
      pager.textContent = "";
      if (!rows.length) {
        pager.appendChild(el("span", "note", t.rows.length ? "No rows for this selection." : "No rows."));
        return;
      }
      var note = rows.length > size || t.rows.length !== rows.length || t.all ?
        "Rows " + nf0.format(from + 1) + "\u2013" + nf0.format(to) + " of " + nf0.format(rows.length) +
        (t.rows.length !== rows.length ? " selected (" + nf0.format(t.rows.length) + " in all)" : "") +
        (to - from < rows.length ? "; every row is in " + t.name + "." : ".") : "";
      if (note) { pager.appendChild(el("span", "note", note)); }
      if (rows.length > size) {
        var btn = function (label, on, fn) {
          var b = el("button", "", label);
          b.type = "button";
          b.disabled = !on;
          b.addEventListener("click", function () { fn(); renderTable(t); report(); });
          pager.appendChild(b);
        };
        if (!t.all) {
          btn("\u2039 Previous", t.page > 0, function () { t.page--; });
          btn("Next \u203a", t.page < pages - 1, function () { t.page++; });
        }
        btn(t.all ? "Show " + size + " at a time" : "Show all", true, function () { t.all = !t.all; t.page = 0; });
      }
    });
  }

  function seriesLabel(c, t, v, fixed) {
    if (c.fixed && !fixed && filter.trust && t.trust >= 0) { return "Trust " + filter.trust; }
    var vl = t.values && t.values[c.series];
    return vl && Object.prototype.hasOwnProperty.call(vl, v) ? vl[v] : v;
  }

  function chartOption(c) {
    var t = tables[c.table];
    var o = JSON.parse(JSON.stringify(c.option));
    var tmpl = o.series[0] || {};
    var quarter = filter.quarter || page.quarter || "";
    var rows = t.rows.filter(function (r) {
      var fixed = c.series >= 0 && c.fixed && c.fixed.indexOf(r[c.series]) >= 0;
      if (t.trust >= 0 && !fixed && r[t.trust] !== (filter.trust || "ALL")) { return false; }
      if (c.trend === "quarter") { return !filter.quarter || r[c.cat] <= filter.quarter; }
      if (c.trend === "year") { return r[c.cat] !== "ALL" && (!filter.quarter || r[c.cat] <= filter.quarter.slice(0, 4)); }
      if (t.quarter >= 0 && quarter) { return r[t.quarter] === quarter; }
      return true;
    });
    var cats = [], catIdx = {};
    rows.forEach(function (r) {
      var k = r[c.cat];
      if (!Object.prototype.hasOwnProperty.call(catIdx, k)) { catIdx[k] = cats.length; cats.push(k); }
    });
    if (c.trend) {
      cats.sort();
      if (c.trend === "quarter" && page.axis && page.axis.length && cats.length) {
        var lo = cats[0], hi = filter.quarter || page.axis[page.axis.length - 1];
        cats = page.axis.filter(function (q) { return q >= lo && q <= hi; });
      }
      catIdx = {};
      cats.forEach(function (k, i) { catIdx[k] = i; });
    }
    var names = [], data = [], fixedAt = [], nameIdx = {};
    function serie(key, name, fixed) {
      if (!Object.prototype.hasOwnProperty.call(nameIdx, key)) {
        nameIdx[key] = names.length;
        names.push(name);
        fixedAt.push(fixed);
        data.push(cats.map(function () { return null; }));
      }
      return nameIdx[key];
    }
    rows.forEach(function (r) {
      var ci = catIdx[r[c.cat]];
      if (c.series >= 0) {
        var fixed = !!(c.fixed && c.fixed.indexOf(r[c.series]) >= 0);
        var v = r[c.values[0]];
        data[serie(r[c.series], seriesLabel(c, t, r[c.series], fixed), fixed)][ci] = v === "" ? null : Number(v);
      } else {
        c.values.forEach(function (vi) {
          var v = r[vi];
          data[serie("#" + vi, t.labels[vi], false)][ci] = v === "" ? null : Number(v);
        });
      }
    });
    var catLabels = cats.map(function (k) {
      var vl = t.values && t.values[c.cat];
      return vl && Object.prototype.hasOwnProperty.call(vl, k) ? vl[k] : k;
    });
    o.xAxis[0].data = catLabels;
    o.series = names.map(function (n, i) {
      var s = JSON.parse(JSON.stringify(tmpl));
      s.name = n;
      s.data = data[i];
      if (c.line) {
        s.showSymbol = cats.length <= 24;
        s.connectNulls = false;
        if (fixedAt[i]) {
          s.lineStyle = {type: "dashed", width: 2.5, color: "#231f20"};
          s.itemStyle = {color: "#231f20"};
          s.z = 3;
        } else { s.lineStyle = {width: 2}; s.z = 2; }
      }
      return s;
    });
    o.color = palette;
    o.tooltip.confine = true;
    // Every series in the legend, on as many lines as it takes (a scrolled
    // legend hides some, on paper for good), below the axis.
    var box = document.getElementById(c.id);
    var perLine = Math.max(1, Math.floor(((box && box.clientWidth) || 700) / 96));
    var lines = Math.ceil(names.length / perLine);
    o.legend.data = names;
    o.legend.type = "plain";
    o.legend.width = "94%";
    var grid = Array.isArray(o.grid) ? o.grid[0] : o.grid;
    if (grid) { grid.bottom = 44 + 22 * lines; }
    var bits = [];
    if (t.trust >= 0 && filter.trust) { bits.push("Trust " + filter.trust); }
    if (c.trend === "quarter" && filter.quarter) { bits.push("quarters up to " + filter.quarter); }
    if (c.trend === "year" && filter.quarter) { bits.push("years up to " + filter.quarter.slice(0, 4)); }
    if (!c.trend && t.quarter >= 0 && quarter) { bits.push(quarter); }
    o.title.subtext = bits.join(" \u00b7 ");
    var y = o.yAxis[0];
    y.nameTextStyle = {align: "left"};
    if (c.percent) {
      y.axisLabel = {formatter: function (v) { return Math.round(v * 1000) / 10 + "%"; }};
      // Shares run to 100% and no further; a line of shares starts near its
      // lowest value, on a round step.
      var lowest = 1;
      data.forEach(function (d) { d.forEach(function (v) { if (v !== null && v < lowest) { lowest = v; } }); });
      var step = !c.line ? 0.2 : 1 - lowest <= 0.2 ? 0.05 : 1 - lowest <= 0.5 ? 0.1 : 0.2;
      y.min = c.line ? Math.max(0, Math.floor(lowest / step + 1e-9) * step) : 0;
      y.max = 1;
      y.interval = step;
      o.tooltip.valueFormatter = function (v) { return v === null || v === undefined ? "\u2013" : (v * 100).toFixed(2) + "%"; };
    } else {
      o.tooltip.valueFormatter = function (v) { return v === null || v === undefined ? "\u2013" : Number(v).toLocaleString("en-GB"); };
      if (c.values.every(function (vi) { return t.formats[vi] === "count"; })) { y.minInterval = 1; }
    }
    if (!c.trend) {
      o.xAxis[0].axisLabel = {interval: 0, rotate: cats.length > 8 ? 30 : 0};
      if (cats.length > 8) { o.xAxis[0].nameGap = 64; if (grid) { grid.bottom += 30; } }
    }
    var empty = !rows.length || data.every(function (d) { return d.every(function (v) { return v === null || v === 0; }); });
    if (empty) {
      o.graphic = [{type: "text", left: "center", top: "middle",
        style: {text: rows.length ? "Nothing counted for this selection" : "No figures for this selection", fontSize: 14, fill: "#4c6272"}}];
    }
    return o;
  }

  function drawChart(c) {
    var ch = made[c.id];
    if (!ch) { return; }
    var o = chartOption(c);
    built[c.id] = o;
    ch.setOption(o, true);
    var box = document.querySelector('.views[data-chart="' + c.id + '"]');
    if (box) {
      box.textContent = "";
      var names = o.series.map(function (s) { return s.name; });
      var mk = function (label, want) {
        var b = el("button", want === "" ? "on" : "", label);
        b.type = "button";
        b.addEventListener("click", function () {
          box.querySelectorAll("button").forEach(function (x) { x.classList.toggle("on", x === b); });
          var sel = {};
          names.forEach(function (n) { sel[n] = !want || n === want; });
          ch.setOption({legend: {selected: sel}});
        });
        box.appendChild(b);
      };
      if (names.length > 1) {
        mk(c.stacked ? "All, stacked" : "All", "");
        names.forEach(function (n) { mk(n, n); });
      }
    }
  }

  function readAddress() {
    var h = (location.hash || "").replace(/^#/, "");
    var open = false;
    h.split("&").forEach(function (kv) {
      var i = kv.indexOf("=");
      if (i < 0) { return; }
      var k = decodeURIComponent(kv.slice(0, i)), v = decodeURIComponent(kv.slice(i + 1));
      if (k === "trust" || k === "quarter" || k === "find") { filter[k] = v; }
      if (k === "open") { open = v === "1"; }
    });
    var ts = document.getElementById("filter-trust"), qs = document.getElementById("filter-quarter");
    if (ts) { ts.value = filter.trust; filter.trust = ts.value; } else { filter.trust = ""; }
    if (qs) { qs.value = filter.quarter; filter.quarter = qs.value; } else { filter.quarter = ""; }
    document.querySelectorAll("input.find").forEach(function (i) { i.value = filter.find; });
    if (open) { document.querySelectorAll("details").forEach(function (d) { d.open = true; }); }
  }

  function writeAddress() {
    var parts = [];
    ["trust", "quarter", "find"].forEach(function (k) { if (filter[k]) { parts.push(k + "=" + encodeURIComponent(filter[k])); } });
    try { history.replaceState(null, "", parts.length ? "#" + parts.join("&") : location.pathname); } catch (e) { /* a file: page may refuse */ }
  }

  function applyAll() {
    Object.keys(tables).forEach(function (id) { tables[id].page = 0; renderTable(tables[id]); });
    charts.forEach(drawChart);
    report();
  }

  function report() {
    var st = {
      charts: charts.length, rendered: Object.keys(made).length,
      canvases: document.querySelectorAll(".chart canvas").length,
      errors: window.__errors, resources: performance.getEntriesByType("resource").length,
      filter: filter, width: window.innerWidth,
      pageOverflow: document.documentElement.scrollWidth > window.innerWidth + 1,
      chartData: {}, tables: {}
    };
    if (st.pageOverflow) {
      st.overflowing = [];
      document.querySelectorAll("body *").forEach(function (e) {
        var r = e.getBoundingClientRect();
        if (r.right > window.innerWidth + 1 && st.overflowing.length < 8 && !(e.closest && e.closest(".tablewrap"))) {
          st.overflowing.push(e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className && typeof e.className === "string" ? "." + e.className.split(" ").join(".") : "") + " " + Math.round(r.right));
        }
      });
    }
    charts.forEach(function (c) {
      var ch = made[c.id];
      if (!ch) { return; }
      var o = ch.getOption();
      st.chartData[c.id] = {
        cats: (o.xAxis && o.xAxis[0] && o.xAxis[0].data) || [],
        series: (o.series || []).map(function (s) { return {name: s.name, data: s.data}; }),
        subtext: (o.title && o.title[0] && o.title[0].subtext) || ""
      };
    });
    Object.keys(tables).forEach(function (id) {
      var t = tables[id], over = false, seen = false;
      document.querySelectorAll('.tbl[data-table="' + id + '"] .tablewrap').forEach(function (w) {
        if (w.clientWidth > 0) { seen = true; over = over || w.scrollWidth > w.clientWidth + 1; }
      });
      var inChart = !!document.querySelector('details .tbl[data-table="' + id + '"]');
      st.tables[id] = {total: t.rows.length, matching: t.matching, shown: t.shown, visible: seen, overflow: over, inChart: inChart};
    });
    document.getElementById("render-status").textContent = JSON.stringify(st);
  }

  // Large tables come gzipped (base64): inflate them, then draw.
  function inflate(b64) {
    var bin = atob(b64), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
    return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).text();
  }
  function start() {
    (window.__tables || []).forEach(function (d) {
      if (tables[d.id]) { return; }
      var rows = parseCSV(d.csv);
      d.head = rows.shift() || [];
      d.rows = rows;
      d.year = d.head.indexOf("year");
      d.page = 0;
      d.all = false;
      tables[d.id] = d;
    });
    document.querySelectorAll(".tbl").forEach(function (box) {
      var t = tables[box.getAttribute("data-table")];
      if (!t) { return; }
      var a = box.querySelector("a.csv");
      if (a) {
        try { a.href = URL.createObjectURL(new Blob([t.csv], {type: "text/csv;charset=utf-8"})); } catch (e) { window.__errors.push("csv " + t.id + ": " + e); }
      }
      if (t.find) {
        var inp = el("input", "find");
        inp.type = "search";
        inp.placeholder = "Find (trainee, name, DPN\u2026)";
        inp.setAttribute("aria-label", "Find in " + t.id);
        inp.addEventListener("input", function () {
          filter.find = inp.value;
          document.querySelectorAll("input.find").forEach(function (o) { if (o !== inp) { o.value = inp.value; } });
          writeAddress();
          Object.keys(tables).forEach(function (id) { if (tables[id].find) { tables[id].page = 0; renderTable(tables[id]); } });
          report();
        });
        box.querySelector(".tblhead").appendChild(inp);
      }
    });
    (window.__charts || []).forEach(function (c) {
      charts.push(c);
      try {
        made[c.id] = echarts.init(document.getElementById(c.id), null, {renderer: "canvas"});
      } catch (e) { window.__errors.push(c.id + ": " + e); }
    });
    ["filter-trust", "filter-quarter"].forEach(function (id) {
      var s = document.getElementById(id);
      if (!s) { return; }
      s.addEventListener("change", function () {
        filter[id === "filter-trust" ? "trust" : "quarter"] = s.value;
        writeAddress();
        applyAll();
      });
    });
    window.addEventListener("resize", function () { Object.keys(made).forEach(function (k) { made[k].resize(); }); report(); });
    // On paper a chart takes the page's width.
    var resizeAll = function () { Object.keys(made).forEach(function (k) { made[k].resize(); }); };
    window.addEventListener("beforeprint", resizeAll);
    if (window.matchMedia) {
      var mq = window.matchMedia("print");
      if (mq.addEventListener) { mq.addEventListener("change", resizeAll); }
    }
    window.addEventListener("hashchange", function () { readAddress(); applyAll(); });
    document.querySelectorAll("details").forEach(function (d) { d.addEventListener("toggle", report); });
    readAddress();
    Object.keys(tables).forEach(function (id) { renderTable(tables[id]); });
    charts.forEach(function (c) {
      try { drawChart(c); } catch (e) { window.__errors.push(c.id + ": " + e); }
    });
    report();
  }
  Promise.all((window.__tables || []).map(function (d) {
    if (!d.gz) { return Promise.resolve(); }
    return inflate(d.gz).then(function (text) { d.csv = text; delete d.gz; });
  })).then(start).catch(function (e) {
    window.__errors.push("page: " + e);
    document.getElementById("render-status").textContent = JSON.stringify({errors: window.__errors});
  });
})();
