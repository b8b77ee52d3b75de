// Draws the dashboard's charts with Chart.js from the page's JSON block; the same numbers are in the tables below
// each chart (the charts are a view of them, not the only place they are).
(function () {
  var block = document.getElementById('chart-data');
  if (!block || typeof Chart === 'undefined') return;
  var data = JSON.parse(block.textContent);
  var colours = ['#1565c0', '#2e7d32', '#8a6d00', '#b3261e'];
  document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
    var d = data[canvas.getAttribute('data-chart')];
    if (!d) return;
    new Chart(canvas, {
      type: canvas.getAttribute('data-type') || 'bar',
      data: {
        labels: d.labels,
        datasets: d.series.map(function (s, i) {
          return { label: s.label, data: s.data, backgroundColor: colours[i % colours.length] };
        }),
      },
      options: {
        indexAxis: canvas.getAttribute('data-horizontal') ? 'y' : 'x',
        animation: false,
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { position: 'bottom' } },
      },
    });
  });
})();
