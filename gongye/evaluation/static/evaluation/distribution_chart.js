/* A run's class distribution: per group the number of A, B, C, D and T enterprises, stacked,
   read from the JSON block the page writes (json_script); the table beside it holds the same
   figures, so the page reads without this script. */
(function () {
  "use strict";
  var el = document.getElementById("distribution-chart");
  if (!el || typeof window.echarts === "undefined") {
    return;
  }
  var node = document.getElementById(el.getAttribute("data-source"));
  if (!node) {
    return;
  }
  var rows = JSON.parse(node.textContent);
  var classes = ["A", "B", "C", "D", "T"];
  var colours = ["#2e7d32", "#1976d2", "#f9a825", "#c62828", "#9e9e9e"];
  var chart = window.echarts.init(el);
  chart.setOption({
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { top: 0 },
    grid: { left: 60, right: 20, top: 30, bottom: 25 },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", data: rows.map(function (r) { return r.group; }) },
    series: classes.map(function (k, i) {
      return {
        name: k, type: "bar", stack: "all", itemStyle: { color: colours[i] },
        data: rows.map(function (r) { return r.counts[i]; }),
      };
    }),
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
