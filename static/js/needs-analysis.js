// Charts of the needs analysis, drawn from the json_script block "needs-chart-data".
(function () {
  "use strict";
  const source = document.getElementById("needs-chart-data");
  if (!source || typeof Chart === "undefined") {
    return;
  }
  const data = JSON.parse(source.textContent);
  const palette = ["#005a78", "#e07b00", "#2a9d8f", "#8e5ea2", "#c0392b", "#7f8c8d"];

  // Horizontal bars over the topics on the canvas with this id, when the page has it;
  // datasets(canvas) gives the bars, options is added to the horizontal layout.
  function topicBars(id, datasets, options) {
    const canvas = document.getElementById(id);
    if (canvas) {
      new Chart(canvas, {
        type: "bar",
        data: { labels: data.topics, datasets: datasets(canvas) },
        options: Object.assign({ indexAxis: "y" }, options),
      });
    }
  }

  topicBars(
    "chart-topics",
    (canvas) => [{ label: canvas.getAttribute("aria-label"), data: data.scores, backgroundColor: palette[0] }],
    { plugins: { legend: { display: false } } },
  );
  topicBars(
    "chart-regions",
    () =>
      data.regions.map((region, index) => ({
        label: region.label,
        data: region.scores,
        backgroundColor: palette[index % palette.length],
      })),
    { scales: { x: { stacked: true }, y: { stacked: true } } },
  );
})();
