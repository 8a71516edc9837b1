// Progress charts: reads the page's JSON (GET /api/v1/progress shape) and draws
// them with Chart.js. Each chart also has its numbers in a table on the page.
(function () {
  "use strict";
  var LB_PER_KG = 1 / 0.45359237; // 1 lb = 0.45359237 kg exactly (domain/units.py)

  function palette(i) {
    var colors = ["#0f766e", "#c2410c", "#2563eb", "#7c3aed", "#ca8a04", "#db2777", "#475569"];
    return colors[i % colors.length];
  }

  function unionDates(series) {
    var seen = {};
    series.forEach(function (points) {
      points.forEach(function (p) { seen[p[0]] = true; });
    });
    return Object.keys(seen).sort();
  }

  function aligned(points, labels) {
    var byDate = {};
    points.forEach(function (p) { byDate[p[0]] = p[1]; });
    return labels.map(function (d) { return d in byDate ? byDate[d] : null; });
  }

  function lineChart(id, named, options) {
    var canvas = document.getElementById(id);
    if (!canvas) return null;
    var names = Object.keys(named);
    var labels = unionDates(names.map(function (n) { return named[n]; }));
    var datasets = names.map(function (name, i) {
      return {
        label: name,
        data: aligned(named[name], labels),
        borderColor: palette(i),
        backgroundColor: palette(i),
        spanGaps: true,
        tension: 0.25,
        stepped: options && options.stepped ? "before" : false,
      };
    });
    return new window.Chart(canvas, {
      type: "line",
      data: { labels: labels, datasets: datasets },
      options: {
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: names.length > 1, position: "bottom" } },
        scales: { y: Object.assign({ beginAtZero: !(options && options.fromData) }, options && options.y) },
      },
    });
  }

  function hardSetsChart(weekly) {
    var canvas = document.getElementById("chart-hard-sets");
    if (!canvas) return null;
    var weeks = Object.keys(weekly).sort();
    var groups = {};
    weeks.forEach(function (w) { Object.keys(weekly[w]).forEach(function (g) { groups[g] = true; }); });
    var datasets = Object.keys(groups).sort().map(function (g, i) {
      return {
        label: g,
        data: weeks.map(function (w) { return weekly[w][g] || 0; }),
        backgroundColor: palette(i),
      };
    });
    return new window.Chart(canvas, {
      type: "bar",
      data: { labels: weeks, datasets: datasets },
      options: {
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { position: "bottom" } },
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } },
      },
    });
  }

  function hasPoints(series) {
    return series.some(function (points) { return points.length > 0; });
  }

  function markEmpty(id) {
    var canvas = document.getElementById(id);
    if (!canvas) return;
    var note = document.createElement("p");
    note.className = "empty";
    note.textContent = "Nothing logged for this chart in this period yet.";
    canvas.parentNode.replaceWith(note);
  }

  function draw() {
    var node = document.getElementById("progress-data");
    if (!node || !window.Chart) return;
    var report = JSON.parse(node.textContent);
    var toUnits = report.units === "lb" ? LB_PER_KG : 1;
    var empty = {
      "chart-hard-sets": Object.keys(report.weekly_hard_sets).length === 0,
      "chart-best-reps": !hasPoints(Object.values(report.best_clean_reps)),
      "chart-ladder": report.ladder_steps.length === 0,
      "chart-rir": report.rir_trend.length === 0,
      "chart-body-weight": report.body_weight_kg.length === 0,
    };
    Object.keys(empty).forEach(function (id) { if (empty[id]) markEmpty(id); });
    window.pushbackCharts = {
      hardSets: hardSetsChart(report.weekly_hard_sets),
      bestReps: lineChart("chart-best-reps", report.best_clean_reps),
      ladder: lineChart("chart-ladder", { "ladder step": report.ladder_steps }, { stepped: true, y: { ticks: { stepSize: 1 } } }),
      rir: lineChart("chart-rir", { RIR: report.rir_trend }),
      bodyWeight: lineChart("chart-body-weight", {
        body: report.body_weight_kg.map(function (p) { return [p[0], Math.round(p[1] * toUnits * 10) / 10]; }),
      }, { fromData: true }),
    };
  }

  document.addEventListener("DOMContentLoaded", draw);
})();
