// Charts of the questionnaire results pages, drawn with the vendored Chart.js (the dashboard's
// charts are drawn on the server as SVG: evaluation/charts.py).
// Data comes from json_script elements: no inline scripts (the CSP forbids them).
(function () {
  "use strict";
  if (typeof Chart === "undefined") {
    return;
  }
  function readJson(id) {
    const element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  function draw(id, config) {
    const canvas = document.getElementById(id);
    if (!canvas) {
      return null;
    }
    config.options = Object.assign({ responsive: true, animation: false }, config.options || {});
    return new Chart(canvas, config);
  }

  function results(charts) {
    charts.forEach((chart) => {
      draw(chart.id, {
        type: "bar",
        data: {
          labels: chart.labels,
          datasets: [{ label: chart.title, data: chart.counts, backgroundColor: "#005a78" }],
        },
        options: {
          plugins: { legend: { display: false } },
          scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        },
      });
    });
  }

  const resultsData = readJson("results-data");
  if (resultsData) {
    results(resultsData);
  }
})();
