// Comfort only: a refused form puts the focus on its first field in error (each error is linked to its field by
// aria-describedby, and listed at the top), so a keyboard or screen-reader user starts where the fix is.
(function () {
  var first = document.querySelector('[aria-invalid="true"]');
  var summary = document.querySelector('[data-testid="error-summary"]');
  var target = first || summary;
  if (!target) return;
  var details = target.closest && target.closest('details');
  if (details) details.open = true;
  target.focus();
})();
