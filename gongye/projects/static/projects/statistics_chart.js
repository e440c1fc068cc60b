/* The cockpit's project chart (issue 13 item 6): 1–N月 工业投资 and 技改投资, this year (solid)
   and last year (dashed), read from the JSON block the section writes (json_script); the table
   under it holds the same figures, so the section reads without this script. Loaded with
   defer: it runs once the page (and ECharts at its end) has been read. */
(function () {
  "use strict";
  var el = document.getElementById("project-chart");
  if (!el || typeof window.echarts === "undefined") {
    return;
  }
  var node = document.getElementById(el.getAttribute("data-source"));
  if (!node) {
    return;
  }
  var d = JSON.parse(node.textContent);
  var chart = window.echarts.init(el);
  chart.setOption({
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 70, right: 20, top: 40, bottom: 30 },
    xAxis: { type: "category", data: d.months },
    yAxis: { type: "value", name: d.unit },
    series: d.series.map(function (s) {
      return {
        name: s.name, type: "line", symbolSize: 6, connectNulls: false,
        lineStyle: { type: s.dashed ? "dashed" : "solid" },
        data: s.data.map(function (v) { return v === null ? null : Number(v); }),
      };
    }),
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
