// Charts of the needs analysis, drawn from the json_script block "needs-chart-data".
(function () {
  "use strict";
  const source = document.getElementById("needs-chart-data");
  if (!source || typeof Chart === "undefined") {
    return;
  }
  const data = JSON.parse(source.textContent);
  const palette = ["#005a78", "#e07b00", "#2a9d8f", "#8e5ea2", "#c0392b", "#7f8c8d"];

  const topics = document.getElementById("chart-topics");
  if (topics) {
    new Chart(topics, {
      type: "bar",
      data: {
        labels: data.topics,
        datasets: [{ label: topics.getAttribute("aria-label"), data: data.scores, backgroundColor: palette[0] }],
      },
      options: { indexAxis: "y", plugins: { legend: { display: false } } },
    });
  }

  const regions = document.getElementById("chart-regions");
  if (regions) {
    new Chart(regions, {
      type: "bar",
      data: {
        labels: data.topics,
        datasets: data.regions.map((region, index) => ({
          label: region.label,
          data: region.scores,
          backgroundColor: palette[index % palette.length],
        })),
      },
      options: { indexAxis: "y", scales: { x: { stacked: true }, y: { stacked: true } } },
    });
  }
})();
