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

/* "Review: N due", linking the review page (book/review.md): the number of questions due today
 * from lessons the learner has opened, read from this browser's saved progress by srs.js
 * (window.PsoasSRS; psoas_course.site.sphinx_ext loads it and sets window.psoasReviewPage on
 * every page). In the page header on wide screens, at the top of the menu (the primary
 * sidebar) on phones, where the header has no room (site.css shows one at a time). Counts
 * again when an answer is saved. */
(function () {
  "use strict";
  function addReviewLink() {
    var href = window.psoasReviewPage;
    var make = window.psoasAssets && window.psoasAssets["srs.js"];
    if (!href) return;
    if (make && !window.PsoasSRS) make(null);
    var srs = window.PsoasSRS, links = [];
    function link() {
      var a = document.createElement("a");
      a.className = "psoas-review-link";
      a.href = href;
      links.push(a);
      return a;
    }
    function count() {
      var due = null;
      try { due = srs ? srs.peekDue() : null; } catch (e) { due = null; }
      links.forEach(function (a) {
        a.textContent = due === null ? "Review" : "Review: " + due + " due";
        a.title = due === null ? "Questions due for review" :
          due + (due === 1 ? " question is" : " questions are") + " due for review today";
      });
    }
    var header = document.querySelector(".bd-header-article .article-header-buttons") ||
      document.querySelector(".article-header-buttons");
    if (header) header.insertBefore(link(), header.firstChild);
    var menu = document.querySelector(".bd-sidebar-primary .sidebar-primary-items__start");
    if (menu) {
      var item = document.createElement("div"), nav = menu.querySelector(".bd-docs-nav");
      item.className = "sidebar-primary-item psoas-review-item";
      item.appendChild(link());
      var before = nav ? nav.closest(".sidebar-primary-item") : null;
      menu.insertBefore(item, before && before.parentNode === menu ? before : menu.firstChild);
    }
    if (!links.length) document.body.insertBefore(link(), document.body.firstChild);
    count();
    window.addEventListener("psoas-progress", count);
    window.addEventListener("storage", count);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", addReviewLink);
  } else {
    addReviewLink();
  }
})();
