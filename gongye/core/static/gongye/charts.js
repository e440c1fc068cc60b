/* The pages' charts (ECharts), one script for every app. Each element of class gy-chart with a
   data-chart-kind draws the JSON block its data-source names (written by json_script); the table
   beside or under every chart holds the same figures, so a page reads without this script.
     lines:        {"months": [...], "unit": "万元", "series": [{"name", "data", "dashed"}]}
     stacked-bars: {"categories": [...], "series": [{"name", "data", "color"}]}, horizontal
   Load it after ECharts (or with defer, when ECharts comes at the page's end). The cockpit's own
   charts (data-chart, indicators/cockpit.js) are not this script's. */
(function () {
  "use strict";
  if (typeof window.echarts === "undefined") {
    return;
  }
  function number(v) {
    return v === null || v === undefined ? null : Number(v);
  }
  var kinds = {
    lines: function (d) {
      return {
        tooltip: { trigger: "axis" },
        legend: { top: 0 },
        grid: { left: 70, right: 20, top: 40, bottom: 30 },
        xAxis: { type: "category", data: d.months },
        yAxis: { type: "value", name: d.unit || "" },
        series: d.series.map(function (s) {
          return {
            name: s.name, type: "line", symbolSize: 6, connectNulls: false,
            lineStyle: { type: s.dashed ? "dashed" : "solid" },
            data: s.data.map(number),
          };
        }),
      };
    },
    "stacked-bars": function (d) {
      return {
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        legend: { top: 0 },
        grid: { left: 60, right: 20, top: 30, bottom: 25 },
        xAxis: { type: "value", minInterval: 1 },
        yAxis: { type: "category", data: d.categories },
        series: d.series.map(function (s) {
          return {
            name: s.name, type: "bar", stack: "all",
            itemStyle: s.color ? { color: s.color } : {},
            data: s.data.map(number),
          };
        }),
      };
    },
  };
  function draw(el) {
    var kind = kinds[el.getAttribute("data-chart-kind")];
    var node = document.getElementById(el.getAttribute("data-source"));
    if (!kind || !node || window.echarts.getInstanceByDom(el)) {
      return;
    }
    var chart = window.echarts.init(el);
    chart.setOption(kind(JSON.parse(node.textContent)));
    window.addEventListener("resize", function () { chart.resize(); });
  }
  Array.prototype.forEach.call(document.querySelectorAll(".gy-chart[data-chart-kind]"), draw);
})();
