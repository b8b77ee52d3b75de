// The check-in page's camera scanner (issue 22): only where the browser has BarcodeDetector with QR support and a
// camera in a secure context (HTTPS or localhost). It reads a ticket's QR into the same box the form posts, so the
// typed code stays the primary path and nothing changes without it. No library.
(function () {
  'use strict';
  var button = document.getElementById('scan-ticket');
  var video = document.getElementById('scan-video');
  var form = document.getElementById('check-in-form');
  var box = document.getElementById('q');
  if (!button || !video || !form || !box) return;
  if (!('BarcodeDetector' in window) || !window.isSecureContext || !navigator.mediaDevices) return;
  window.BarcodeDetector.getSupportedFormats()
    .then(function (formats) {
      if (formats.indexOf('qr_code') === -1) return;
      button.hidden = false;
      var detector = new window.BarcodeDetector({ formats: ['qr_code'] });
      var stream = null;
      function stop() {
        if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
        stream = null;
        video.hidden = true;
        button.textContent = 'Quét mã QR bằng máy ảnh';
      }
      function tick() {
        if (!stream) return;
        detector
          .detect(video)
          .then(function (codes) {
            var code = codes.length ? String(codes[0].rawValue || '').trim() : '';
            if (code) {
              box.value = code;
              stop();
              form.submit();
            } else window.setTimeout(tick, 250);
          })
          .catch(function () { window.setTimeout(tick, 500); });
      }
      button.addEventListener('click', function () {
        if (stream) return stop();
        navigator.mediaDevices
          .getUserMedia({ video: { facingMode: 'environment' }, audio: false })
          .then(function (s) {
            stream = s;
            video.srcObject = s;
            video.hidden = false;
            button.textContent = 'Tắt máy ảnh';
            return video.play();
          })
          .then(tick)
          .catch(function () {
            stop();
            button.hidden = true;
          });
      });
    })
    .catch(function () {});
})();
