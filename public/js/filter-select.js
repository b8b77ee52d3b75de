// Comfort only: a long list (select[data-filterable]) gets a search box above it that hides the options whose name
// does not contain what is typed, accents ignored ("thanh hoa" finds "Thanh Hóa"). The select works without it.
// The box stands before the list's label (typing never changes the list's own name), is named from the label's
// words (not its options), and when the option chosen is hidden by what was typed, the first match is chosen.
(function () {
  var fold = function (s) {
    return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
  };
  document.querySelectorAll('select[data-filterable]').forEach(function (select) {
    var label = select.closest('label') || (select.labels && select.labels[0]) || null;
    var words = '';
    if (label) {
      for (var i = 0; i < label.childNodes.length; i += 1) {
        var n = label.childNodes[i];
        if (n.nodeType === 3) words += n.textContent;
        else if (n.nodeName === 'SPAN') continue;
        else if (n !== select && n.nodeName !== 'SELECT') break;
      }
    }
    var box = document.createElement('input');
    box.type = 'search';
    box.placeholder = 'Tìm trong danh sách…';
    box.setAttribute('aria-label', 'Tìm trong danh sách: ' + words.replace(/\s+/g, ' ').trim());
    box.className = 'filter-select';
    (label && label.parentNode ? label : select).parentNode.insertBefore(box, label && label.parentNode ? label : select);
    box.addEventListener('input', function () {
      var q = fold(box.value.trim());
      var first = null;
      Array.prototype.forEach.call(select.options, function (o) {
        if (!o.value) return;
        o.hidden = q !== '' && fold(o.textContent).indexOf(q) === -1;
        if (!o.hidden && !first) first = o;
      });
      var chosen = select.options[select.selectedIndex];
      if (q !== '' && first && (!chosen || chosen.hidden || !chosen.value)) {
        select.value = first.value;
        select.dispatchEvent(new Event('change', { bubbles: true }));
      }
    });
  });
})();
