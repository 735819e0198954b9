/* Progressive enhancement only: every page works without this file. */
(function () {
  "use strict";
  // Close the narrow-screen menu after choosing an entry.
  document.addEventListener("click", function (ev) {
    var toggle = document.getElementById("menu-toggle");
    if (toggle && ev.target.closest && ev.target.closest(".menu-items a")) toggle.checked = false;
  });
})();
