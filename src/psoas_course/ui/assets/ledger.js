// Static-book filter for the claims ledger: hides rows that do not match the select boxes.
(function (root) {
  if (!root || root.dataset.ready) return;
  root.dataset.ready = "1";
  var selects = Array.prototype.slice.call(root.querySelectorAll("select[data-filter]"));
  var rows = Array.prototype.slice.call(root.querySelectorAll("tbody tr"));
  var count = root.querySelector(".psoas-count");
  function apply() {
    var want = {};
    selects.forEach(function (s) { want[s.dataset.filter] = s.value; });
    var shown = 0;
    rows.forEach(function (row) {
      var ok = (want.lesson === "all" || row.dataset.lesson === want.lesson) &&
               (want.verdict === "all" || row.dataset.verdict === want.verdict) &&
               (want.source === "all" || row.dataset.sources.split(";").indexOf(want.source) >= 0);
      row.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = shown + " of " + rows.length + " claims";
  }
  selects.forEach(function (s) { s.addEventListener("change", apply); });
  apply();
})(document.currentScript && document.currentScript.parentElement);
