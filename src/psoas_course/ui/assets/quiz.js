// Self-check controller: feedback for every answer, progress kept in localStorage only.
(function (root) {
  if (!root || root.dataset.ready) return;
  root.dataset.ready = "1";
  var KEY = "psoas-course-progress-v1";
  var NUMBER = /^\s*([-+\u2212]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:e[-+]?\d+)?)\s*(°|deg|degrees?|%|percent|cm|mm|m|metres?|meters?|h|hrs?|hours?|kg|n)?\.?\s*$/i;
  var questions = {};
  JSON.parse(root.querySelector("script.psoas-answers").textContent).forEach(function (q) { questions[q.id] = q; });

  function load() {
    try { return JSON.parse(window.localStorage.getItem(KEY)) || { answers: {}, review: [] }; }
    catch (e) { return { answers: {}, review: [] }; }
  }
  function save(progress) {
    try { window.localStorage.setItem(KEY, JSON.stringify(progress)); } catch (e) { /* private mode */ }
  }
  function record(id, correct) {
    var progress = load();
    progress.answers[id] = { correct: correct };
    var i = progress.review.indexOf(id);
    if (!correct && i < 0) progress.review.push(id);
    if (correct && i >= 0) progress.review.splice(i, 1);
    save(progress);
  }
  function parseNumber(text) {
    var m = NUMBER.exec(text);
    if (!m) return null;
    var v = Number(m[1].replace(",", ".").replace("\u2212", "-"));
    return isFinite(v) ? v : null;
  }
  function judgeFree(q, text) {
    // an empty or unreadable answer is not an attempt: explain, but do not mark it wrong
    if (!text.trim()) return [null, "Type an answer first, then check it."];
    if (q.type === "numeric") {
      var v = parseNumber(text);
      if (v === null) return [null, "I could not read a number there. Write it with digits, for example 45 (units: " + q.units + ")."];
      for (var i = 0; i < q.answers.length; i++) {
        var a = q.answers[i];
        if ("value" in a && Math.abs(v - a.value) <= a.tolerance) return [a.correct, a.feedback];
        if ("range" in a && v >= a.range[0] && v <= a.range[1]) return [a.correct, a.feedback];
      }
      return [false, q.fallback_feedback];
    }
    var given = text.toLowerCase().split(/\s+/).filter(Boolean).join(" ");
    for (var j = 0; j < q.answers.length; j++) {
      var b = q.answers[j];
      if (given === b.answer.toLowerCase().split(/\s+/).filter(Boolean).join(" ")) return [b.correct, b.feedback];
    }
    return [false, q.fallback_feedback];
  }
  function judgeChoice(q, box) {
    var chosen = Array.prototype.slice.call(box.querySelectorAll("input:checked")).map(function (el) { return Number(el.value); });
    if (!chosen.length) return [null, "Choose an answer first."];
    var notes = chosen.map(function (i) { return q.answers[i].feedback; });
    var right = q.answers.every(function (a, i) { return a.correct === (chosen.indexOf(i) >= 0); });
    if (q.type === "many_choice" && !right) {
      var missed = q.answers.filter(function (a, i) { return a.correct && chosen.indexOf(i) < 0; }).length;
      if (missed) notes.push(missed === 1 ? "One correct option is still unticked." : missed + " correct options are still unticked.");
    }
    return [right, notes.join(" ")];
  }
  function show(box, correct, message) {
    var out = box.querySelector(".psoas-feedback");
    out.hidden = false;
    out.className = "psoas-feedback" + (correct === true ? " is-correct" : correct === false ? " is-wrong" : "");
    out.textContent = (correct === true ? "Correct. " : correct === false ? "Not quite. " : "") + message;
  }
  Array.prototype.forEach.call(root.querySelectorAll(".psoas-question"), function (box) {
    var q = questions[box.dataset.qid];
    var check = function () {
      var input = box.querySelector("input[type=text]");
      var result = input ? judgeFree(q, input.value) : judgeChoice(q, box);
      show(box, result[0], result[1]);
      if (result[0] !== null) record(q.id, result[0]);
    };
    box.querySelector(".psoas-check").addEventListener("click", check);
    var input = box.querySelector("input[type=text]");
    if (input) input.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); check(); } });
  });
  function filterReview() {
    if (root.dataset.review !== "1") return;
    var queue = load().review, shown = 0;
    Array.prototype.forEach.call(root.querySelectorAll(".psoas-question"), function (box) {
      var due = queue.indexOf(box.dataset.qid) >= 0;
      box.hidden = !due;
      if (due) shown++;
    });
    root.querySelector(".psoas-empty").hidden = shown > 0;
  }
  root.querySelector(".psoas-reset").addEventListener("click", function () {
    try { window.localStorage.removeItem(KEY); } catch (e) { /* nothing stored */ }
    Array.prototype.forEach.call(root.querySelectorAll(".psoas-feedback"), function (p) { p.hidden = true; p.textContent = ""; });
    Array.prototype.forEach.call(root.querySelectorAll("input"), function (el) { if (el.type === "text") el.value = ""; else el.checked = false; });
    filterReview();
  });
  filterReview();
})(document.currentScript && document.currentScript.parentElement);
