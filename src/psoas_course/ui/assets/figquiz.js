// Questions on the figures (window.PsoasFigQuiz): a drawing with numbered marker buttons and
// questions asked on it, one at a time ("Which number marks X?", "What does number N mark?").
// The numbers are shuffled for each learner, seeded by the learner id quiz.js keeps (the same
// key, read through window.PsoasSRS's storage), so a learner sees the same numbers on every
// visit and another learner different ones. An answer comes from a tapped marker or from the
// list under the question; the feedback rings the right structure, and srs.js records the
// answer as a card that FSRS schedules like any other question. Without this script the
// page keeps the numbers written by ui/figquiz.py and a "Show the answer" box per question.
(function (root) {
  var engine = window.PsoasFigQuiz || (window.PsoasFigQuiz = makeEngine());
  if (!root || root.dataset.ready) return;
  root.dataset.ready = "1";
  engine.start(root);

  function makeEngine() {
    var VISIT = Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
    var srs = window.PsoasSRS;

    // shared seeded order (srs.js), looked up when called
    function hash(text) { return window.PsoasSRS.hash(text); }
    function random(seed) { return window.PsoasSRS.random(seed); }
    // The learner's id (srs.js; null: no storage).
    function learner() { return srs ? srs.learner() : null; }
    // numbers[i]: the number structure i wears for this learner on this figure (1 to count).
    function numbering(count, seed, figure) {
      var numbers = [], next = random(hash(seed + ":" + figure));
      for (var i = 0; i < count; i++) numbers.push(i + 1);
      for (var j = count - 1; j > 0; j--) {
        var k = Math.floor(next() * (j + 1)), swap = numbers[j];
        numbers[j] = numbers[k];
        numbers[k] = swap;
      }
      return numbers;
    }
    function cap(text) { return text.charAt(0).toUpperCase() + text.slice(1); }
    function all(section, selector) { return Array.prototype.slice.call(section.querySelectorAll(selector)); }

    function start(section) {
      if (!srs) return;
      var data = JSON.parse(section.querySelector("script.psoas-fq-data").textContent);
      var review = section.dataset.kind === "review", page = section.dataset.lesson || "";
      var seed = learner() || VISIT;
      var numbers = numbering(data.structures.length, seed, data.figure), byNumber = {};
      numbers.forEach(function (n, i) { byNumber[n] = i; });
      var markers = all(section, ".psoas-fq-marker");
      markers.forEach(function (button) {
        var n = numbers[Number(button.dataset.s)], where = button.dataset.where;
        button.textContent = String(n);
        button.setAttribute("aria-label", "marker " + n + (where ? ", " + where : ""));
        button.disabled = false;
      });
      var questions = {};
      data.questions.forEach(function (q) { questions[q.id] = q; });
      var items = all(section, ".psoas-fq-question");
      items.forEach(function (item) {
        var q = questions[item.dataset.qid];
        if (q.ask === "what") {
          item.querySelector("legend").textContent = (q.text || "What does number {n} mark?").split("{n}").join(String(numbers[q.s]));
        }
        var answer = item.querySelector(".psoas-fq-answer");
        if (answer) answer.parentNode.removeChild(answer);
      });
      if (review) {
        var due = {};
        srs.queue(srs.load(), { ids: items.map(function (item) { return item.dataset.qid; }), seed: seed })
          .forEach(function (card) { due[card.id] = true; });
        items = items.filter(function (item) {
          if (due[item.dataset.qid]) return true;
          item.parentNode.removeChild(item);
          return false;
        });
        section.hidden = !items.length;
        var box = section.closest && section.closest(".psoas-fq-review");
        if (box) {
          var empty = box.querySelector(".psoas-fq-review-empty");
          if (empty) empty.hidden = all(box, ".psoas-figquiz").some(function (s) { return !s.hidden; });
        }
        if (!items.length) return;
      } else srs.open(page);
      all(section, ".psoas-fq-js").forEach(function (el) { el.hidden = false; });
      section.classList.remove("psoas-needs-js");
      section.classList.add("is-live");
      if (srs.status.blocked) {
        section.querySelector(".psoas-storage").textContent =
          "This browser does not let the page save your answers (a private window may block it): they will be forgotten when you leave the page.";
      }

      var current = 0, firstTry = {}, progress = section.querySelector(".psoas-fq-progress");
      var done = section.querySelector(".psoas-fq-done");
      function clearMarks() {
        markers.forEach(function (b) { b.classList.remove("is-answer", "is-wrong", "is-asked"); });
        all(section, ".psoas-fq-hl").forEach(function (g) { g.classList.remove("is-on"); });
      }
      function markersOf(i) { return markers.filter(function (b) { return Number(b.dataset.s) === i; }); }
      function show(index, focus) {
        current = index;
        clearMarks();
        done.hidden = index < items.length;
        progress.hidden = index >= items.length;
        items.forEach(function (item, i) { item.hidden = i !== index; });
        if (index >= items.length) {
          var right = Object.keys(firstTry).filter(function (id) { return firstTry[id]; }).length;
          var n = items.length;
          done.querySelector("p").textContent = "You have answered the " + (n === 1 ? "question" : n + " questions") +
            " on this figure: " + right + " right at the first try. Each answer comes back in your reviews when it is due.";
          if (focus) done.querySelector("button").focus();
          return;
        }
        progress.textContent = "Question " + (index + 1) + " of " + items.length;
        var q = questions[items[index].dataset.qid];
        if (q.ask === "what") markersOf(q.s).forEach(function (b) { b.classList.add("is-asked"); });
        if (focus) items[index].querySelector("legend").focus();
      }
      function say(item, correct, message) {
        var out = item.querySelector(".psoas-feedback");
        out.hidden = false;
        out.className = "psoas-feedback" + (correct === true ? " is-correct" : correct === false ? " is-wrong" : "");
        out.textContent = message;
      }
      function mark(item, picked) {
        var q = questions[item.dataset.qid], s = data.structures, correct = picked === q.s;
        var message;
        if (q.ask === "which") {
          message = correct ? "Correct. Number " + numbers[q.s] + " marks " + s[q.s].called + "."
            : "Not quite: number " + numbers[picked] + " marks " + s[picked].called + ". " + cap(s[q.s].called) +
              " is number " + numbers[q.s] + ", ringed on the figure.";
        } else {
          message = correct ? "Correct. Number " + numbers[q.s] + " marks " + s[q.s].called + "."
            : "Not quite: number " + numbers[q.s] + " marks " + s[q.s].called + ", ringed on the figure. " +
              cap(s[picked].called) + " is number " + numbers[picked] + ".";
        }
        var result = srs.answer(q.id, { correct: correct, lesson: data.lesson, page: page });
        if (!(q.id in firstTry)) firstTry[q.id] = correct;
        clearMarks();
        all(section, ".psoas-fq-hl[data-s='" + q.s + "']").forEach(function (g) { g.classList.add("is-on"); });
        markersOf(q.s).forEach(function (b) { b.classList.add("is-answer"); });
        if (!correct) markersOf(picked).forEach(function (b) { b.classList.add("is-wrong"); });
        say(item, correct, message + " " + q.feedback + (result && result.note ? result.note : ""));
        var next = item.querySelector(".psoas-fq-next");
        next.hidden = false;
        next.textContent = current + 1 < items.length ? "Next question" : "Finish";
      }
      markers.forEach(function (button) {
        button.addEventListener("click", function () {
          var item = items[current];
          if (!item) return;
          var q = questions[item.dataset.qid], i = Number(button.dataset.s);
          if (q.ask === "what") {
            say(item, null, "This question asks what number " + numbers[q.s] + " marks: choose its name in the list below.");
            return;
          }
          var radio = item.querySelector("input[value='" + numbers[i] + "']");
          if (radio) radio.checked = true;
          mark(item, i);
        });
      });
      items.forEach(function (item) {
        var q = questions[item.dataset.qid];
        item.querySelector(".psoas-fq-check").addEventListener("click", function () {
          var chosen = item.querySelector(".psoas-fq-choices input:checked");
          if (!chosen) { say(item, null, "Choose an answer first."); return; }
          mark(item, q.ask === "which" ? byNumber[Number(chosen.value)] : Number(chosen.value));
        });
        item.querySelector(".psoas-fq-next").addEventListener("click", function () { show(current + 1, true); });
      });
      done.querySelector("button").addEventListener("click", function () {
        items.forEach(function (item) {
          all(item, "input").forEach(function (el) { el.checked = false; });
          var out = item.querySelector(".psoas-feedback");
          out.hidden = true;
          out.textContent = "";
          item.querySelector(".psoas-fq-next").hidden = true;
        });
        show(0, true);
      });
      show(0, false);
    }
    return { start: start, numbering: numbering, learner: learner };
  }
})(document.currentScript && document.currentScript.parentElement);
