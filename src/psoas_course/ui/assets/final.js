// The closed-book final check (book/final-check.md, psoas_course.ui.final_page): questions
// drawn per learner and per attempt from the pool the build writes into the page
// (script.psoas-final-data, from data/final_pool.json), marked with quiz.js's rules
// (window.PsoasQuiz.judgeFree; choices the same way), every answer scheduled by srs.js
// (window.PsoasSRS.answer: FSRS, like any other answer) and the attempts kept there too
// (finalState, finalAnswer, finalRetake).
// The draw: each lesson's pool is put in an order seeded by the learner's id and the lesson;
// attempt 1, 2, 3 ... then takes the pairs of that order in the rounds of a round robin
// (the circle method), so the two questions of one round's attempts never repeat, and every
// pair comes once before any comes again: any two of the first six attempts share at most one
// question of a lesson's two (at most half of the check); attempts next to each other
// mostly share none. After every pair has come, the pairs come again in other wordings
// (a question's variants), chosen by the cycle.
// Beliefs (questions with "How sure are you?" asked again) come in every attempt, scored
// apart, and are marked only once the lesson that answers them has been opened; before that
// the answer is noted, not marked, and not scheduled.
(function (root) {
  var api = window.PsoasFinal || (window.PsoasFinal = makeFinal());
  if (!root || root.dataset.ready) return;
  root.dataset.ready = "1";
  api.start(root);

  function makeFinal() {
    var SURE = [["guessing", "guessing"], ["fairly-sure", "fairly sure"], ["certain", "certain"]];
    // -- seeded order ----------------------------------------------------------------------
    // shared seeded order (srs.js), looked up when called: this file may load first
    function hash(text) { return window.PsoasSRS.hash(text); }
    function random(seed) { return window.PsoasSRS.random(seed); }
    function shuffled(list, seed) {
      var out = list.slice(), next = random(hash(seed));
      for (var i = out.length - 1; i > 0; i--) {
        var j = Math.floor(next() * (i + 1)), swap = out[i];
        out[i] = out[j];
        out[j] = swap;
      }
      return out;
    }
    // Every pair of the positions 0..n-1 once, round by round; the pairs of a round share
    // no position (circle method; an odd n sits one position out in each round).
    function pairs(n) {
      var m = n % 2 ? n + 1 : n, out = [];
      for (var r = 0; r < m - 1; r++) {
        var round = [[r, m - 1]];
        for (var k = 1; k < m / 2; k++) round.push([(r + k) % (m - 1), (r - k + m - 1) % (m - 1)]);
        round.forEach(function (p) { if (p[0] < n && p[1] < n) out.push(p); });
      }
      return out;
    }
    // The questions of one attempt: [{id, lesson, wording}], lessons mixed.
    function draw(data, learner, attempt) {
      var picked = [];
      data.lessons.forEach(function (lesson) {
        var order = shuffled(lesson.ids, learner + ":" + lesson.key), all = pairs(order.length);
        var cycle = Math.floor((attempt - 1) / all.length);
        all[(attempt - 1) % all.length].forEach(function (at) {
          var q = data.questions[order[at]], n = 1 + (q.variants ? q.variants.length : 0);
          picked.push({ id: q.id, lesson: lesson.key, wording: (cycle + hash(learner + ":" + q.id)) % n });
        });
      });
      return shuffled(picked, learner + ":attempt:" + attempt);
    }
    // The question in wording w (0: as in its lesson; 1, 2...: its variants).
    function worded(q, w) {
      var variant = w > 0 && q.variants ? q.variants[(w - 1) % q.variants.length] : null;
      if (!variant) return q;
      var out = {}, k;
      for (k in q) if (Object.prototype.hasOwnProperty.call(q, k)) out[k] = q[k];
      out.question = variant.question;
      if (variant.answers) {
        out.answers = q.answers.map(function (a, i) {
          var merged = {}, key;
          for (key in a) if (Object.prototype.hasOwnProperty.call(a, key)) merged[key] = a[key];
          for (key in variant.answers[i]) if (Object.prototype.hasOwnProperty.call(variant.answers[i], key)) merged[key] = variant.answers[i][key];
          return merged;
        });
      }
      return out;
    }

    // -- marking: quiz.js's (window.PsoasQuiz) ----------------------------------------------
    function picked(box) {
      return Array.prototype.slice.call(box.querySelectorAll(".psoas-options input:checked")).map(function (el) { return Number(el.value); });
    }
    function say(R, key, values) {
      return R.messages[key].replace(/\{(\w+)\}/g, function (m, name) { return values && name in values ? String(values[name]) : m; });
    }
    function judgeChoice(q, box, R) {
      // the same verdict as quiz.js's judgeChoice (used when quiz.js does not export it)
      var chosen = picked(box);
      if (!chosen.length) return [null, say(R, "choose")];
      var notes = chosen.map(function (i) { return q.answers[i].feedback; });
      var right = q.answers.every(function (a, i) { return a.correct === (chosen.indexOf(i) >= 0); });
      if (q.type === "many_choice" && !right) {
        var missed = q.answers.filter(function (a, i) { return a.correct && chosen.indexOf(i) < 0; }).length;
        if (missed) notes.push(missed === 1 ? say(R, "unticked_one") : say(R, "unticked_many", { count: missed }));
      }
      return [right, notes.join(" ")];
    }
    function judge(q, box, R) {
      var engine = window.PsoasQuiz;
      if (!R) return [null, "The marking rules did not load with this page, so the answer cannot be checked. Reload the page."];
      var input = box.querySelector("input[type=text]");
      if (input) {
        if (!engine || typeof engine.judgeFree !== "function") return [null, "The marking did not load with this page. Reload the page."];
        return engine.judgeFree(q, input.value, R);
      }
      if (engine && typeof engine.judgeChoice === "function") return engine.judgeChoice(q, box, R);
      return judgeChoice(q, box, R);
    }

    // -- the page ---------------------------------------------------------------------------
    function el(tag, attrs, text) {
      var node = document.createElement(tag);
      Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
      if (text !== undefined) node.textContent = text;
      return node;
    }
    function href(lesson) {
      return /\.html?$/.test(window.location.pathname) ? lesson.href : lesson.href.replace(/\.html$/, ".ipynb");
    }
    function questionBox(q, uid, learner, number) {
      var qid = uid + "-" + q.id, item = el("li");
      var box = el("fieldset", { "class": "psoas-question", "data-qid": q.id, "data-lesson": q.lesson });
      box.appendChild(el("legend", { id: qid + "-q" }, number + ". " + q.question));
      if (q.type === "multiple_choice" || q.type === "many_choice") {
        var kind = q.type === "multiple_choice" ? "radio" : "checkbox";
        if (kind === "checkbox") box.appendChild(el("p", { "class": "psoas-meta" }, "Choose all that apply."));
        var list = el("div", { "class": "psoas-options" });
        shuffled(q.answers.map(function (a, i) { return i; }), learner + ":" + q.id).forEach(function (i) {
          var label = el("label", { "class": "psoas-option" });
          label.appendChild(el("input", { type: kind, name: qid, value: String(i) }));
          label.appendChild(document.createTextNode(" " + q.answers[i].answer));
          list.appendChild(label);
        });
        box.appendChild(list);
        if (q.confidence) {
          var sure = el("div", { "class": "psoas-confidence", role: "radiogroup", "aria-labelledby": qid + "-sure-q" });
          sure.appendChild(el("span", { id: qid + "-sure-q" }, "How sure are you?"));
          SURE.forEach(function (s) {
            var label = el("label", { "class": "psoas-sure" });
            label.appendChild(el("input", { type: "radio", name: qid + "-sure", value: s[0] }));
            label.appendChild(document.createTextNode(" " + s[1]));
            sure.appendChild(document.createTextNode(" "));
            sure.appendChild(label);
          });
          box.appendChild(sure);
        }
      } else {
        box.appendChild(el("label", { "for": qid + "-in" }, "Your answer" + (q.units ? " (" + q.units + ")" : "") + ":"));
        box.appendChild(document.createTextNode(" "));
        var attrs = { type: "text", id: qid + "-in", autocomplete: "off" };
        if (q.type === "numeric") attrs.inputmode = "decimal";
        box.appendChild(el("input", attrs));
      }
      var row = el("div");
      row.appendChild(el("button", { type: "button", "class": "psoas-check" }, "Check answer"));
      box.appendChild(row);
      box.appendChild(el("p", { "class": "psoas-feedback", role: "status", "aria-live": "polite", hidden: "" }));
      item.appendChild(box);
      return item;
    }
    function show(box, verdict, parts) {
      // parts: text and {text, href} links
      var out = box.querySelector(".psoas-feedback");
      out.hidden = false;
      out.className = "psoas-feedback" + (verdict === true ? " is-correct" : verdict === false ? " is-wrong" : "");
      out.textContent = verdict === true ? "Correct. " : verdict === false ? "Not quite. " : "";
      parts.forEach(function (part) {
        if (typeof part === "string") out.appendChild(document.createTextNode(part));
        else out.appendChild(el("a", { href: part.href, "class": "psoas-final-lesson-link" }, part.text));
      });
    }

    function start(section) {
      section.classList.remove("psoas-needs-js");
      var srs = window.PsoasSRS;
      var data = JSON.parse(section.querySelector("script.psoas-final-data").textContent);
      var rulesData = section.querySelector("script.psoas-rules");
      var R = rulesData ? JSON.parse(rulesData.textContent) : null;
      var uid = section.id, byKey = {};
      data.lessons.forEach(function (lesson) { byKey[lesson.key] = lesson; });
      var list = section.querySelector(".psoas-final-list"), beliefList = section.querySelector(".psoas-final-beliefs");
      var state = srs.finalState(), drawn = [];
      var shortName = function (key) { return byKey[key] ? "Lesson " + byKey[key].number : "its lesson"; };
      var opened = function (key) { return Object.prototype.hasOwnProperty.call(srs.load().opened, key); };

      function storageNote() {
        if (!srs.status.blocked && !srs.status.future) return;
        var note = section.querySelector(".psoas-notice");
        note.hidden = false;
        note.textContent = "This browser does not let the page save your answers (a private window may block it). " +
          "The check still works, but your attempts cannot be kept: when you leave or reload the page, they are forgotten and a new draw begins.";
        section.querySelector(".psoas-storage").textContent = "Nothing on this page can be kept in this browser.";
      }
      srs.listen(function (what) { if (what === "blocked" || what === "future") storageNote(); });

      function score() {
        var right = 0, answered = 0, per = {};
        drawn.forEach(function (d) {
          var row = per[d.lesson] || (per[d.lesson] = { asked: 0, right: 0 }), v = state.answers[d.id];
          row.asked++;
          if (typeof v === "boolean") { answered++; if (v) { right++; row.right++; } }
        });
        return { right: right, answered: answered, asked: drawn.length, per: per };
      }
      function showScore() {
        var s = score(), out = section.querySelector(".psoas-final-score"), mark = Math.round(data.pass_mark * 100);
        out.textContent = "";
        var p = el("p");
        if (s.answered < s.asked) {
          p.textContent = "Answered " + s.answered + " of " + s.asked + ", " + s.right + " right so far. Your first answer to each question counts; the pass mark is " + mark + "%.";
        } else {
          var passed = s.right / s.asked >= data.pass_mark - 1e-9;
          p.textContent = "Your score: " + s.right + " of " + s.asked + " (" + Math.round((100 * s.right) / s.asked) + "%). The pass mark is " + mark + "%: " +
            (passed ? "you passed." : "not yet. Go back to the lessons below where you lost points, then start a new attempt.");
          p.className = passed ? "psoas-passed" : "psoas-not-yet";
        }
        out.appendChild(p);
        var table = el("table"), head = el("tr");
        table.appendChild(el("caption", {}, "Right answers by lesson"));
        head.appendChild(el("th", { scope: "col" }, "Lesson"));
        head.appendChild(el("th", { scope: "col" }, "Right"));
        table.appendChild(head);
        data.lessons.forEach(function (lesson) {
          var row = s.per[lesson.key];
          if (!row) return;
          var tr = el("tr"), name = el("th", { scope: "row" });
          name.appendChild(el("a", { href: href(lesson) }, lesson.title));
          tr.appendChild(name);
          tr.appendChild(el("td", {}, row.right + " of " + row.asked));
          table.appendChild(tr);
        });
        out.appendChild(table);
        if (data.beliefs.length) {
          var matched = 0, waiting = [];
          data.beliefs.forEach(function (b) {
            if (state.answers[b.id] === true) matched++;
            var n = byKey[b.answered_in] ? byKey[b.answered_in].number : "?";
            if (!opened(b.answered_in) && waiting.indexOf(n) < 0) waiting.push(n);
          });
          out.appendChild(el("p", {}, "Beliefs, apart from the score: " + matched + " of " + data.beliefs.length + " of your answers match the evidence so far." +
            (waiting.length ? " Not marked until you open lesson" + (waiting.length > 1 ? "s " + waiting.slice(0, -1).join(", ") + " and " : " ") + waiting[waiting.length - 1] + "." : "")));
        }
        var past = section.querySelector(".psoas-final-past");
        past.textContent = "";
        if (state.past.length) {
          past.appendChild(el("h4", {}, "Earlier attempts"));
          var ul = el("ul");
          state.past.slice().reverse().forEach(function (a) {
            ul.appendChild(el("li", {}, "Attempt " + a.attempt + " (" + a.day + "): " + a.right + " of " + a.asked + " right."));
          });
          past.appendChild(ul);
        }
      }

      function wire(item, q, belief) {
        var box = item.querySelector("fieldset"), input = box.querySelector("input[type=text]");
        var lesson = byKey[q.lesson];
        var before = state.answers[q.id];
        if (before !== undefined) {
          var wait = before === "noted" && belief && shortName(belief.answered_in).toLowerCase();
          show(box, null, [!wait ? "You answered this in this attempt: " + (before ? "right." : "not right.") + " Your first answer counts."
            : opened(belief.answered_in) ? "You answered this before you opened " + wait + ": answer it again to see how it compares with the evidence."
            : "You answered this in this attempt; it is noted, not marked, until you open " + wait + "."]);
        }
        var check = function () {
          var result = judge(q, box, R);
          if (result[0] === null) { show(box, null, [result[1]]); return; }
          var sure = box.querySelector(".psoas-confidence input:checked"), first = typeof state.answers[q.id] !== "boolean";
          if (belief) {
            var teaches = byKey[belief.answered_in], then = (srs.load().cards[q.id] || {}).belief;
            if (!opened(belief.answered_in)) {
              state = srs.finalAnswer(q.id, "noted");
              show(box, null, ["Noted. " + shortName(belief.answered_in) + " answers this: open ", { text: teaches.title, href: href(teaches) },
                ", then come back to see how your answer compares with the evidence."]);
              showScore();
              return;
            }
            var choice = { picked: picked(box), sure: sure ? sure.value : "" };
            srs.answer(q.id, { correct: result[0], sure: choice.sure, lesson: belief.answered_in, page: "", final: true, belief: choice });
            state = srs.finalAnswer(q.id, result[0]);
            var earlier = then && then.picked.length ? " In " + shortName(q.lesson).toLowerCase() + " you chose: " + then.picked.map(function (i) { return q.answers[i] ? q.answers[i].answer : "?"; }).join("; ") +
              " (" + (then.sure ? then.sure.replace("-", " ") : "how sure not said") + ")." : "";
            show(box, result[0], [result[1] + earlier + " This belief is scored apart."]);
            showScore();
            return;
          }
          var note = srs.answer(q.id, { correct: result[0], sure: sure ? sure.value : "", lesson: q.lesson, page: "", final: false, belief: null }).note;
          state = srs.finalAnswer(q.id, result[0]);
          var parts = [result[1]];
          if (!result[0]) {
            parts.push(" Go back to ");
            parts.push({ text: lesson.title, href: href(lesson) });
            parts.push(", which covers this.");
          }
          parts.push(opened(q.lesson) ? note : " It joins your reviews once you have opened " + shortName(q.lesson).toLowerCase() + ".");
          if (!first) parts.push(" Your first answer counts for the score.");
          show(box, result[0], parts);
          showScore();
        };
        box.querySelector(".psoas-check").addEventListener("click", check);
        if (input) input.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); check(); } });
      }

      function render(announce) {
        drawn = draw(data, state.learner, state.attempt);
        list.textContent = "";
        beliefList.textContent = "";
        drawn.forEach(function (d, i) {
          var q = worded(data.questions[d.id], d.wording), item = questionBox(q, uid, state.learner, i + 1);
          list.appendChild(item);
          wire(item, q, null);
        });
        data.beliefs.forEach(function (b, i) {
          var base = data.questions[b.id];
          var q = worded(base, base.variants ? 1 + ((state.attempt - 1) % base.variants.length) : 0);
          var item = questionBox(q, uid, state.learner, String.fromCharCode(65 + i)); // A, B, C
          beliefList.appendChild(item);
          wire(item, q, b);
        });
        var line = section.querySelector(".psoas-final-attempt");
        line.textContent = "Attempt " + state.attempt + ": " + drawn.length + " questions, drawn " +
          (state.attempt > 1 ? "afresh for this attempt." : "for you.");
        showScore();
        if (announce) line.focus();
      }

      section.querySelector(".psoas-final-retake").addEventListener("click", function () {
        var s = score();
        state = srs.finalRetake(s.right, s.asked);
        render(true);
      });
      storageNote();
      render(false);
    }
    return { start: start, draw: draw, pairs: pairs, worded: worded };
  }
})(document.currentScript && document.currentScript.parentElement);
