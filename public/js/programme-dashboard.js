// Draws the programme dashboard's charts with Chart.js from the page's JSON block. The same numbers are in the table
// under each chart: the tables are the page, the charts a view of them (without scripts the page is complete).
(function () {
  var block = document.getElementById('chart-data');
  if (!block || typeof Chart === 'undefined') return;
  var data = JSON.parse(block.textContent);
  // five groups need five colours that stay apart for colour-blind readers (Okabe–Ito)
  var colours = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#7f7f7f'];
  document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
    var d = data[canvas.getAttribute('data-chart')];
    if (!d) return;
    var horizontal = Boolean(d.horizontal || canvas.getAttribute('data-horizontal'));
    new Chart(canvas, {
      type: 'bar',
      data: {
        labels: d.labels,
        datasets: d.series.map(function (s, i) {
          return { label: s.label, data: s.data, backgroundColor: colours[i % colours.length] };
        }),
      },
      options: {
        indexAxis: horizontal ? 'y' : 'x',
        animation: false,
        scales: {
          x: { stacked: Boolean(d.stacked), beginAtZero: true, ticks: { precision: 0 } },
          y: { stacked: Boolean(d.stacked), beginAtZero: true, ticks: { precision: 0 } },
        },
        plugins: { legend: { position: 'bottom' } },
      },
    });
  });
})();
