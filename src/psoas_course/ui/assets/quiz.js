// Self-check controller: feedback for every answer, progress kept in this browser only.
// One engine per page (window.PsoasQuiz), started once for each quiz section. The marking
// rule book (units and their spellings, number patterns, word forms) is data that Python
// writes into each quiz (script.psoas-rules, from psoas_course.core.marking.rules()); this
// file keeps only the logic, the same as psoas_course.core.marking.judge's, and both are
// tested on data/answer_cases.json.
// What is saved, and when a question comes back, is srs.js's (window.PsoasSRS): every marked
// answer is a card scheduled in days by FSRS.
(function (root) {
  var engine = window.PsoasQuiz || (window.PsoasQuiz = makeEngine());
  if (!root || root.dataset.ready) return;
  root.dataset.ready = "1";
  engine.start(root);

  function makeEngine() {
    var VISIT = Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
    var REVIEW_SIZE = 6; // due questions in a lesson's opening review (the review page: data-limit)
    var SURE = ["guessing", "fairly-sure", "certain"]; // "How sure are you?", least to most
    // -- saved progress: one module, srs.js (window.PsoasSRS), loaded before this script ----------
    var srs = window.PsoasSRS;
    var sections = [];
    srs.listen(function (what) { tell(what); });

    function tell(what) {
      sections.forEach(function (section) {
        if (what === "blocked") {
          section.querySelector(".psoas-storage").textContent =
            "This browser does not let the page save your answers (a private window may block it): they will be forgotten when you leave the page.";
        } else if (what === "future" && section === sections[0]) {
          say(section, "Your progress was saved by a newer version of the course. This page can read nothing from it and will not save over it: your answers here last until you leave the page.");
        } else if (what === "reset" && section === sections[0]) {
          say(section, "Your saved answers could not be read, so your progress was reset.");
        }
      });
    }
    function say(section, text) {
      var note = section.querySelector(".psoas-notice");
      note.hidden = false;
      note.textContent = text;
    }
    function cards() { return srs.load().cards; }

    // -- per-learner option order, stable across reloads -------------------------------------
    var hash = srs.hash, random = srs.random; // shared seeded order (srs.js)
    var learner = srs.learner;
    function shuffle(box, seed) {
      var list = box.querySelector(".psoas-options");
      if (!list || seed === null) return;
      var labels = Array.prototype.slice.call(list.children);
      var next = random(hash(seed + ":" + box.dataset.qid));
      for (var i = labels.length - 1; i > 0; i--) {
        var j = Math.floor(next() * (i + 1)), swap = labels[i];
        labels[i] = labels[j];
        labels[j] = swap;
      }
      labels.forEach(function (label) { list.appendChild(label); });
    }

    // -- marking: the logic of psoas_course.core.marking, the rules from the page ---------------
    var NO_RULES = "The marking rules did not load with this page, so the answer cannot be checked. Reload the page.";
    var pageRules = null; // the rule book of the first quiz started on this page
    var compiled = { from: null };
    function rulebook(R) {
      if (compiled.from !== R) {
        compiled = {
          from: R,
          number: new RegExp(R.number, "i"),
          words: new RegExp(R.word_number, "i"),
          rewrites: R.unit_rewrites.map(function (r) { return [new RegExp(r[0]), r[1]]; })
        };
      }
      return compiled;
    }
    function has(table, key) { return Object.prototype.hasOwnProperty.call(table, key); }
    function phrase(R, key, values) {
      // filled in once, left to right: typed text that holds "{units}" stays as typed
      return R.messages[key].replace(/\{(\w+)\}/g, function (m, name) {
        return values && has(values, name) ? String(values[name]) : m;
      });
    }
    function unitOf(R, text) {
      var key = text.toLowerCase().split(/\s+/).filter(Boolean).join(" ");
      var rewrites = rulebook(R).rewrites;
      for (var i = 0; i < rewrites.length; i++) {
        if (rewrites[i][0].test(key)) { key = rewrites[i][1]; break; }
      }
      return has(R.units, key) ? R.units[key] : null;
    }
    function typed(R, text) {
      // [value, unit or "", the number as typed], or null
      var book = rulebook(R), value, shown, rest, times = "";
      var w = book.words.exec(text);
      if (w) {
        if (w[2]) value = 100;
        else if (w[3]) value = R.number_words[w[3].toLowerCase()] + R.number_words[(w[4] || "zero").toLowerCase()];
        else value = R.number_words[w[5].toLowerCase()];
        shown = w[0].slice(w[1].length);
        rest = text.slice(w[0].length);
      } else {
        var m = book.number.exec(text);
        if (!m) return null;
        shown = m[2];
        rest = m[3];
        times = (m[1] || "").trim().toLowerCase();
        var number = shown.replace(",", ".");
        value = Number(R.minus.indexOf(number[0]) >= 0 ? "-" + number.slice(1) : number);
      }
      var unit = rest.trim().replace(/[.!?]+$/, "").trim();
      while (unit && R.unit_joiners.indexOf(unit[0]) >= 0) unit = unit.slice(1);
      unit = unit.trim() || times;
      if (/[0-9]/.test(unit) || !isFinite(value)) return null;
      return [value, unit, shown];
    }
    function wrote(R, shown, unit) {
      return shown + (R.tight_units.indexOf(unit) >= 0 ? "" : " ") + unit;
    }
    function decimal(x) {
      // at most 6 decimals, no trailing zeros: the digits of core.marking._decimal
      var r = Math.floor(Math.abs(x) * 1e6 + 0.5), part = r % 1e6, whole = (r - part) / 1e6;
      var tail = part ? ("." + ("000000" + part).slice(-6)).replace(/0+$/, "") : "";
      return (x < 0 && r ? "-" : "") + String(whole) + tail;
    }
    function inQuestionUnits(R, q, value, unit, shown) {
      if (!unit) return [value, ""];
      var wanted = unitOf(R, q.units), given = unitOf(R, unit), you = wrote(R, shown, unit);
      if (!wanted) {
        var word = q.units.toLowerCase().trim();
        var forms = [word, word.replace(/s$/, ""), word.replace(/e$/, "")].concat(has(R.count_aliases, word) ? R.count_aliases[word] : []);
        if (forms.indexOf(unit.toLowerCase()) >= 0) return [value, ""];
        if (!given) return [null, phrase(R, "not_a_count", { wrote: you, units: q.units })];
        return [null, phrase(R, "count_of_quantity", { wrote: you, quantity: R.quantities[given[0]], units: q.units })];
      }
      if (!given) return [null, phrase(R, "unknown_unit", { unit: unit, units: q.units })];
      if (given[0] !== wanted[0]) {
        return [null, phrase(R, "other_quantity", { wrote: you, quantity: R.quantities[given[0]], wanted: R.quantities[wanted[0]], units: q.units })];
      }
      return [Number((value * given[1] / wanted[1]).toPrecision(12)), ""];
    }
    function normaliseWords(R, text) {
      var t = Array.prototype.map.call(String(text).normalize("NFKC").toLowerCase(), function (c) {
        return R.dashes.indexOf(c) >= 0 ? " " : R.harmless.indexOf(c) >= 0 ? "" : c;
      }).join("");
      t = t.split(/\s+/).filter(Boolean).join(" ");
      for (var i = 0; i < R.articles.length; i++) {
        if (t.indexOf(R.articles[i]) === 0) return t.slice(R.articles[i].length);
      }
      return t;
    }
    function band(q, v) {
      for (var i = 0; i < q.answers.length; i++) {
        var a = q.answers[i];
        if ("value" in a && Math.abs(v - a.value) <= a.tolerance + 1e-9) return a;
        if ("range" in a && v >= a.range[0] && v <= a.range[1]) return a;
      }
      return null;
    }
    // [verdict, feedback] for a typed answer: true right, false wrong, null not an attempt
    // (explained, nothing marked). rules: the rule book (the page's when left out; tryit.js
    // passes its form's own).
    function judgeFree(q, text, rules) {
      var R = rules || pageRules;
      if (!R) return [null, NO_RULES];
      text = String(text);
      if (!text.trim()) return [null, phrase(R, "empty")];
      if (q.type === "numeric") {
        var read = typed(R, text);
        if (read === null) return [null, phrase(R, "unreadable", { typed: Array.from(text).slice(0, 40).join(""), units: q.units })];
        var converted = inQuestionUnits(R, q, read[0], read[1], read[2]);
        if (converted[0] === null) return [null, converted[1]];
        var v = converted[0], hit = band(q, v), wanted = unitOf(R, q.units);
        var fraction = wanted && wanted[0] === R.fraction_hint_for && Math.abs(v) > 0 && Math.abs(v) < 1;
        if (!hit && !read[1] && fraction) return [null, phrase(R, "fraction", { typed: read[2], share: decimal(v * 100) })];
        return hit ? [hit.correct, hit.feedback] : [false, q.fallback_feedback];
      }
      var given = normaliseWords(R, text);
      for (var j = 0; j < q.answers.length; j++) {
        var b = q.answers[j], forms = [b.answer].concat(b.accept || []);
        for (var k = 0; k < forms.length; k++) {
          if (given === normaliseWords(R, forms[k])) return [b.correct, b.feedback];
        }
      }
      return [false, q.fallback_feedback];
    }
    function picked(box) {
      return Array.prototype.slice.call(box.querySelectorAll(".psoas-options input:checked")).map(function (el) { return Number(el.value); });
    }
    function judgeChoice(q, box, rules) {
      var R = rules || pageRules;
      if (!R) return [null, NO_RULES];
      var chosen = picked(box);
      if (!chosen.length) return [null, phrase(R, "choose")];
      var notes = chosen.map(function (i) { return q.answers[i].feedback; });
      var right = q.answers.every(function (a, i) { return a.correct === (chosen.indexOf(i) >= 0); });
      if (q.type === "many_choice" && !right) {
        var missed = q.answers.filter(function (a, i) { return a.correct && chosen.indexOf(i) < 0; }).length;
        if (missed) notes.push(missed === 1 ? phrase(R, "unticked_one") : phrase(R, "unticked_many", { count: missed }));
      }
      return [right, notes.join(" ")];
    }

    // -- spaced retrieval: every marked answer is a card scheduled in days (srs.js) -------------
    // A review box holds the earlier questions rendered with it and shows those due today,
    // from lessons the learner has opened, most overdue first, lessons interleaved.
    function record(id, correct, final, belief, sure, lesson, page) {
      return srs.answer(id, { correct: correct, sure: sure, lesson: lesson, page: page, final: final, belief: belief }).note;
    }
    function filterReview(section) {
      if (section.dataset.kind !== "review") return;
      var seed = learner() || VISIT;
      var boxes = Array.prototype.slice.call(section.querySelectorAll(".psoas-question"));
      var limit = Number(section.dataset.limit) || REVIEW_SIZE;
      var all = srs.queue(srs.load(), { ids: boxes.map(function (b) { return b.dataset.qid; }), seed: seed });
      var due = all.slice(0, limit);
      var why = {};
      due.forEach(function (q) { why[q.id] = q.missed ? "missed" : "spaced"; });
      var byId = {};
      boxes.forEach(function (box) { byId[box.dataset.qid] = box; });
      // the due questions in queue order, where the first question box stood
      if (boxes.length && due.length) {
        var marker = document.createComment("due");
        boxes[0].parentNode.insertBefore(marker, boxes[0]);
        due.forEach(function (q) { marker.parentNode.insertBefore(byId[q.id], marker); });
        marker.parentNode.removeChild(marker);
      }
      boxes.forEach(function (box) {
        var reason = why[box.dataset.qid] || "";
        box.hidden = !reason;
        box.dataset.due = reason;
        var label = box.querySelector(".psoas-why");
        if (!label) {
          label = document.createElement("p");
          label.className = "psoas-meta psoas-why";
          box.querySelector("legend").insertAdjacentElement("afterend", label);
        }
        label.textContent = reason === "missed" ? "You missed this one earlier." : "You got this right before: here again so it sticks.";
      });
      section.querySelector(".psoas-empty").hidden = due.length > 0;
      var count = section.querySelector(".psoas-due-count");
      if (count) {
        count.hidden = !all.length;
        count.textContent = all.length <= limit
          ? (all.length === 1 ? "1 question is due today." : all.length + " questions are due today.")
          : all.length + " questions are due today: here are the " + limit + " most overdue. Answer them, then reload the page for the next ones.";
      }
    }

    // -- a belief then and now (questions with "How sure are you?") -----------------------------
    function sureLabel(box, sure) {
      var input = sure && box.querySelector(".psoas-confidence input[value='" + sure + "']");
      return input ? input.parentElement.textContent.trim() : "not said";
    }
    function choiceText(q, list) {
      return list.map(function (i) { return q.answers[i] ? q.answers[i].answer : "?"; }).join("; ");
    }
    function lessonTitle(section, box) {
      var info = section.querySelector("script.psoas-final"), title = "its lesson";
      if (info) JSON.parse(info.textContent).lessons.forEach(function (l) { if (l.key === box.dataset.lesson) title = l.title; });
      return title;
    }
    function showBelief(section, box, q, then, now) {
      var out = box.querySelector(".psoas-belief");
      if (!out || !now) return;
      out.hidden = false;
      out.textContent = "";
      var where = lessonTitle(section, box).split(":")[0];
      if (!then) {
        var none = document.createElement("p");
        none.textContent = "You did not answer this in " + where + ", so there is no earlier answer to compare with.";
        out.appendChild(none);
        return;
      }
      var table = document.createElement("table"), caption = document.createElement("caption");
      caption.textContent = "Your belief then and now";
      table.appendChild(caption);
      var head = document.createElement("thead"), top = document.createElement("tr"), body = document.createElement("tbody");
      ["", "Your answer", "How sure"].forEach(function (text) {
        var th = document.createElement("th");
        th.scope = "col";
        th.textContent = text;
        top.appendChild(th);
      });
      head.appendChild(top);
      table.appendChild(head);
      table.appendChild(body);
      [["In " + where, then], ["Now", now]].forEach(function (row) {
        var tr = document.createElement("tr"), th = document.createElement("th");
        th.scope = "row";
        th.textContent = row[0];
        tr.appendChild(th);
        [choiceText(q, row[1].picked), sureLabel(box, row[1].sure)].forEach(function (text) {
          var td = document.createElement("td");
          td.textContent = text;
          tr.appendChild(td);
        });
        body.appendChild(tr);
      });
      out.appendChild(table);
      var moved = document.createElement("p"), same = then.picked.join() === now.picked.join();
      var a = SURE.indexOf(then.sure), b = SURE.indexOf(now.sure);
      var sure = a < 0 || b < 0 ? "" : b > a ? ", and you are more sure" : b < a ? ", and you are less sure" : ", just as sure";
      moved.textContent = (same ? "Same answer as before" : "Your answer has changed") + sure + ".";
      out.appendChild(moved);
    }

    // -- the final check's score -------------------------------------------------------------------
    function showScore(section) {
      var info = section.querySelector("script.psoas-final");
      if (!info) return;
      info = JSON.parse(info.textContent);
      var saved = cards(), total = 0, answered = 0, right = 0, per = {};
      Array.prototype.forEach.call(section.querySelectorAll(".psoas-question"), function (box) {
        var id = box.dataset.qid, row = per[box.dataset.lesson] || (per[box.dataset.lesson] = { asked: 0, right: 0 });
        total++;
        row.asked++;
        if (saved[id] && saved[id].final !== undefined) {
          answered++;
          if (saved[id].final) { right++; row.right++; }
        }
      });
      var out = section.querySelector(".psoas-score");
      var mark = Math.round(info.pass_mark * 100), share = total ? Math.round((100 * right) / total) : 0;
      out.textContent = "";
      var p = document.createElement("p");
      if (answered < total) {
        p.textContent = "Answered " + answered + " of " + total + ", " + right + " right so far. Your score counts your first answer to each question; the pass mark is " + mark + "%.";
      } else {
        var passed = right / total >= info.pass_mark - 1e-9;
        p.textContent = "Your score: " + right + " of " + total + " (" + share + "%). The pass mark is " + mark + "%: " +
          (passed ? "you passed." : "not yet. Go back to the lessons below where you lost points, then reset this check and try again.");
        p.className = passed ? "psoas-passed" : "psoas-not-yet";
      }
      out.appendChild(p);
      var table = document.createElement("table"), caption = document.createElement("caption");
      caption.textContent = "Right answers by lesson";
      table.appendChild(caption);
      var asHtml = /\.html?$/.test(window.location.pathname);
      info.lessons.forEach(function (lesson) {
        var row = per[lesson.key];
        if (!row) return;
        var tr = document.createElement("tr"), name = document.createElement("th"), cell = document.createElement("td");
        name.scope = "row";
        if (lesson.href) {
          var link = document.createElement("a");
          link.href = asHtml ? lesson.href : lesson.href.replace(/\.html$/, ".ipynb");
          link.textContent = lesson.title;
          name.appendChild(link);
        } else name.textContent = lesson.title;
        cell.textContent = row.right + " of " + row.asked;
        tr.appendChild(name);
        tr.appendChild(cell);
        table.appendChild(tr);
      });
      out.appendChild(table);
    }

    // -- wiring one section -------------------------------------------------------------------------
    function show(box, correct, message) {
      var out = box.querySelector(".psoas-feedback");
      out.hidden = false;
      out.className = "psoas-feedback" + (correct === true ? " is-correct" : correct === false ? " is-wrong" : "");
      out.textContent = (correct === true ? "Correct. " : correct === false ? "Not quite. " : "") + message;
    }
    function clearAnswers(section) {
      Array.prototype.forEach.call(section.querySelectorAll(".psoas-feedback, .psoas-belief"), function (p) { p.hidden = true; p.textContent = ""; });
      Array.prototype.forEach.call(section.querySelectorAll("input"), function (el) { if (el.type === "text") el.value = ""; else el.checked = false; });
    }
    function reset(section, scope) {
      // a lesson's reset also covers its "Check yourself" boxes higher up the page
      var boxes = scope !== "lesson" ? [section] : sections.filter(function (s) {
        return s === section || (s.dataset.kind === "lesson" && s.dataset.lesson === section.dataset.lesson);
      });
      // the questions on show: a review box hides the earlier questions that are not due
      var ids = [];
      boxes.forEach(function (s) {
        Array.prototype.forEach.call(s.querySelectorAll(".psoas-question"), function (box) { if (!box.hidden) ids.push(box.dataset.qid); });
      });
      if (scope === "all") {
        srs.forgetAll();
        sections.forEach(clearAnswers);
      } else {
        // "final": the check's own record only; beliefs and answers given in the lessons stay
        srs.forget(ids, scope === "final" ? "final" : "all");
        boxes.forEach(clearAnswers);
      }
      sections.forEach(function (s) { filterReview(s); showScore(s); });
      say(section, scope === "all"
        ? "Reset: every answer in the course is forgotten, in every lesson."
        : scope === "final" ? "Reset: your answers and score in this check are forgotten; your answers in the lessons are kept."
        : (ids.length === 1 ? "Reset: your answer to the question above is forgotten and off your review list"
          : "Reset: your answers to the " + ids.length + " questions above are forgotten and off your review list") +
          "; your other answers are kept.");
    }
    // -- progress to a file and back (the review page) ---------------------------------------------
    function transfer(section) {
      var out = section.querySelector(".psoas-transfer-result");
      var save = section.querySelector(".psoas-export"), load = section.querySelector(".psoas-import");
      if (!out || !save || !load) return;
      save.addEventListener("click", function () {
        var name = "psoas-course-progress-" + srs.today() + ".json";
        try {
          var text = srs.exportText(), count = Object.keys(srs.load().cards).length;
          var link = document.createElement("a");
          link.href = URL.createObjectURL(new Blob([text], { type: "application/json" }));
          link.download = name;
          document.body.appendChild(link);
          link.click();
          link.parentNode.removeChild(link);
          setTimeout(function () { URL.revokeObjectURL(link.href); }, 2000);
          out.textContent = "Saved " + count + " answer" + (count === 1 ? "" : "s") + " with their due dates to " + name +
            " (look in your downloads). Load it on the other browser's review page.";
        } catch (e) {
          out.textContent = "This browser could not save the file, so nothing was saved.";
        }
      });
      load.addEventListener("change", function () {
        var file = load.files && load.files[0];
        if (!file) return;
        var done = function (message) { out.textContent = message; load.value = ""; };
        if (file.size > srs.MAX_BYTES) { done(srs.tooLarge().message); return; }
        var reader = new FileReader();
        reader.onload = function () {
          var result = srs.importText(String(reader.result));
          done(result.message);
          if (result.ok) sections.forEach(function (s) { filterReview(s); showScore(s); });
        };
        reader.onerror = function () { done("Nothing was imported: the file could not be read. Your progress here is unchanged."); };
        reader.readAsText(file);
      });
    }
    function start(section) {
      section.classList.remove("psoas-needs-js");
      sections.push(section);
      var questions = {};
      var rulesData = section.querySelector("script.psoas-rules");
      var rules = rulesData ? JSON.parse(rulesData.textContent) : null;
      if (rules && !pageRules) pageRules = rules;
      JSON.parse(section.querySelector("script.psoas-answers").textContent).forEach(function (q) { questions[q.id] = q; });
      var final = section.dataset.kind === "final", page = section.dataset.lesson || "";
      var seed = learner(), lessonOf = {};
      var boxes = Array.prototype.slice.call(section.querySelectorAll(".psoas-question"));
      boxes.forEach(function (box) { if (box.dataset.lesson) lessonOf[box.dataset.qid] = box.dataset.lesson; });
      srs.open(page);
      srs.adopt(Object.keys(lessonOf), lessonOf);
      var before = cards();
      boxes.forEach(function (box) {
        var q = questions[box.dataset.qid], earlier = before[box.dataset.qid];
        shuffle(box, seed);
        var input = box.querySelector("input[type=text]");
        var check = function () {
          var result = input ? judgeFree(q, input.value, rules) : judgeChoice(q, box, rules);
          var sure = box.querySelector(".psoas-confidence input:checked");
          var belief = q.confidence && result[0] !== null ? { picked: picked(box), sure: sure ? sure.value : "" } : null;
          var note = result[0] === null ? "" : record(q.id, result[0], final, belief, sure ? sure.value : "", box.dataset.lesson || page, page);
          if (final && belief) showBelief(section, box, q, earlier && earlier.belief, belief);
          // the final check shows how an answer given before, in its lesson, has moved
          if (final && earlier && result[0] !== null) {
            note += earlier.correct ? " Earlier in the course you answered this right too." : " Earlier in the course you answered this differently.";
          }
          show(box, result[0], result[1] + note);
          if (final) showScore(section);
        };
        box.querySelector(".psoas-check").addEventListener("click", check);
        if (final && q.confidence && earlier && earlier.recheck) showBelief(section, box, q, earlier.belief, earlier.recheck);
        if (input) input.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); check(); } });
      });
      Array.prototype.forEach.call(section.querySelectorAll(".psoas-reset"), function (button) {
        button.addEventListener("click", function () { reset(section, button.dataset.scope); });
      });
      if (srs.status.blocked) tell("blocked");
      if (srs.status.future) tell("future");
      if (srs.status.reset && sections.length === 1) tell("reset");
      filterReview(section);
      showScore(section);
      transfer(section);
    }
    return { start: start, judgeFree: judgeFree, srs: srs };
  }
})(document.currentScript && document.currentScript.parentElement);
