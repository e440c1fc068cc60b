/* Charts of the indicator pages (issue 5). Each chart element names the JSON block it reads
   (data-source, written by Django's json_script) and what it draws (data-chart); the table under
   every chart holds the same figures, so the page reads without this script. */
(function () {
  "use strict";
  if (typeof window.echarts === "undefined") {
    return;
  }
  // the words the charts show, sent by the page in its language (Chinese when absent)
  var L = {
    actual: "实际", pace: "序时要求", on_track: "达标", near: "接近", behind: "落后",
    total: "总量", speed: "增速(%)", on_time: "按时完成率",
  };
  var labelled = document.getElementById("cockpit-data") || document.getElementById("target-chart-data");
  if (labelled) {
    var sent = JSON.parse(labelled.textContent).labels || {};
    Object.keys(sent).forEach(function (key) { L[key] = sent[key]; });
  }
  var STATUS_COLOURS = { on_track: "#198754", near: "#ffc107", behind: "#dc3545" };
  var cache = {};
  function data(id) {
    if (!(id in cache)) {
      var node = document.getElementById(id);
      cache[id] = node ? JSON.parse(node.textContent) : null;
    }
    return cache[id];
  }
  function num(value) {
    return value === null || value === undefined || value === "—" ? null : Number(value);
  }

  var builders = {
    line: function (d) {
      return lineOption(d);
    },
    lines: function (d, el) {
      var select = document.getElementById("line-target");
      return lineOption(d.lines[select ? Number(select.value) : 0]);
    },
    indicator: function (d) {
      var c = d.indicator;
      var series = [];
      if (c.total.some(function (v) { return v !== null; })) {
        series.push({ name: L.total, type: "bar", barMaxWidth: 40, data: c.total.map(num) });
      }
      if (c.speed.some(function (v) { return v !== null; })) {
        series.push({
          name: L.speed, type: "line", yAxisIndex: series.length ? 1 : 0,
          data: c.speed.map(num), symbolSize: 8,
        });
      }
      return {
        tooltip: { trigger: "axis" },
        legend: { top: 0 },
        grid: { left: 60, right: 60, top: 40, bottom: 30 },
        xAxis: { type: "category", data: c.names },
        yAxis: series.length > 1 ? [{ type: "value" }, { type: "value", name: "%" }] : { type: "value" },
        series: series,
      };
    },
  };

  function lineOption(d) {
    return {
      tooltip: { trigger: "axis" },
      legend: { top: 0, data: [L.actual, L.pace] },
      grid: { left: 60, right: 20, top: 40, bottom: 30 },
      xAxis: { type: "category", data: d.months },
      yAxis: { type: "value", name: d.unit },
      series: [
        { name: L.actual, type: "line", data: d.actual.map(num), symbolSize: 8 },
        {
          name: L.pace, type: "line", data: d.expected.map(num),
          lineStyle: { type: "dashed" }, symbol: "none",
        },
      ],
    };
  }

  var more = {
    gauge: function (d, el) {
      var g = d.gauges[Number(el.dataset.index)];
      // "ratio": the share of pace reached (0–150%, pace at 100); "points": a growth rate or a
      // share against its goal, judged by the gap in percentage points (pace._assess_rate)
      var points = g.mode === "points";
      var goal = g.goal === null ? 0 : g.goal;
      var low = points ? Math.floor(Math.min(0, g.value || 0, goal)) : 0;
      var high = points ? Math.ceil(Math.max(goal * 1.5, (g.value || 0) * 1.2, goal + 5)) : 150;
      var value = g.value === null ? low : Math.max(Math.min(Math.round(g.value * 10) / 10, high), low);
      return {
        series: [{
          type: "gauge", min: low, max: high, radius: "90%",
          // coloured by the target's status, not by fixed bands: what counts as "near" differs
          // by kind (90% of pace for totals, 1 point for rates; a ceiling is inverted)
          axisLine: { lineStyle: { width: 12, color: [[1, "#e9ecef"]] } },
          progress: { show: true, width: 12, itemStyle: { color: STATUS_COLOURS[g.status] || "#6c757d" } },
          detail: { formatter: g.value === null ? "—" : "{value}%", fontSize: 18, offsetCenter: [0, "60%"] },
          title: { offsetCenter: [0, "85%"], fontSize: 12 },
          // a rate or a share says how far it is from its goal, in the words of its rule
          data: [{ value: value, name: points ? g.name + "\n" + g.text : g.name }],
        }],
      };
    },
    units: function (d) {
      return {
        tooltip: { trigger: "axis", valueFormatter: function (v) { return v + "%"; } },
        grid: { left: 140, right: 30, top: 10, bottom: 20 },
        xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
        yAxis: { type: "category", data: d.units.names, inverse: true },
        series: [{ name: L.on_time, type: "bar", barMaxWidth: 20, data: d.units.on_time }],
      };
    },
    counties: function (d) {
      var c = d.counties;
      return {
        tooltip: { trigger: "axis" },
        legend: { top: 0, data: [L.on_track, L.near, L.behind] },
        grid: { left: 50, right: 20, top: 40, bottom: 30 },
        xAxis: { type: "category", data: c.names },
        yAxis: { type: "value", minInterval: 1 },
        color: ["#198754", "#ffc107", "#dc3545"],
        series: [
          { name: L.on_track, type: "bar", stack: "s", barMaxWidth: 60, data: c.on_track },
          { name: L.near, type: "bar", stack: "s", barMaxWidth: 60, data: c.near },
          { name: L.behind, type: "bar", stack: "s", barMaxWidth: 60, data: c.behind },
        ],
      };
    },
  };

  Object.keys(more).forEach(function (key) { builders[key] = more[key]; });

  var charts = [];
  document.querySelectorAll("[data-chart]").forEach(function (el) {
    var build = builders[el.dataset.chart];
    var d = data(el.dataset.source);
    if (!build || !d) {
      return;
    }
    var chart = window.echarts.init(el);
    // "finished" fires once the animation has ended: tests and screenshots wait for it
    chart.on("finished", function () { el.dataset.rendered = "1"; });
    chart.setOption(build(d, el));
    charts.push(chart);
  });
  // the monthly line follows the target chosen; so does the table under it
  var select = document.getElementById("line-target");
  var lineEl = document.querySelector('[data-chart="lines"]');
  if (select && lineEl) {
    select.addEventListener("change", function () {
      var chart = window.echarts.getInstanceByDom(lineEl);
      var d = data(select.dataset.source);
      chart.setOption(builders.lines(d, lineEl), true);
      lineTable(d.lines[Number(select.value)]);
    });
  }

  // the table under the monthly line, for the target chosen: the same cells the server
  // writes for the first one, built with textContent (no HTML from data)
  function lineTable(line) {
    var wrap = document.getElementById("line-table");
    if (!wrap || !line) {
      return;
    }
    var label = wrap.dataset;
    function cell(tag, text, cls) {
      var el = document.createElement(tag);
      el.textContent = text;
      if (cls) {
        el.className = cls;
      }
      return el;
    }
    var table = document.createElement("table");
    table.className = "table table-sm table-bordered align-middle mt-2 mb-0 small";
    var caption = cell("caption", line.caption + "（" + label.labelGoal + " " + line.goal + "）",
      "caption-top py-1");
    table.appendChild(caption);
    if (!line.month_numbers.length) {
      var empty = document.createElement("tbody");
      var tr = document.createElement("tr");
      tr.appendChild(cell("td", label.labelNone, "text-secondary"));
      empty.appendChild(tr);
      table.appendChild(empty);
    } else {
      var head = document.createElement("thead");
      head.className = "table-light";
      var hr = document.createElement("tr");
      hr.appendChild(cell("th", label.labelMonth));
      line.month_numbers.forEach(function (m) { hr.appendChild(cell("th", m + label.labelM, "text-end")); });
      head.appendChild(hr);
      table.appendChild(head);
      var body = document.createElement("tbody");
      function row(name, values, cls) {
        var r = document.createElement("tr");
        var th = cell("th", name);
        th.scope = "row";
        r.appendChild(th);
        values.forEach(function (v, i) {
          var td = cell("td", "", "text-end" + (cls ? " " + cls : ""));
          if (cls === "gy-status") {
            td.className = "text-end";
            if (v) {
              var badge = cell("span", v, "badge text-bg-" + line.badge[i]);
              badge.title = line.rule[i];
              td.appendChild(badge);
            } else {
              td.textContent = "—";
            }
          } else {
            td.textContent = v;
          }
          r.appendChild(td);
        });
        body.appendChild(r);
      }
      row(label.labelActual, line.actual, "gy-actual");
      row(label.labelExpected, line.expected_text, "gy-expected");
      row(label.labelStatus, line.status, "gy-status");
      table.appendChild(body);
    }
    wrap.replaceChildren(table);
    wrap.dataset.target = String(line.id);
  }
  var indicator = document.getElementById("indicator-select");
  if (indicator) {
    indicator.addEventListener("change", function () { indicator.form.submit(); });
  }
  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
})();
