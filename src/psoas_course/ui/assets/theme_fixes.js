/* Phone navigation for sphinx-book-theme 1.3 on pydata-sphinx-theme 0.17 (loaded by
 * psoas_course.site.theme_fixes). pydata-sphinx-theme issue #2451: the theme hooks its
 * "open the sidebar" handler to the FIRST .primary-toggle / .secondary-toggle on the page,
 * a copy in its own (hidden) header, so the buttons a reader sees in the article header do
 * nothing. Every other toggle forwards its click to the one the theme listens to. */
(function () {
  "use strict";
  function forwardToggles() {
    ["primary-toggle", "secondary-toggle"].forEach(function (name) {
      var toggles = document.querySelectorAll("." + name);
      var hooked = toggles[0];
      Array.prototype.slice.call(toggles, 1).forEach(function (button) {
        button.addEventListener("click", function (event) {
          event.preventDefault();
          event.stopPropagation();
          hooked.click();
        });
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", forwardToggles);
  } else {
    forwardToggles();
  }
})();

/* Printing: open every <details> (exercise solutions, claim boxes) for the paper copy and
 * close again afterwards the ones the reader had closed. print.css does the rest. */
(function () {
  "use strict";
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (details) {
      details.open = true;
      opened.push(details);
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (details) {
      details.open = false;
    });
    opened = [];
  });
})();
