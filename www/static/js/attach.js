// Upload progress for forms marked data-upload-progress. The form works
// without this script (a plain multipart POST); with it, the same request
// goes by XMLHttpRequest so that the bytes sent can be shown.
(function () {
  'use strict';
  function setup(form) {
    if (form.dataset.uploadReady) return;
    form.dataset.uploadReady = '1';
    var bar = form.querySelector('.upload-progress');
    var status = form.querySelector('.upload-status');
    form.addEventListener('submit', function (ev) {
      if (!window.FormData || !bar) return;
      ev.preventDefault();
      var buttons = form.querySelectorAll('button, input[type=submit]');
      var xhr = new XMLHttpRequest();
      xhr.open('POST', form.action);
      xhr.upload.addEventListener('progress', function (e) {
        if (!e.lengthComputable) return;
        bar.hidden = false;
        bar.value = Math.floor((e.loaded / e.total) * 100);
        status.textContent = bar.value + '%';
      });
      xhr.addEventListener('load', function () {
        if (xhr.status >= 200 && xhr.status < 300) {
          window.location.assign(xhr.responseURL || form.action);
          return;
        }
        var doc = new DOMParser().parseFromString(xhr.responseText, 'text/html');
        var msg = doc.querySelector('.error-message');
        status.textContent = msg ? msg.textContent : String(xhr.status);
        status.classList.add('error-message');
        bar.hidden = true;
        buttons.forEach(function (b) { b.disabled = false; });
      });
      xhr.addEventListener('error', function () {
        status.textContent = form.dataset.uploadFailed || 'Upload failed';
        bar.hidden = true;
        buttons.forEach(function (b) { b.disabled = false; });
      });
      buttons.forEach(function (b) { b.disabled = true; });
      status.classList.remove('error-message');
      xhr.send(new FormData(form));
    });
  }
  function init() {
    document.querySelectorAll('form[data-upload-progress]').forEach(setup);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
