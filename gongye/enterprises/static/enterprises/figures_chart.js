/* The enterprise page's trend chart (issue 12): one line per year over the months, read from the
   JSON block the page writes (json_script); the table under it holds the same figures, so the
   page reads without this script. */
(function () {
  "use strict";
  var el = document.getElementById("enterprise-chart");
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
        name: s.name, type: "line", symbolSize: 7, connectNulls: false,
        data: s.data.map(function (v) { return v === null ? null : Number(v); }),
      };
    }),
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
