// Comfort only: a long list (select[data-filterable]) gets a search box above it that hides the options whose name
// does not contain what is typed, accents ignored ("thanh hoa" finds "Thanh Hóa"). The select works without it.
(function () {
  var fold = function (s) {
    return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
  };
  document.querySelectorAll('select[data-filterable]').forEach(function (select) {
    var box = document.createElement('input');
    box.type = 'search';
    box.placeholder = 'Tìm trong danh sách…';
    box.setAttribute('aria-label', 'Tìm ' + (select.labels && select.labels[0] ? select.labels[0].textContent.trim() : ''));
    box.className = 'filter-select';
    select.parentNode.insertBefore(box, select);
    box.addEventListener('input', function () {
      var q = fold(box.value.trim());
      Array.prototype.forEach.call(select.options, function (o) {
        if (!o.value) return;
        o.hidden = q !== '' && fold(o.textContent).indexOf(q) === -1;
      });
    });
  });
})();
