// Comfort only (forms work without it): a date typed as digits gets its slashes, 05032026 → 05/03/2026.
// A value with a dash (an ISO date pasted in) is left as it is; the server reads both.
document.querySelectorAll('input[data-date-input]').forEach(function (input) {
  input.addEventListener('input', function (e) {
    var v = input.value;
    if (v.indexOf('-') !== -1 || (e.inputType && e.inputType.indexOf('delete') === 0)) return;
    var digits = v.replace(/\D/g, '').slice(0, 8);
    var out = digits.slice(0, 2);
    if (digits.length > 2) out += '/' + digits.slice(2, 4);
    if (digits.length > 4) out += '/' + digits.slice(4);
    if (/^\d{1,2}\/\d{1,2}\/\d{0,4}$/.test(v) && v.replace(/\D/g, '').length === digits.length && v.length <= 10) {
      // typed with slashes already (5/3/2026): keep what the person typed
      return;
    }
    input.value = out;
  });
});
// Money: show the thousands grouped as the person types (17000000 → 17.000.000).
document.querySelectorAll('input[data-money-input]').forEach(function (input) {
  input.addEventListener('blur', function () {
    var digits = input.value.replace(/[.\s₫đ]/g, '');
    if (/^\d+$/.test(digits)) input.value = digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  });
});
