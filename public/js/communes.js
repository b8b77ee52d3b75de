// Comfort only: reload the commune list when the province changes (the form works without it).
document.querySelectorAll('select[data-communes-target]').forEach(function (province) {
  province.addEventListener('change', function () {
    var target = document.getElementById(province.getAttribute('data-communes-target'));
    fetch('/api/v1/provinces/' + encodeURIComponent(province.value) + '/communes')
      .then(function (r) { return r.json(); })
      .then(function (body) {
        target.innerHTML = '<option value="">—</option>' + body.data.map(function (c) {
          var o = document.createElement('option'); o.value = c.code; o.textContent = c.name; return o.outerHTML;
        }).join('');
      });
  });
});
