// Questions on the figures (window.PsoasFigQuiz): filled in below.
(function (root) {
  if (!root || root.dataset.ready) return;
})(document.currentScript && document.currentScript.parentElement);
