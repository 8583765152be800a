// Charts of the evaluation dashboard and results pages, drawn with the vendored Chart.js.
// Data comes from json_script elements: no inline scripts (the CSP forbids them).
(function () {
  "use strict";
  if (typeof Chart === "undefined") {
    return;
  }
  const COLOURS = {
    not_started: "#adb5bd",
    in_progress: "#0d6efd",
    completed: "#198754",
    on_hold: "#ffc107",
    cancelled: "#212529",
  };
  const PALETTE = ["#005a78", "#6cb4cf", "#e07a1f", "#198754", "#6f42c1", "#adb5bd"];
  const usd = new Intl.NumberFormat(document.documentElement.lang || "en", {
    style: "currency",
    currency: "USD",
    maximumFractionDigits: 0,
  });

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

  function dashboard(data) {
    draw("chart-status", {
      type: "bar",
      data: {
        labels: data.status.labels,
        datasets: data.status.series.map((series) => ({
          label: series.label,
          data: series.data,
          backgroundColor: COLOURS[series.key] || "#6c757d",
        })),
      },
      options: { scales: { x: { stacked: true }, y: { stacked: true, ticks: { precision: 0 } } } },
    });
    draw("chart-phase", {
      type: "doughnut",
      data: {
        labels: data.phase.labels,
        datasets: [{ data: data.phase.data, backgroundColor: PALETTE }],
      },
    });
    const budget = data.budget;
    draw("chart-budget", {
      type: "bar",
      data: {
        labels: budget.labels,
        datasets: [
          { label: "Estimate (min)", data: budget.minimum, backgroundColor: "#6cb4cf" },
          { label: "Estimate (max)", data: budget.maximum, backgroundColor: "#005a78" },
          { label: "Pledged", data: budget.pledged, backgroundColor: "#e07a1f" },
          { label: "Received", data: budget.received, backgroundColor: "#198754" },
        ],
      },
      options: {
        scales: { y: { ticks: { callback: (value) => usd.format(value) } } },
        plugins: {
          tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label}: ${usd.format(ctx.raw)}` } },
        },
      },
    });
    if (data.trainees) {
      draw("chart-trainees", {
        type: "pie",
        data: {
          labels: data.trainees.labels,
          datasets: [{ data: data.trainees.data, backgroundColor: PALETTE }],
        },
      });
    }
    if (data.needs) {
      draw("chart-needs", {
        type: "bar",
        data: {
          labels: data.needs.labels,
          datasets: [{ label: "%", data: data.needs.data, backgroundColor: "#005a78" }],
        },
        options: { scales: { y: { min: 0, max: 100 } }, plugins: { legend: { display: false } } },
      });
    }
    if (data.indicators.length) {
      draw("chart-indicators", {
        type: "bar",
        data: {
          labels: data.indicators.map((row) => row.label),
          datasets: [
            { label: "%", data: data.indicators.map((row) => row.progress), backgroundColor: "#198754" },
          ],
        },
        options: { indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: { min: 0 } } },
      });
    }
    if (data.evaluations.length) {
      draw("chart-evaluations", {
        type: "bar",
        data: {
          labels: data.evaluations.map((row) => row.label),
          datasets: [
            { label: "1-5", data: data.evaluations.map((row) => row.mean), backgroundColor: "#6f42c1" },
          ],
        },
        options: { plugins: { legend: { display: false } }, scales: { y: { min: 0, max: 5 } } },
      });
    }
    timeline(data.timeline);
  }

  // A Gantt-like chart: one floating bar per activity from its planned start to its end.
  function timeline(rows) {
    const dated = rows.filter((row) => row.start && row.end);
    const canvas = document.getElementById("chart-timeline");
    if (!canvas || dated.length === 0) {
      return;
    }
    canvas.parentElement.style.height = `${Math.max(160, dated.length * 26 + 60)}px`;
    const day = (iso) => Date.parse(`${iso}T00:00:00Z`);
    const first = Math.min(...dated.map((row) => day(row.start)));
    const last = Math.max(...dated.map((row) => day(row.end) + 86400000));
    const chart = draw("chart-timeline", {
      type: "bar",
      data: {
        labels: dated.map((row) => row.label),
        datasets: [
          {
            label: "Planned",
            data: dated.map((row) => [day(row.start), day(row.end) + 86400000]),
            backgroundColor: dated.map((row) => COLOURS[row.status] || "#6c757d"),
          },
        ],
      },
      options: {
        indexAxis: "y",
        maintainAspectRatio: false,
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: (ctx) => {
                const row = dated[ctx.dataIndex];
                return `${row.start} – ${row.end}`;
              },
            },
          },
        },
        scales: {
          x: {
            type: "linear",
            min: first,
            max: last,
            ticks: {
              callback: (value) => new Date(value).toISOString().slice(0, 7),
              maxTicksLimit: 12,
            },
          },
        },
        onClick: (_event, elements) => {
          if (elements.length) {
            window.location.href = dated[elements[0].index].url;
          }
        },
      },
    });
    return chart;
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

  const dashboardData = readJson("dashboard-data");
  if (dashboardData) {
    dashboard(dashboardData);
  }
  const resultsData = readJson("results-data");
  if (resultsData) {
    results(resultsData);
  }
})();
