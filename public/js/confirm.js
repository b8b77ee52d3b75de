// Comfort only: a form marked data-confirm asks in a <dialog> before it is sent, instead of going through the
// confirmation page (which is what happens without scripts). Confirmed, the form carries confirmed=yes.
(function () {
  var forms = document.querySelectorAll('form[data-confirm]');
  if (!forms.length || typeof HTMLDialogElement === 'undefined') return;
  var dialog = document.createElement('dialog');
  dialog.setAttribute('data-testid', 'confirm-dialog');
  dialog.innerHTML =
    '<article><header><strong class="confirm-title"></strong></header><p class="confirm-text"></p>' +
    '<footer><button type="button" class="secondary" value="no">Quay lại</button> ' +
    '<button type="button" value="yes" data-testid="confirm-dialog-yes">Xác nhận</button></footer></article>';
  document.body.appendChild(dialog);
  var pending = null;
  var pendingButton = null;
  dialog.addEventListener('click', function (e) {
    var b = e.target.closest && e.target.closest('button');
    if (!b) return;
    dialog.close();
    if (b.value === 'yes' && pending) {
      var flag = document.createElement('input');
      flag.type = 'hidden';
      flag.name = 'confirmed';
      flag.value = 'yes';
      pending.appendChild(flag);
      // the button that sent the form (e.g. "all") travels with it, as a click would have sent it
      if (pendingButton && pendingButton.name) {
        var via = document.createElement('input');
        via.type = 'hidden';
        via.name = pendingButton.name;
        via.value = pendingButton.value;
        pending.appendChild(via);
      }
      var f = pending;
      pending = null;
      f.submit();
    } else pending = null;
  });
  forms.forEach(function (form) {
    form.addEventListener('submit', function (e) {
      if (form.querySelector('input[name=confirmed][value=yes]')) return;
      e.preventDefault();
      pending = form;
      pendingButton = e.submitter || null;
      dialog.querySelector('.confirm-title').textContent = form.getAttribute('data-confirm-title') || 'Xác nhận';
      dialog.querySelector('.confirm-text').textContent = form.getAttribute('data-confirm');
      dialog.showModal();
      dialog.querySelector('button[value=yes]').focus();
    });
  });
})();
