// Charts for the savings and charging history cards, drawn with Chart.js (static/vendor/chart.js) on a canvas.
// Each chart's numbers come from its canvas's data-chart attribute (JSON), the same numbers its table
// shows. Without JavaScript the canvas stays hidden and the table is open; with it, the chart is drawn and the
// table folds away behind its summary. No inline code or styles: the portal's CSP allows neither.
(function () {
  "use strict";

  function formatters(spec) {
    var money = new Intl.NumberFormat(spec.locale, { style: "currency", currency: spec.currency || "EUR" });
    var energy = new Intl.NumberFormat(spec.locale, { maximumFractionDigits: 1 });
    var price = new Intl.NumberFormat(spec.locale, { maximumFractionDigits: 1 });
    return {
      money: function (value) { return money.format(value); },
      energy: function (value) { return energy.format(value) + "\u00a0kWh"; },
      price: function (value) { return price.format(value) + "\u00a0ct/kWh"; },
    };
  }

  function axis(unit, side, format) {
    return {
      position: side,
      beginAtZero: unit !== "price",
      grid: { drawOnChartArea: side === "left" },
      ticks: { callback: format },
    };
  }

  function draw(canvas) {
    if (typeof window.Chart === "undefined") return;
    var spec = JSON.parse(canvas.dataset.chart);
    var format = formatters(spec);
    var units = [];
    var datasets = spec.series.map(function (series) {
      if (units.indexOf(series.unit) < 0) units.push(series.unit);
      return {
        type: series.type,
        label: series.label,
        data: series.values,
        yAxisID: series.unit,
        backgroundColor: series.color,
        borderColor: series.color,
        borderWidth: series.type === "line" ? 2 : 0,
        pointRadius: series.type === "line" ? 0 : undefined,
        order: series.type === "line" ? 0 : 1,
      };
    });
    var scales = { x: { ticks: { maxRotation: 0, autoSkipPadding: 8 } } };
    units.forEach(function (unit, index) {
      scales[unit] = axis(unit, index === 0 ? "left" : "right", format[unit]);
    });
    var quiet = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    canvas.parentElement.hidden = false;
    new window.Chart(canvas, {
      data: { labels: spec.labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: quiet ? false : { duration: 300 },
        interaction: { mode: "index", intersect: false },
        locale: spec.locale,
        scales: scales,
        plugins: {
          legend: { position: "bottom" },
          tooltip: {
            callbacks: {
              label: function (context) {
                var series = spec.series[context.datasetIndex];
                return series.label + ": " + format[series.unit](context.parsed.y);
              },
            },
          },
        },
      },
    });
    var table = canvas.closest(".chart") && canvas.closest(".chart").querySelector("details.chart-numbers");
    if (table) table.open = false;
  }

  function drawAll(root) {
    (root || document).querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      if (!window.Chart || !window.Chart.getChart(canvas)) draw(canvas);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  // Cards that htmx swaps in (a page of sessions) bring their own charts.
  document.addEventListener("htmx:afterSettle", function (event) { drawAll(event.target); });
})();
