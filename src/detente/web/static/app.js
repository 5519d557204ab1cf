// detente workspace: draws the report's Plotly figures and wires the history's compare form.
// No inline scripts: every page uses this one file.
(function () {
  "use strict";
  function drawPlots(root) {
    if (!window.Plotly) { return; }
    root.querySelectorAll(".plot[data-figure]:not([data-drawn])").forEach(function (el) {
      var fig = JSON.parse(el.getAttribute("data-figure"));
      el.setAttribute("data-drawn", "1");
      window.Plotly.newPlot(el, fig.data, fig.layout, { responsive: true, displaylogo: false });
    });
  }
  function compareForm() {
    var form = document.getElementById("compare-form");
    if (!form) { return; }
    form.addEventListener("submit", function (event) {
      var picked = Array.prototype.map.call(form.querySelectorAll(".pick:checked"), function (b) { return b.value; });
      if (picked.length !== 2) { event.preventDefault(); window.alert("Tick exactly two runs to compare."); return; }
      picked.sort(function (x, y) { return Number(x) - Number(y); });
      document.getElementById("cmp-a").value = picked[0];
      document.getElementById("cmp-b").value = picked[1];
    });
  }
  document.addEventListener("DOMContentLoaded", function () { drawPlots(document); compareForm(); });
  document.addEventListener("htmx:afterSettle", function (event) { drawPlots(event.target); });
})();
