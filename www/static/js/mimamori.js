/* Progressive enhancement only: every page works without this file. */
(function () {
  "use strict";
  // Close the narrow-screen menu after choosing an entry.
  document.addEventListener("click", function (ev) {
    var toggle = document.getElementById("menu-toggle");
    if (toggle && ev.target.closest && ev.target.closest(".menu-items a")) toggle.checked = false;
  });

  // Live password checklist (AUTH-4). The server checks the same rules.
  var pw = document.getElementById("password");
  var list = document.getElementById("pw-checklist");
  if (!pw || !list) return;
  var min = parseInt(pw.dataset.min, 10) || 0, max = parseInt(pw.dataset.max, 10) || 1e9;
  var symbols = pw.dataset.symbols || "";
  function count(s) { return Array.from(s).length; }
  var rules = {
    length: function (s) { var n = count(s); return n >= min && n <= max; },
    lower: function (s) { return /[a-z]/.test(s); },
    upper: function (s) { return /[A-Z]/.test(s); },
    digit: function (s) { return /[0-9]/.test(s); },
    symbol: function (s) { return Array.from(s).some(function (c) { return symbols.indexOf(c) >= 0; }); },
    repeat: function (s) { return s.length > 0 && !/^(.)\1*$/u.test(s); },
    user: function () { return true; }
  };
  function update() {
    var s = pw.value;
    list.querySelectorAll("li[data-rule]").forEach(function (li) {
      var f = rules[li.dataset.rule];
      if (!f) return;
      var ok = s.length > 0 && f(s);
      li.classList.toggle("ok", ok);
      li.classList.toggle("ng", s.length > 0 && !ok);
    });
  }
  pw.addEventListener("input", update);
  update();
})();
