// Spaced repetition for the whole course (window.PsoasSRS): every answered question is a card,
// scheduled in days by FSRS and kept in this browser under ONE versioned key. quiz.js marks the
// answers and asks this module what to record and what is due; nothing else reads the key.
//
// The scheduler is ts-fsrs (npm, MIT, pinned in package.json), served from the site's own
// vendor/ts-fsrs/ts-fsrs.js (tools/vendor_assets.py; no CDN) as window.FSRS. Settings, the
// same as the Python `fsrs` package runs with in tests/test_srs_parity.py:
//   * FSRS-6 default weights, desired retention 0.9, maximum interval 36500 days;
//   * fuzz off (the same answers give the same due dates in every browser and in Python);
//   * no learning or relearning steps (learning_steps = [], relearning_steps = []): every
//     answer is scheduled in whole days, so a first right answer comes back after 2 days
//     (Good), 1 (Hard) or 8 (Easy), never minutes later, and a miss is due the next day;
//   * whole calendar days: an answer is dated by the learner's local calendar day, handed to
//     the scheduler as that day's UTC midnight, so "days since the last review" is the same
//     whole number in ts-fsrs (UTC calendar days) and py-fsrs (24-hour periods);
//   * Hard, Good and Easy are each given the interval of their own new stability (ts-fsrs's
//     next_interval, fuzz off, which is py-fsrs's formula). ts-fsrs's Review-state extra rule
//     that pushes Good one day past Hard and Easy one day past Good is not applied: py-fsrs
//     has no such rule, and both must give the same due dates.
// Ratings: a wrong answer is Again; a right one is Good, or Hard when the learner said
// "guessing" and Easy when "certain" ("How sure are you?", questions with confidence).
// Only the first marked answer to a question in a page visit is scheduled: an instant retry
// after a miss does not undo it.
//
// Storage (key "psoas-course-progress"), format 2:
//   {version: 2, cards: {<question id>: card}, opened: {<lesson key>: "YYYY-MM-DD"}}
//   card = {correct, at (ms of the latest marked answer), lesson, due ("YYYY-MM-DD" or ""),
//           s, d, state, reps, lapses, last (FSRS memory, once scheduled),
//           log: [{at, day, rating[, p: 1 = not yet scheduled]}] (the latest 64),
//           belief, recheck (choice and confidence in the lesson / the final check),
//           final (the first answer in the final check)}
//   optional finals = {learner, attempt, answers: {<question id>: true | false | "noted"}, past}:
//   the final-check page (final.js): its draw is seeded by learner + attempt, `answers` holds
//   the first answer of each question in this attempt ("noted": a belief asked before the
//   lesson that answers it) and `past` the scores of earlier attempts [{attempt, day, right,
//   asked}] (the latest 50). An import keeps the record with the higher attempt.
// Format 1 (key "psoas-course-progress-v1": answers, review list, final) is migrated on first
// read without losing an answer: each becomes a card rated on the day of migration (a right
// answer Good, a miss or a question on the review list Again and due at once), with its
// belief and final-check answer; the old key is left as it was.
// Without window.FSRS (a notebook in JupyterLab) answers are kept with p: 1 and scheduled
// the next time a page with the scheduler opens; a miss is due the next day meanwhile.
(function () {
  var win = typeof window !== "undefined" ? window : this;
  if (win.PsoasSRS) return;
  win.PsoasSRS = makeSRS(win);

  function makeSRS(win) {
    var KEY = "psoas-course-progress", OLD_KEY = "psoas-course-progress-v1";
    var VERSION = 2, FORMAT = "psoas-course-progress";
    var AGAIN = 1, HARD = 2, GOOD = 3, EASY = 4;
    var SETTINGS = {
      request_retention: 0.9, maximum_interval: 36500, enable_fuzz: false,
      enable_short_term: true, learning_steps: [], relearning_steps: []
    };
    var LOG_MAX = 64, MAX_CARDS = 2000, MAX_BYTES = 1024 * 1024;
    var SURE = ["guessing", "fairly-sure", "certain"];
    var ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, LESSON = /^[a-z0-9][a-z0-9-]{0,99}$/;
    var DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
    var HOSTILE = ["__proto__", "constructor", "prototype"];
    var CARD_FIELDS = ["correct", "at", "lesson", "due", "s", "d", "state", "reps", "lapses", "last",
      "log", "belief", "recheck", "final"];
    var MEMORY = ["s", "d", "state", "reps", "lapses", "last"];
    var LEARNER = /^[a-z0-9]{8,40}$/, LEARNER_KEY = "psoas-course-learner-v1", PAST_MAX = 50;
    var has = function (o, k) { return Object.prototype.hasOwnProperty.call(o, k); };
    var rated = {}; // question id -> rating scheduled in this page visit
    var fsrsInstance = null;

    // -- days --------------------------------------------------------------------------------
    function pad(n) { return (n < 10 ? "0" : "") + n; }
    function today(ms) {
      var t = new Date(ms === undefined ? Date.now() : ms);
      return t.getFullYear() + "-" + pad(t.getMonth() + 1) + "-" + pad(t.getDate());
    }
    function isDay(text) {
      var m = typeof text === "string" && DAY.exec(text);
      if (!m) return false;
      var t = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
      return t.getUTCFullYear() === +m[1] && t.getUTCMonth() === +m[2] - 1 && t.getUTCDate() === +m[3];
    }
    function dayNumber(day) {
      var m = DAY.exec(day);
      return Math.round(Date.UTC(+m[1], +m[2] - 1, +m[3]) / 864e5);
    }
    function dayOf(n) {
      var t = new Date(n * 864e5);
      return t.getUTCFullYear() + "-" + pad(t.getUTCMonth() + 1) + "-" + pad(t.getUTCDate());
    }
    function addDays(day, n) { return dayOf(dayNumber(day) + n); }
    function daysBetween(a, b) { return dayNumber(b) - dayNumber(a); }
    function asDate(day) { return new Date(dayNumber(day) * 864e5); } // the day's UTC midnight

    // -- the scheduler ------------------------------------------------------------------------
    function scheduler() {
      if (!fsrsInstance && win.FSRS && typeof win.FSRS.fsrs === "function") {
        fsrsInstance = win.FSRS.fsrs(win.FSRS.generatorParameters(SETTINGS));
      }
      return fsrsInstance;
    }
    function rating(correct, sure) {
      if (!correct) return AGAIN;
      return sure === "guessing" ? HARD : sure === "certain" ? EASY : GOOD;
    }
    // The card's FSRS memory after `grade` on `day` ("YYYY-MM-DD"), or null without a scheduler.
    function review(card, grade, day) {
      var f = scheduler();
      if (!f) return null;
      var before;
      if (card && typeof card.s === "number") {
        before = {
          due: asDate(card.due || card.last), stability: card.s, difficulty: card.d,
          elapsed_days: 0, scheduled_days: card.due ? Math.max(0, daysBetween(card.last, card.due)) : 0,
          learning_steps: 0, reps: card.reps, lapses: card.lapses, state: card.state,
          last_review: asDate(card.last)
        };
      } else before = win.FSRS.createEmptyCard(asDate(day));
      var next = f.next(before, asDate(day), grade).card;
      var days = f.next_interval(next.stability, 0);
      return {
        s: next.stability, d: next.difficulty, state: next.state, reps: next.reps,
        lapses: next.lapses, last: day, due: addDays(day, days)
      };
    }
    // A card's memory after a history of [day, rating] pairs (what the parity test replays).
    function replay(history) {
      var card = null;
      history.forEach(function (step) { card = review(card, step[1], step[0]); });
      return card;
    }
    // Schedule answers kept while no scheduler was loaded (p: 1), in the order given.
    function settle(progress) {
      if (!scheduler()) return false;
      var changed = false;
      Object.keys(progress.cards).forEach(function (id) {
        var card = progress.cards[id];
        card.log.forEach(function (entry) {
          if (!entry.p) return;
          var memory = review(card, entry.rating, entry.day);
          MEMORY.concat(["due"]).forEach(function (k) { card[k] = memory[k]; });
          if (entry.soon) card.due = entry.day; // a migrated miss stays due at once
          delete entry.p;
          delete entry.soon;
          changed = true;
        });
      });
      return changed;
    }

    // -- the stored shape, checked field by field -----------------------------------------------
    function isObject(x) { return x !== null && typeof x === "object" && !Array.isArray(x); }
    function isCount(x) { return typeof x === "number" && isFinite(x) && x >= 0 && Math.floor(x) === x && x < 1e9; }
    function isBelief(b) {
      return isObject(b) && Array.isArray(b.picked) && b.picked.length > 0 && b.picked.length <= 20 &&
        b.picked.every(function (i) { return isCount(i) && i < 50; }) &&
        (b.sure === "" || SURE.indexOf(b.sure) >= 0) &&
        Object.keys(b).every(function (k) { return k === "picked" || k === "sure"; });
    }
    function fresh() { return { version: VERSION, cards: {}, opened: {} }; }
    // The final-check record, rebuilt from known fields, or null if it is not one.
    function checkFinals(f) {
      if (!isObject(f) || !LEARNER.test(f.learner || "") || !isCount(f.attempt) || f.attempt < 1 ||
          !isObject(f.answers) || !Array.isArray(f.past) || f.past.length > PAST_MAX ||
          Object.keys(f).some(function (k) { return ["learner", "attempt", "answers", "past"].indexOf(k) < 0; })) return null;
      var out = { learner: f.learner, attempt: f.attempt, answers: {}, past: [] }, ids = Object.keys(f.answers);
      if (ids.length > MAX_CARDS) return null;
      for (var i = 0; i < ids.length; i++) {
        var v = f.answers[ids[i]];
        if (!ID.test(ids[i]) || (typeof v !== "boolean" && v !== "noted")) return null;
        out.answers[ids[i]] = v;
      }
      for (var j = 0; j < f.past.length; j++) {
        var p = f.past[j];
        if (!isObject(p) || !isCount(p.attempt) || !isDay(p.day) || !isCount(p.right) || !isCount(p.asked) ||
            p.right > p.asked || Object.keys(p).length !== 4) return null;
        out.past.push({ attempt: p.attempt, day: p.day, right: p.right, asked: p.asked });
      }
      return out;
    }
    // [card, problems]: a card rebuilt from known fields only; problems name what was wrong.
    function checkCard(id, raw) {
      var problems = [], card = { correct: false, at: 0, lesson: "", due: "", log: [] };
      if (!ID.test(id)) return [null, ["a question id '" + String(id).slice(0, 40) + "' that is not one of the course's"]];
      if (!isObject(raw)) return [null, ["question '" + id + "' is not a record"]];
      var bad = function (what) { problems.push("question '" + id + "' has " + what); };
      Object.keys(raw).forEach(function (k) { if (CARD_FIELDS.indexOf(k) < 0) bad("an unknown field '" + k.slice(0, 40) + "'"); });
      if (typeof raw.correct === "boolean") card.correct = raw.correct; else bad("no right-or-wrong answer");
      if (typeof raw.at === "number" && isFinite(raw.at) && raw.at >= 0 && raw.at < 1e14) card.at = raw.at;
      else bad("no time of answer");
      if (has(raw, "lesson")) { if (raw.lesson === "" || (typeof raw.lesson === "string" && LESSON.test(raw.lesson))) card.lesson = raw.lesson; else bad("a lesson that is not a lesson key"); }
      if (has(raw, "due")) { if (raw.due === "" || isDay(raw.due)) card.due = raw.due; else bad("a due date that is not a date"); }
      var memory = MEMORY.filter(function (k) { return has(raw, k); });
      if (memory.length) {
        var ok = memory.length === MEMORY.length &&
          typeof raw.s === "number" && isFinite(raw.s) && raw.s > 0 && raw.s <= 36500 &&
          typeof raw.d === "number" && isFinite(raw.d) && raw.d >= 1 && raw.d <= 10 &&
          isCount(raw.state) && raw.state <= 3 && isCount(raw.reps) && isCount(raw.lapses) && isDay(raw.last);
        if (ok) MEMORY.forEach(function (k) { card[k] = raw[k]; }); else bad("a scheduler state that does not add up");
      }
      if (has(raw, "log")) {
        if (!Array.isArray(raw.log) || raw.log.length > LOG_MAX) bad("an answer history that is not a short list");
        else raw.log.forEach(function (e) {
          var fine = isObject(e) && typeof e.at === "number" && isFinite(e.at) && e.at >= 0 && isDay(e.day) &&
            isCount(e.rating) && e.rating >= 1 && e.rating <= 4 && (e.p === undefined || e.p === 1) &&
            (e.soon === undefined || e.soon === 1) &&
            Object.keys(e).every(function (k) { return ["at", "day", "rating", "p", "soon"].indexOf(k) >= 0; });
          if (fine) card.log.push(copyEntry(e)); else bad("an answer in its history that is not an answer");
        });
      }
      ["belief", "recheck"].forEach(function (k) {
        if (!has(raw, k)) return;
        if (isBelief(raw[k])) card[k] = { picked: raw[k].picked.slice(), sure: raw[k].sure };
        else bad("a " + (k === "belief" ? "belief" : "final-check belief") + " that is not a choice");
      });
      if (has(raw, "final")) { if (typeof raw.final === "boolean") card.final = raw.final; else bad("a final-check answer that is not right or wrong"); }
      return [card, problems];
    }
    function copyEntry(e) {
      var out = { at: e.at, day: e.day, rating: e.rating };
      if (e.p) out.p = 1;
      if (e.soon) out.soon = 1;
      return out;
    }
    // {progress, problems}: every card and opened lesson checked; `strict` keeps nothing if
    // anything is wrong (an imported file), otherwise the bad parts are dropped (storage).
    function checkProgress(data, strict) {
      var progress = fresh(), problems = [];
      if (!isObject(data.cards)) return { progress: progress, problems: ["no list of answers"] };
      var ids = Object.keys(data.cards);
      if (ids.length > MAX_CARDS) return { progress: progress, problems: [ids.length + " answers, more than the course has questions"] };
      ids.forEach(function (id) {
        var result = checkCard(id, data.cards[id]);
        problems = problems.concat(result[1]);
        if (result[0] && (!strict || !result[1].length)) {
          // a card that lost its answer or time is not worth keeping
          if (result[1].some(function (p) { return /right-or-wrong|time of answer|not a record/.test(p); })) return;
          progress.cards[id] = result[0];
        }
      });
      if (data.finals !== undefined) {
        var finals = checkFinals(data.finals);
        if (finals) progress.finals = finals; else problems.push("a final-check record that is not one");
      }
      if (data.opened !== undefined) {
        if (!isObject(data.opened)) problems.push("a list of opened lessons that is not a list");
        else Object.keys(data.opened).forEach(function (key) {
          if (LESSON.test(key) && isDay(data.opened[key])) progress.opened[key] = data.opened[key];
          else problems.push("an opened lesson '" + key.slice(0, 40) + "' that is not a lesson and a date");
        });
      }
      return { progress: progress, problems: problems };
    }
    // Format 1 -> format 2, without losing an answer, a belief or a final-check answer.
    function migrate(data, now) {
      var progress = fresh(), day = today(now), bad = false;
      var missed = Array.isArray(data.review) ? data.review : [];
      Object.keys(data.answers).forEach(function (id) {
        var a = data.answers[id];
        if (!ID.test(id) || !isObject(a) || typeof a.correct !== "boolean") { bad = true; return; }
        var again = !a.correct || missed.indexOf(id) >= 0;
        var card = { correct: a.correct, at: now, lesson: "", due: again ? day : "", log: [] };
        var entry = { at: now, day: day, rating: again ? AGAIN : GOOD, p: 1 };
        if (again) entry.soon = 1;
        card.log.push(entry);
        ["belief", "recheck"].forEach(function (k) {
          if (a[k] === undefined) return;
          if (isBelief(a[k])) card[k] = { picked: a[k].picked.slice(), sure: a[k].sure }; else bad = true;
        });
        if (isObject(data.final) && typeof data.final[id] === "boolean") card.final = data.final[id];
        progress.cards[id] = card;
      });
      if (isObject(data.final)) Object.keys(data.final).forEach(function (id) {
        // a final-check answer with no lesson answer kept beside it
        if (!has(progress.cards, id) && ID.test(id) && typeof data.final[id] === "boolean") {
          progress.cards[id] = { correct: data.final[id], at: now, lesson: "", due: "", log: [], final: data.final[id] };
        }
      });
      return { progress: progress, bad: bad };
    }
    function hostileKeys(text) {
      var found = [];
      JSON.parse(text, function (key, value) {
        if (HOSTILE.indexOf(key) >= 0 && found.indexOf(key) < 0) found.push(key);
        return value;
      });
      return found;
    }
    // What is saved, read leniently: {progress, bad, future}. `raw` is the key's text or null;
    // `old` the format-1 key's text, read only when there is no format-2 record yet.
    function clean(raw, old, now) {
      now = now === undefined ? Date.now() : now;
      if (raw === null || raw === undefined) {
        if (old === null || old === undefined) return { progress: fresh(), bad: false };
        var data1;
        try { data1 = JSON.parse(old); } catch (e) { return { progress: fresh(), bad: true }; }
        if (!isObject(data1) || !isObject(data1.answers) || !Array.isArray(data1.review)) return { progress: fresh(), bad: true };
        var moved = migrate(data1, now);
        return { progress: moved.progress, bad: moved.bad, migrated: true };
      }
      var data;
      try { data = JSON.parse(raw); } catch (e) { return { progress: fresh(), bad: true }; }
      if (!isObject(data)) return { progress: fresh(), bad: true };
      if (typeof data.version === "number" && data.version > VERSION) return { progress: fresh(), bad: false, future: true };
      if (data.version !== VERSION || hostileKeys(raw).length) return { progress: fresh(), bad: true };
      var checked = checkProgress(data, false);
      return { progress: checked.progress, bad: checked.problems.length > 0 };
    }

    // -- import and export ----------------------------------------------------------------------
    function exportData(progress, now) {
      var out = {
        format: FORMAT, version: VERSION, exported: new Date(now === undefined ? Date.now() : now).toISOString(),
        cards: progress.cards, opened: progress.opened
      };
      if (progress.finals) out.finals = progress.finals;
      return out;
    }
    // {ok, progress, message}: a file's text checked in full; on any problem nothing is used.
    function refuse(why) { return { ok: false, message: "Nothing was imported: " + why + " Your progress here is unchanged." }; }
    var TOO_LARGE = "the file is larger than 1 MB, far more than a course's progress.";
    function readImport(text) {
      var no = refuse;
      if (typeof text !== "string") return no("the file could not be read.");
      if (text.length > MAX_BYTES) return no(TOO_LARGE);
      var data;
      try { data = JSON.parse(text); } catch (e) { return no("the file is not JSON (is it a progress file saved by this course?)."); }
      var hostile;
      try { hostile = hostileKeys(text); } catch (e) { hostile = ["?"]; }
      if (hostile.length) return no("the file contains the field name '" + hostile[0] + "', which a progress file never has.");
      if (!isObject(data) || data.format !== FORMAT) return no("this is not a progress file saved by this course (its \"format\" is not \"" + FORMAT + "\").");
      if (typeof data.version !== "number" || !isCount(data.version) || data.version < 1) return no("the file has no format version.");
      if (data.version > VERSION) return no("the file was saved by a newer version of the course (format " + data.version + "); this page reads format " + VERSION + ". Open the newer course to import it.");
      if (data.version !== VERSION) return no("the file is in format " + data.version + ", which this page cannot import.");
      var extra = Object.keys(data).filter(function (k) { return ["format", "version", "exported", "cards", "opened", "finals"].indexOf(k) < 0; });
      if (extra.length) return no("the file has an unknown field '" + extra[0].slice(0, 40) + "'.");
      var checked = checkProgress(data, true);
      if (checked.problems.length) return no(checked.problems[0] + (checked.problems.length > 1 ? " (and " + (checked.problems.length - 1) + " more problems)." : "."));
      return { ok: true, progress: checked.progress, exported: typeof data.exported === "string" ? data.exported.slice(0, 40) : "" };
    }
    // Merge `incoming` into `local` (a copy is returned): for each question the card with the
    // newer latest answer is kept; a belief or final-check answer only one side has is kept.
    function merge(local, incoming) {
      var out = { version: VERSION, cards: {}, opened: {} }, counts = { added: 0, newer: 0, kept: 0 };
      Object.keys(local.cards).forEach(function (id) { out.cards[id] = local.cards[id]; });
      Object.keys(incoming.cards).forEach(function (id) {
        var mine = has(out.cards, id) ? out.cards[id] : null, theirs = incoming.cards[id];
        if (!mine) { out.cards[id] = theirs; counts.added++; return; }
        var keep = theirs.at > mine.at ? theirs : mine, other = keep === theirs ? mine : theirs;
        counts[keep === theirs ? "newer" : "kept"]++;
        keep = JSON.parse(JSON.stringify(keep));
        ["belief", "recheck", "final"].forEach(function (k) { if (keep[k] === undefined && other[k] !== undefined) keep[k] = other[k]; });
        if (!keep.lesson && other.lesson) keep.lesson = other.lesson;
        out.cards[id] = keep;
      });
      var finals = [local.finals, incoming.finals].filter(Boolean).sort(function (a, b) { return b.attempt - a.attempt; });
      if (finals.length) out.finals = finals[0]; // the further attempt (this browser's on a tie)
      [local.opened, incoming.opened].forEach(function (opened) {
        Object.keys(opened).forEach(function (key) {
          if (!has(out.opened, key) || opened[key] < out.opened[key]) out.opened[key] = opened[key];
        });
      });
      return { progress: out, counts: counts };
    }

    // -- the review queue ---------------------------------------------------------------------
    function hash(text) {
      var h = 2166136261;
      for (var i = 0; i < text.length; i++) { h ^= text.charCodeAt(i); h = Math.imul(h, 16777619); }
      return h >>> 0;
    }
    // Due cards, most overdue first, lessons interleaved: round by round, one card from each
    // lesson with one due (its most overdue), the lessons in the order of those cards; never
    // two from one lesson in a row while another has one. Only lessons the learner has opened.
    // options: today, ids (only these), seed (order of equally overdue cards), limit.
    function queue(progress, options) {
      options = options || {};
      var day = options.today || today(), seed = options.seed || "", list = [];
      var only = options.ids ? {} : null;
      if (only) options.ids.forEach(function (id) { only[id] = true; });
      Object.keys(progress.cards).forEach(function (id) {
        var card = progress.cards[id];
        if (only && !only[id]) return;
        if (!card.due || card.due > day) return;
        if (card.lesson && !has(progress.opened, card.lesson)) return;
        // "missed": the answer that set this due date was wrong (a retry the same visit aside)
        var last = card.log.length ? card.log[card.log.length - 1] : null;
        var missed = last ? last.rating === AGAIN : !card.correct;
        list.push({ id: id, lesson: card.lesson, overdue: daysBetween(card.due, day), missed: missed, key: hash(seed + id) });
      });
      var first = function (a, b) { return b.overdue - a.overdue || a.key - b.key; };
      list.sort(first);
      var groups = {}, names = [];
      list.forEach(function (q) {
        if (!has(groups, q.lesson)) { groups[q.lesson] = []; names.push(q.lesson); }
        groups[q.lesson].push(q);
      });
      var out = [], limit = options.limit || Infinity;
      while (out.length < limit && names.length) {
        var round = names.map(function (name) { return groups[name][0]; }).sort(first);
        if (round.length > 1 && out.length && round[0].lesson === out[out.length - 1].lesson) {
          round.push(round.shift());
        }
        round.forEach(function (q) { if (out.length < limit) { out.push(q); groups[q.lesson].shift(); } });
        names = names.filter(function (name) { return groups[name].length; });
      }
      return out;
    }

    // -- storage that cannot break: validated on read, kept in memory when blocked -------------
    var store = null;
    try {
      store = win.localStorage;
      store.setItem("psoas-course-probe", "1");
      store.removeItem("psoas-course-probe");
    } catch (e) { store = null; }
    var memory = fresh(), status = { blocked: !store, reset: false, future: false }, listeners = [];
    function tell(what) { listeners.forEach(function (fn) { try { fn(what); } catch (e) { /* a listener's own problem */ } }); }
    function blocked() {
      if (store) { store = null; status.blocked = true; tell("blocked"); }
      return memory;
    }
    function load() {
      if (!store) return memory;
      var raw, old = null;
      try {
        raw = store.getItem(KEY);
        if (raw === null) old = store.getItem(OLD_KEY);
      } catch (e) { return blocked(); }
      var result = clean(raw, old);
      if (result.future) { status.future = true; memory = result.progress; store = null; tell("future"); return memory; }
      var progress = result.progress, changed = settle(progress);
      if (result.bad) { status.reset = true; tell("reset"); }
      if (result.bad || result.migrated || changed) save(progress);
      return progress;
    }
    function changed() {
      // the "Review: N due" link of the page (theme_fixes.js) counts again
      if (typeof win.dispatchEvent === "function" && typeof win.CustomEvent === "function") {
        win.dispatchEvent(new win.CustomEvent("psoas-progress"));
      }
    }
    function save(progress) {
      memory = progress;
      if (store) { try { store.setItem(KEY, JSON.stringify(progress)); } catch (e) { blocked(); } }
      changed();
    }
    // How many questions are due today, read without writing anything (null: unknown, as
    // when storage is blocked or the record is a newer course's).
    function peekDue(day) {
      if (!store) return status.blocked && !status.future ? queue(memory, { today: day }).length : null;
      var raw, old = null;
      try {
        raw = store.getItem(KEY);
        if (raw === null) old = store.getItem(OLD_KEY);
      } catch (e) { return null; }
      var result = clean(raw, old);
      return result.future ? null : queue(result.progress, { today: day }).length;
    }
    function clear() {
      memory = fresh();
      if (store) { try { store.removeItem(KEY); store.removeItem(OLD_KEY); } catch (e) { blocked(); } }
      changed();
    }

    // -- what the quiz records --------------------------------------------------------------------
    // info: {correct, sure, lesson (the question's), page (the lesson on show), final (bool),
    // belief}. Returns {card, note, scheduled}.
    function answer(id, info, now) {
      now = now === undefined ? Date.now() : now;
      var progress = load(), day = today(now);
      var card = has(progress.cards, id) ? progress.cards[id] : { correct: false, at: 0, lesson: "", due: "", log: [] };
      if (info.lesson && LESSON.test(info.lesson)) card.lesson = info.lesson;
      // the page answered on is open (again, after "Reset all lessons" on it)
      if (info.page && LESSON.test(info.page) && !has(progress.opened, info.page)) progress.opened[info.page] = day;
      if (info.belief && info.final) card.recheck = info.belief;
      else if (info.belief && !card.belief) card.belief = info.belief;
      if (info.final && card.final === undefined) card.final = info.correct;
      var grade = rating(info.correct, info.sure), note = "", scheduled = !has(rated, id);
      if (scheduled) {
        rated[id] = grade;
        var memory = review(card, grade, day);
        var entry = { at: now, day: day, rating: grade };
        if (memory) MEMORY.concat(["due"]).forEach(function (k) { card[k] = memory[k]; });
        else {
          entry.p = 1;
          if (grade === AGAIN) card.due = addDays(day, 1);
        }
        card.log.push(entry);
        if (card.log.length > LOG_MAX) card.log.splice(0, card.log.length - LOG_MAX);
        if (grade === AGAIN) note = " It will come back in your review tomorrow.";
      } else if (info.correct && rated[id] === AGAIN) {
        note = " It still comes back in your review tomorrow, to check that it has stuck.";
      }
      card.correct = info.correct;
      card.at = now;
      progress.cards[id] = card;
      save(progress);
      return { card: card, note: note, scheduled: scheduled };
    }
    function open(lesson, now) {
      if (!lesson || !LESSON.test(lesson)) return;
      var progress = load();
      if (has(progress.opened, lesson)) return;
      progress.opened[lesson] = today(now);
      save(progress);
    }
    // A card saved before it knew its lesson (format 1) learns it where the page says so.
    function adopt(ids, lessonOf) {
      var progress = load(), changed = false;
      ids.forEach(function (id) {
        var card = progress.cards[id], lesson = lessonOf[id];
        if (card && !card.lesson && lesson && LESSON.test(lesson)) {
          card.lesson = lesson;
          if (!has(progress.opened, lesson)) progress.opened[lesson] = card.log.length ? card.log[0].day : today();
          changed = true;
        }
      });
      if (changed) save(progress);
    }
    function forget(ids, scope) {
      var progress = load();
      ids.forEach(function (id) {
        if (!has(progress.cards, id)) return;
        if (scope === "final") { delete progress.cards[id].final; delete progress.cards[id].recheck; }
        else { delete progress.cards[id]; delete rated[id]; }
      });
      save(progress);
    }
    function forgetAll() { rated = {}; clear(); }
    // -- the final-check page (final.js): which attempt this is, and its first answers ----------
    function finals(progress) {
      if (progress.finals) return progress.finals;
      var id = null;
      try { id = store && store.getItem(LEARNER_KEY); } catch (e) { id = null; } // quiz.js's learner id
      if (!LEARNER.test(id || "")) id = (Math.random().toString(36).slice(2) + Date.now().toString(36)).slice(0, 16);
      progress.finals = { learner: id, attempt: 1, answers: {}, past: [] };
      return progress.finals;
    }
    function copy(x) { return JSON.parse(JSON.stringify(x)); }
    function finalState() {
      var progress = load(), had = !!progress.finals, f = finals(progress);
      if (!had) save(progress);
      return copy(f);
    }
    // The first answer to `id` in this attempt (true, false or "noted"); a later one is not kept.
    function finalAnswer(id, value) {
      var progress = load(), f = finals(progress);
      if (ID.test(id) && (typeof value === "boolean" || value === "noted") && (!has(f.answers, id) || f.answers[id] === "noted")) {
        f.answers[id] = value;
        save(progress);
      }
      return copy(f);
    }
    // A new attempt: the one before is kept as {attempt, day, right, asked} in `past`.
    function finalRetake(right, asked, now) {
      var progress = load(), f = finals(progress);
      f.past.push({ attempt: f.attempt, day: today(now), right: Math.min(right, asked), asked: asked });
      if (f.past.length > PAST_MAX) f.past.splice(0, f.past.length - PAST_MAX);
      f.attempt += 1;
      f.answers = {};
      save(progress);
      return copy(f);
    }
    function dueCount(day) { return queue(load(), { today: day }).length; }
    function exportText(now) { return JSON.stringify(exportData(load(), now), null, 1) + "\n"; }
    function importText(text) {
      var read = readImport(text);
      if (!read.ok) return read;
      var merged = merge(load(), read.progress), c = merged.counts;
      settle(merged.progress);
      save(merged.progress);
      var parts = [[c.added, " added"], [c.newer, " replaced by the newer answer in the file"],
        [c.kept, " kept from this browser, where the answer is newer or the same"]]
        .filter(function (p) { return p[0] > 0; }).map(function (p) { return p[0] + p[1]; });
      var total = c.added + c.newer + c.kept;
      var message = "Imported " + total + " answer" + (total === 1 ? "" : "s") +
        (read.exported ? " saved on " + read.exported.slice(0, 10) : "") +
        (parts.length ? ": " + parts.join(", ") : "") + ".";
      if (!store) message += " This browser does not let the page save them, so they last until you leave the page.";
      return { ok: true, message: message, counts: c };
    }

    // Seeded order for shuffles (quiz.js options, figquiz.js numbers, final.js draws): FNV-1a
    // hash of a text, then mulberry32; the same seed always gives the same sequence.
    function hash(text) {
      var h = 2166136261;
      for (var i = 0; i < text.length; i++) { h ^= text.charCodeAt(i); h = Math.imul(h, 16777619); }
      return h >>> 0;
    }
    function random(seed) {
      var a = seed;
      return function () {
        a = (a + 0x6D2B79F5) | 0;
        var t = Math.imul(a ^ (a >>> 15), 1 | a);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      };
    }
    // The learner's id (made once and kept; null when storage is blocked).
    function learner() {
      if (!store) return null;
      try {
        var id = store.getItem(LEARNER_KEY);
        if (!LEARNER.test(id || "")) {
          id = (Math.random().toString(36).slice(2) + Date.now().toString(36)).slice(0, 16);
          store.setItem(LEARNER_KEY, id);
        }
        return id;
      } catch (e) { return null; }
    }

    return {
      KEY: KEY, OLD_KEY: OLD_KEY, VERSION: VERSION, FORMAT: FORMAT, SETTINGS: SETTINGS,
      AGAIN: AGAIN, HARD: HARD, GOOD: GOOD, EASY: EASY, MAX_BYTES: MAX_BYTES,
      today: today, addDays: addDays, daysBetween: daysBetween, isDay: isDay,
      rating: rating, review: review, replay: replay, ready: function () { return !!scheduler(); },
      clean: clean, migrate: migrate, readImport: readImport, merge: merge, queue: queue, fresh: fresh,
      exportData: exportData,
      load: load, save: save, answer: answer, open: open, adopt: adopt, forget: forget, forgetAll: forgetAll,
      dueCount: dueCount, peekDue: peekDue, exportText: exportText, importText: importText,
      finalState: finalState, finalAnswer: finalAnswer, finalRetake: finalRetake,
      tooLarge: function () { return refuse(TOO_LARGE); }, status: status,
      listen: function (fn) { listeners.push(fn); },
      store: function () { return store; },
      hash: hash, random: random, learner: learner
    };
  }
})(document.currentScript && document.currentScript.parentElement);
