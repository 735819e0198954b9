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
    user: function (s) { return !hasUser(s, pw.dataset.user || "", pw.dataset.email || ""); }
  };
  // The server's rule (mm_password.c, has_user): the user ID (3 or more
  // characters) or the e-mail address, or its local part of 4 or more, in
  // any letter case, with 0 1 3 4 5 7 @ $ standing for the letters they look like.
  var looks = { "0": "o", "1": "li", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s" };
  function lowerAscii(c) { return c >= "A" && c <= "Z" ? c.toLowerCase() : c; }
  function standsFor(pc, wc) { return lowerAscii(pc) === wc || (looks[pc] || "").indexOf(wc) >= 0; }
  function containsWord(s, word) {
    if (!word.length || word.length > s.length) return false;
    for (var i = 0; i + word.length <= s.length; i++) {
      var j = 0;
      while (j < word.length && standsFor(s[i + j], lowerAscii(word[j]))) j++;
      if (j === word.length) return true;
    }
    return false;
  }
  function hasUser(s, userId, email) {
    if (userId.length >= 3 && containsWord(s, userId)) return true;
    if (!email) return false;
    var at = email.lastIndexOf("@"), local = at >= 0 ? email.slice(0, at) : email;
    return (email.length >= 3 && containsWord(s, email)) || (local.length >= 4 && containsWord(s, local));
  }
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
