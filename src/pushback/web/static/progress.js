// Progress charts: reads the page's JSON (GET /api/v1/progress shape) and draws
// them with Chart.js; the filmed-sets chart arrives with its card (htmx) and is
// drawn when it does. Each chart also has its numbers in a table on the page.
(function () {
  "use strict";

  var page = document.documentElement;
  var lang = page.lang || "en";
  var dayFormat = new Intl.DateTimeFormat(lang, { day: "numeric", month: "short" });

  function text(name, fallback) {
    // Names the page hands over (translated there), such as muscle groups.
    var words = document.getElementById("chart-words");
    return (words && words.getAttribute("data-" + name)) || fallback;
  }

  function day(iso) {
    var parts = iso.split("-").map(Number);
    return dayFormat.format(new Date(parts[0], parts[1] - 1, parts[2]));
  }

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

  function legible() {
    var small = window.matchMedia("(max-width: 600px)").matches;
    return { font: { size: small ? 12 : 13 }, maxTicksLimit: small ? 5 : 8 };
  }

  function baseOptions(showLegend) {
    var size = legible();
    return {
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { display: showLegend, position: "bottom", labels: { font: size.font } } },
      scales: {
        x: { ticks: { font: size.font, maxTicksLimit: size.maxTicksLimit, autoSkip: true } },
        y: { ticks: { font: size.font } },
      },
    };
  }

  function lineChart(id, named, labelOf, options) {
    var canvas = document.getElementById(id);
    if (!canvas) return null;
    var keys = Object.keys(named);
    var dates = unionDates(keys.map(function (k) { return named[k]; }));
    var datasets = keys.map(function (key, i) {
      return {
        label: labelOf(key),
        data: aligned(named[key], dates),
        borderColor: palette(i),
        backgroundColor: palette(i),
        spanGaps: true,
        tension: 0.25,
        pointRadius: 4,
        stepped: options && options.stepped ? "before" : false,
      };
    });
    var settings = baseOptions(keys.length > 1);
    settings.scales.y.beginAtZero = !(options && options.fromData);
    if (options && options.wholeNumbers) settings.scales.y.ticks.stepSize = 1;
    return new window.Chart(canvas, {
      type: "line",
      data: { labels: dates.map(day), datasets: datasets },
      options: settings,
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
        label: text("group-" + g, g),
        data: weeks.map(function (w) { return weekly[w][g] || 0; }),
        backgroundColor: palette(i),
      };
    });
    var settings = baseOptions(true);
    settings.scales.x.stacked = true;
    settings.scales.y.stacked = true;
    settings.scales.y.beginAtZero = true;
    return new window.Chart(canvas, {
      type: "bar",
      data: { labels: weeks.map(day), datasets: datasets },
      options: settings,
    });
  }

  function filmedChart() {
    var node = document.getElementById("video-history-data");
    var canvas = document.getElementById("chart-filmed");
    if (!node || !canvas || !window.Chart) return null;
    var data = JSON.parse(node.textContent);
    var settings = baseOptions(false);
    settings.scales.y.beginAtZero = true;
    settings.scales.y.max = 100;
    settings.scales.y.ticks.callback = function (v) { return v + "%"; };
    var chart = new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels.map(day),
        datasets: [{
          label: t("Reps lowered on tempo"),
          data: data.on_target_pct.map(function (v) { return v === null ? 0 : v; }),
          backgroundColor: "#0f766e",
          maxBarThickness: 48,
        }],
      },
      options: settings,
    });
    window.pushbackCharts = window.pushbackCharts || {};
    window.pushbackCharts.filmed = chart;
    return chart;
  }

  function hasPoints(series) {
    return series.some(function (points) { return points.length > 0; });
  }

  function markEmpty(id) {
    var canvas = document.getElementById(id);
    if (!canvas) return;
    var hint = canvas.parentNode.getAttribute("data-empty");
    var note = document.createElement("p");
    note.className = "empty";
    note.textContent = hint || t("Nothing logged for this chart in this period yet.");
    canvas.parentNode.replaceWith(note);
  }

  function draw() {
    var node = document.getElementById("progress-data");
    if (!node || !window.Chart) return;
    var report = JSON.parse(node.textContent);
    var toUnits = parseFloat(node.getAttribute("data-unit-factor") || "1");
    var names = report.names || {};
    var empty = {
      "chart-hard-sets": Object.keys(report.weekly_hard_sets).length === 0,
      "chart-best-reps": !hasPoints(Object.values(report.best_clean_reps)),
      "chart-ladder": report.ladder_steps.length === 0,
      "chart-rir": report.rir_trend.length === 0,
      "chart-body-weight": report.body_weight_kg.length === 0,
    };
    Object.keys(empty).forEach(function (id) { if (empty[id]) markEmpty(id); });
    window.pushbackCharts = Object.assign(window.pushbackCharts || {}, {
      hardSets: hardSetsChart(report.weekly_hard_sets),
      bestReps: lineChart("chart-best-reps", report.best_clean_reps,
                          function (slug) { return names[slug] || slug; }, { wholeNumbers: true }),
      ladder: lineChart("chart-ladder", { step: report.ladder_steps },
                        function () { return t("Push-up level"); }, { stepped: true, wholeNumbers: true }),
      rir: lineChart("chart-rir", { rir: report.rir_trend },
                     function () { return t("Reps you could still have done"); }),
      bodyWeight: lineChart("chart-body-weight", {
        weight: report.body_weight_kg.map(function (p) { return [p[0], Math.round(p[1] * toUnits * 10) / 10]; }),
      }, function () { return t("Body weight"); }, { fromData: true }),
    });
    filmedChart();
  }

  document.addEventListener("DOMContentLoaded", draw);
  // The filmed-sets card is loaded after the page (htmx): draw it when it lands.
  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.target && event.target.querySelector && event.target.querySelector("#chart-filmed")) {
      filmedChart();
    } else if (document.getElementById("chart-filmed") && !(window.pushbackCharts || {}).filmed) {
      filmedChart();
    }
  });
})();
