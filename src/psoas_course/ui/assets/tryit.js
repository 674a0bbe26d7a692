// "Try it" in the static book: each form after a Try-it cell prints what the cell's Python
// call prints, from the data the build wrote into the form (psoas_course.site.tryit_forms).
// Pure functions first (tests/test_tryit_static.py runs them under Node against Python),
// then the wiring. No network, no storage. Forms stay hidden without JavaScript.
(function () {
  "use strict";

  // -- Python's way of writing values -----------------------------------------------------------
  var SPACE = /^[ \t\n\r\f\v]+|[ \t\n\r\f\v]+$/g;
  // characters str.strip() removes (str.isspace), not quite String.prototype.trim's set
  var PY_SPACE = "\t\n\u000b\u000c\r\u001c\u001d\u001e\u001f \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000";

  function pyStrip(s) {
    var a = 0, b = s.length;
    while (a < b && PY_SPACE.indexOf(s.charAt(a)) >= 0) a++;
    while (b > a && PY_SPACE.indexOf(s.charAt(b - 1)) >= 0) b--;
    return s.slice(a, b);
  }

  // what a number box passes to Python: the same rule as tryit_forms.py_value
  function pyValue(text) {
    var t = String(text).replace(SPACE, "");
    if (t.charAt(0) === "\u2212" || t.charAt(0) === "\u2013") t = "-" + t.slice(1);
    if (/^[-+]?[0-9]{1,15}$/.test(t)) return { type: "int", value: parseInt(t, 10) + 0 };
    if (/^[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$/.test(t)) return { type: "float", value: Number(t) };
    return { type: "str", value: t };
  }
  function isNumber(v) { return v.type === "int" || v.type === "float"; }

  var UNPRINTABLE = null;
  try {
    UNPRINTABLE = new RegExp("^[\\p{Cc}\\p{Cf}\\p{Cs}\\p{Co}\\p{Cn}\\p{Zl}\\p{Zp}\\p{Zs}]$", "u");
  } catch (e) { UNPRINTABLE = /^[\u0000-\u001f\u007f-\u00a0]$/; }
  function hex(code, width) {
    var h = code.toString(16);
    while (h.length < width) h = "0" + h;
    return h;
  }
  function pyStrRepr(s) {
    var quote = s.indexOf("'") >= 0 && s.indexOf('"') < 0 ? '"' : "'", out = quote;
    for (var i = 0; i < s.length; i++) {
      var code = s.codePointAt(i), c = String.fromCodePoint(code);
      if (code > 0xffff) i++;
      if (c === quote || c === "\\") out += "\\" + c;
      else if (c === "\t") out += "\\t";
      else if (c === "\n") out += "\\n";
      else if (c === "\r") out += "\\r";
      else if (c !== " " && UNPRINTABLE.test(c)) {
        out += code <= 0xff ? "\\x" + hex(code, 2) : code <= 0xffff ? "\\u" + hex(code, 4) : "\\U" + hex(code, 8);
      } else out += c;
    }
    return out + quote;
  }

  // exact decimal digits of a double (x = n * 10^q), for Python's correctly rounded formats
  function exact(x) {
    var view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, x);
    var hi = view.getUint32(0), lo = view.getUint32(4), e = (hi >>> 20) & 0x7ff;
    var m = BigInt(hi & 0xfffff) * BigInt(4294967296) + BigInt(lo);
    if (e === 0) e = -1074;
    else { m += BigInt(4503599627370496); e -= 1075; }
    if (e >= 0) return { n: m * BigInt(2) ** BigInt(e), q: 0 };
    return { n: m * BigInt(5) ** BigInt(-e), q: e };
  }
  // round half to even of |x| * 10^d, as an integer
  function scaled(ex, d) {
    var k = ex.q + d;
    if (k >= 0) return ex.n * BigInt(10) ** BigInt(k);
    var div = BigInt(10) ** BigInt(-k), r = ex.n / div, twice = (ex.n % div) * BigInt(2);
    if (twice > div || (twice === div && r % BigInt(2) === BigInt(1))) r += BigInt(1);
    return r;
  }
  function special(x) { return x !== x ? "nan" : x > 0 ? "inf" : "-inf"; }
  function negative(x) { return x < 0 || Object.is(x, -0); }
  // f"{x:.{d}f}"
  function pyFixed(x, d) {
    if (!isFinite(x)) return special(x);
    var s = x === 0 ? "0" : scaled(exact(Math.abs(x)), d).toString();
    if (d > 0) {
      while (s.length <= d) s = "0" + s;
      s = s.slice(0, s.length - d) + "." + s.slice(s.length - d);
    }
    return (negative(x) ? "-" : "") + s;
  }
  function stripZeros(s) { return s.indexOf(".") < 0 ? s : s.replace(/0+$/, "").replace(/\.$/, ""); }
  function exponent(e) { return "e" + (e < 0 ? "-" : "+") + (Math.abs(e) < 10 ? "0" : "") + Math.abs(e); }
  // f"{x:g}"
  function pyG(x) {
    var p = 6;
    if (!isFinite(x)) return special(x);
    if (x === 0) return negative(x) ? "-0" : "0";
    var ex = exact(Math.abs(x)), lead = ex.n.toString().length - 1 + ex.q;
    var r = scaled(ex, p - 1 - lead).toString();
    if (r.length > p) { lead++; r = r.slice(0, p); }
    if (lead >= -4 && lead < p) return stripZeros(pyFixed(x, p - 1 - lead));
    return (negative(x) ? "-" : "") + stripZeros(r.charAt(0) + "." + r.slice(1)) + exponent(lead);
  }
  // repr(x) of a float: the shortest digits that read back, as Python writes them
  function pyFloatRepr(x) {
    if (!isFinite(x)) return special(x);
    var sign = negative(x) ? "-" : "";
    if (x === 0) return sign + "0.0";
    var parts = Math.abs(x).toExponential().split("e"), digits = parts[0].replace(".", ""), e = Number(parts[1]);
    var s;
    if (e >= -4 && e < 16) {
      if (e >= digits.length - 1) s = digits + "0".repeat(e - digits.length + 1) + ".0";
      else if (e >= 0) s = digits.slice(0, e + 1) + "." + digits.slice(e + 1);
      else s = "0." + "0".repeat(-e - 1) + digits;
    } else s = digits.charAt(0) + (digits.length > 1 ? "." + digits.slice(1) : "") + exponent(e);
    return sign + s;
  }
  function pyRepr(v) {
    if (v.type === "int") return String(v.value);
    if (v.type === "float") return pyFloatRepr(v.value);
    return pyStrRepr(v.value);
  }
  function fill(template, v) { return template.split("\u0000").join(pyRepr(v)); }
  function words(text) { return { type: "str", value: String(text) }; }

  // -- the model: core.model._solve for a path with one wrap cylinder -----------------------------
  function rotate(m, v, transpose) {
    var out = [0, 0, 0];
    for (var i = 0; i < 3; i++) {
      for (var j = 0; j < 3; j++) out[i] += (transpose ? m[j][i] : m[i][j]) * v[j];
    }
    return out;
  }
  function psoasPath(d, jointDeg) {
    var theta = jointDeg * (Math.PI / 180), c = Math.cos(theta), s = Math.sin(theta);
    var h = d.hip, q = d.femur, r = d.radius;
    var first = [h[0] + c * q[0] - s * q[1], h[1] + s * q[0] + c * q[1], h[2] + q[2]];
    var dfirst = [-(first[1] - h[1]), first[0] - h[0], 0];
    var a = rotate(d.rotation, [d.start[0] - d.origin[0], d.start[1] - d.origin[1], d.start[2] - d.origin[2]], true);
    var b = rotate(d.rotation, [first[0] - d.origin[0], first[1] - d.origin[1], first[2] - d.origin[2]], true);
    var db = rotate(d.rotation, dfirst, true);
    // the shortest x-y path from a to b around the circle (core.model._wrap)
    var dx = b[0] - a[0], dy = b[1] - a[1];
    var t = Math.min(Math.max((-a[0] * dx - a[1] * dy) / (dx * dx + dy * dy), 0), 1);
    var cx = a[0] + t * dx, cy = a[1] + t * dy;
    var la = Math.hypot(a[0], a[1]), lb = Math.hypot(b[0], b[1]);
    var wraps = Math.hypot(cx, cy) < r && lb > r && la > r;
    if (d.side) wraps = wraps && cy * d.side > 0;
    if (!wraps) lb = 2 * r;
    if (!(la > r)) la = 2 * r;
    var straight = Math.hypot(dx, dy);
    var alphaA = Math.acos(r / la), alphaB = Math.acos(r / lb);
    var turn = Math.sign(a[0] * b[1] - a[1] * b[0]);
    var ta = Math.atan2(a[1], a[0]) + turn * alphaA, tb = Math.atan2(b[1], b[0]) - turn * alphaB;
    var arc = Math.abs(Math.atan2(Math.sin(tb - ta), Math.cos(tb - ta)));
    var wrapped = Math.sqrt(la * la - r * r) + Math.sqrt(lb * lb - r * r) + r * arc;
    var last = wraps ? [b[0] - r * Math.cos(tb), b[1] - r * Math.sin(tb)] : [dx, dy];
    var norm = Math.hypot(last[0], last[1]);
    last = [last[0] / norm, last[1] / norm];
    var lxy = wraps ? wrapped : straight, dz = b[2] - a[2];
    var crossing = Math.sqrt(lxy * lxy + dz * dz);
    var dcrossing = (lxy * (last[0] * db[0] + last[1] * db[1]) + dz * db[2]) / crossing;
    var length = d.pelvis + crossing + d.femur_part;
    return { percent: 100 * (length / d.neutral - 1), momentArm: -dcrossing };
  }

  // -- one readout per Python call ------------------------------------------------------------------
  function inRange(v, range) { return isNumber(v) && isFinite(v.value) && v.value >= range[0] && v.value <= range[1]; }

  function psoasAt(d, raw) {
    var v = pyValue(raw);
    if (!inRange(v, d.range)) return fill(d.bad, v);
    var state = psoasPath(d, v.value + 0), change = state.percent, length;
    if (Math.abs(change) < 0.05) length = "at its standing length";
    else length = pyFixed(Math.abs(change), 1) + "% " + (change > 0 ? "longer" : "shorter") + " than in standing";
    return "Thigh at " + pyG(v.value) + "\u00b0: the modelled psoas path (pelvis to femur) is " + length +
      ", with a flexion moment arm of " + pyFixed(100 * state.momentArm, 1) + " cm.";
  }

  // core.model.check_angle, then effective_hip_flexion; an error prints as its traceback's last line
  function checkAngle(name, v, range) {
    if (!isNumber(v)) {
      return "ValueError: " + name + " must be a number of degrees between " + pyG(range[0]) + " and " +
        pyG(range[1]) + ", not str " + pyRepr(v);
    }
    if (!inRange(v, range)) {
      return "ValueError: " + name + " must be between " + pyG(range[0]) + " and " + pyG(range[1]) +
        " degrees, got " + pyFloatRepr(v.value);
    }
    return null;
  }
  function effectiveHipFlexion(d, rawHip, rawTilt) {
    var hip = pyValue(rawHip), tilt = pyValue(rawTilt);
    var bad = checkAngle("hip_flexion_deg", hip, d.range) || checkAngle("pelvic_tilt_deg", tilt, d.tilt_range);
    if (bad) return bad;
    var joint = hip.value + tilt.value;
    if (!(joint >= d.range[0] && joint <= d.range[1])) {
      return "ValueError: hip_flexion_deg + pelvic_tilt_deg (the hip joint's flexion) must be between " +
        pyG(d.range[0]) + " and " + pyG(d.range[1]) + " degrees, the range the model is validated over; got " +
        pyG(hip.value) + " + " + pyG(tilt.value) + " = " + pyG(joint);
    }
    return pyFloatRepr(joint);
  }

  // topics.tryit._word
  function word(text) {
    var s = pyStrip(String(text));
    return Array.from(s).length < 3 ? null : s.toLowerCase();
  }
  // topics.tryit._words, _names and _elsewhere
  function tokens(text) { return text.match(/[a-z0-9]+/g) || []; }
  function fits(want, got) { return got.indexOf(want) === 0 || want === got + "s" || want === got + "es"; }
  function names(d, w, text) {
    if (text.indexOf(w) >= 0) return true;
    var wanted = tokens(w).filter(function (t) { return t.length >= 3 && d.common.indexOf(t) < 0; });
    var have = tokens(text);
    if (!wanted.length) return false;
    for (var s = 0; s < have.length; s++) {
      if (!fits(wanted[0], have[s])) continue;
      var at = s, ok = true;
      for (var k = 1; k < wanted.length && ok; k++) {
        var next = -1;
        for (var j = at + 1; j < Math.min(at + 1 + d.gap, have.length); j++) {
          if (fits(wanted[k], have[j])) { next = j; break; }
        }
        if (next < 0) ok = false; else at = next;
      }
      if (ok) return true;
    }
    return false;
  }
  function nerveFor(d, text) {
    var w = word(text), v = words(text);
    if (w === null) return fill(d.short, v);
    var spaced = " " + tokens(w).join(" ") + " ";
    var pointers = d.elsewhere.filter(function (e) {
      return e.keys.some(function (key) { return spaced.indexOf(" " + key + " ") >= 0; });
    }).map(function (e) { return e.answer; });
    // beside a pointer, a branch counts only if its row names the whole request
    var match = pointers.length ? function (t) { return t.indexOf(w) >= 0; } : function (t) { return names(d, w, t); };
    var found = d.nerves.filter(function (n) { return match(n.muscles_lower) || match(n.skin_lower); });
    if (!found.length && !pointers.length) return fill(d.none, v);
    return found.map(function (n) {
      return n.lead + (match(n.muscles_lower) ? n.muscles : n.skin) + ".";
    }).concat(pointers).join("\n");
  }
  function claimsAbout(d, text) {
    var w = word(text), v = words(text);
    if (w === null) return fill(d.short, v);
    var hits = d.claims.filter(function (c) { return c.lower.indexOf(w) >= 0; });
    if (!hits.length) return fill(d.none, v);
    var order = [], counts = {};
    hits.forEach(function (c) {
      if (!(c.verdict in counts)) { counts[c.verdict] = 0; order.push(c.verdict); }
      counts[c.verdict]++;
    });
    // Counter.most_common: most first, ties in the order first seen (a stable sort)
    var summary = order.map(function (name, i) { return [name, i]; }).sort(function (x, y) {
      return counts[y[0]] - counts[x[0]] || x[1] - y[1];
    }).map(function (pair) { return counts[pair[0]] + " " + pair[0]; }).join(", ");
    var examples = hits.slice(0, 3).map(function (c) { return c.id + ": " + c.claim; }).join("; ");
    return hits.length + " claim(s) in the ledger mention " + pyRepr(v) + ": " + summary + ". For example, " + examples;
  }

  function checkAnswer(d, text, judge) {
    if (d.missing) return d.missing;
    var q = d.question;
    if (q.type !== "numeric" && q.type !== "string") {
      return "question " + q.id + " is " + q.type + "; pick an option in the self-check";
    }
    if (!judge) return "The marking needs the page's self-check script, which did not load.";
    var result = judge(q, String(text), d.rules);
    return (result[0] === true ? "Correct. " : result[0] === false ? "Not yet. " : "") + result[1];
  }

  // topics.sitting: my_day.loc[rows, "hours"] = values, then show_day(my_day)
  function hoursLabel(h) { return pyFixed(h, 1).replace(/0+$/, "").replace(/\.$/, ""); }
  function showDay(d, raws) {
    var values = raws.map(pyValue);
    if (values.some(function (v) { return !isNumber(v); })) {
      // pandas will not put text into the float column
      return { text: "TypeError: Invalid value '[" + values.map(pyRepr).join(", ") + "]' for dtype 'float64'" };
    }
    var problems = [], rows = d.rows.map(function (row) {
      var i = d.edit.indexOf(row.label);
      return { label: row.label, activity: row.activity, band: row.band, cycle: row.cycle,
        hours: i >= 0 ? values[i].value + 0 : row.hours };
    });
    rows.forEach(function (row) {
      var where = "row " + row.label + " (" + pyStrRepr(row.activity) + ")";
      if (!isFinite(row.hours)) problems.push(where + ": hours must be a number, got " + pyFloatRepr(row.hours));
      else if (row.hours < 0) problems.push(where + ": hours cannot be negative (" + pyG(row.hours) + ")");
    });
    var total = 0;
    rows.forEach(function (row) { if (isFinite(row.hours) && row.hours >= 0) total += row.hours; });
    if (total > 24 + 1e-9) problems.push("the hours add up to " + pyG(total) + ", more than the 24 in a day");
    if (problems.length) return { text: "Please fix these rows:\n- " + problems.join("\n- ") };
    var hours = {};
    d.bands.forEach(function (b) { hours[b] = 0; });
    rows.forEach(function (row) {
      if (row.cycle) d.bands.forEach(function (b) { hours[b] += row.hours * d.shares[b]; });
      else hours[row.band] += row.hours;
    });
    var text = "The psoas spends " + hoursLabel(hours.shortened) + " hours shortened, " + hoursLabel(hours.neutral) +
      " hours near its standing length and " + hoursLabel(hours.lengthened) + " hours lengthened.";
    var rest = 24 - d.bands.reduce(function (sum, b) { return sum + hours[b]; }, 0);
    if (rest > 1e-9) text += "\n" + hoursLabel(rest) + " h not listed";
    return { text: text, hours: hours };
  }

  // the readout for one form: data from the build, inputs by name as typed
  function readout(d, inputs, judge) {
    var text;
    if (d.kind === "psoas_at") text = psoasAt(d, inputs.hip_flexion_deg);
    else if (d.kind === "effective_hip_flexion") text = effectiveHipFlexion(d, inputs.hip_flexion_deg, inputs.pelvic_tilt_deg);
    else if (d.kind === "nerve_for") text = nerveFor(d, inputs.part);
    else if (d.kind === "claims_about") text = claimsAbout(d, inputs.word);
    else if (d.kind === "check_answer") text = checkAnswer(d, inputs.answer, judge);
    else if (d.kind === "show_day") return showDay(d, d.edit.map(function (row) { return inputs["row" + row]; }));
    else text = "This page does not know how to run " + d.kind + ".";
    return { text: text };
  }

  var api = {
    readout: readout, pyValue: pyValue, pyRepr: pyRepr, pyG: pyG, pyFixed: pyFixed,
    pyFloatRepr: pyFloatRepr, psoasPath: psoasPath
  };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  if (typeof document === "undefined" || !document.querySelectorAll) return;
  window.PsoasTryit = api;

  // -- wiring ---------------------------------------------------------------------------------------
  function judge() {
    // quiz.js's engine marks typed answers (with the form's rule book, d.rules); a page
    // whose quizzes have not started it yet has it registered under window.psoasAssets
    var start = window.psoasAssets && window.psoasAssets["quiz.js"];
    if (!window.PsoasQuiz && start) start(null);
    return window.PsoasQuiz && window.PsoasQuiz.judgeFree;
  }
  function bar(out, d, hours) {
    var strip = document.createElement("div");
    strip.className = "psoas-tryit-bar";
    strip.setAttribute("aria-hidden", "true");
    d.bands.forEach(function (b) {
      var piece = document.createElement("span");
      piece.style.width = (100 * hours[b] / 24) + "%";
      piece.style.background = d.colours[b];
      strip.appendChild(piece);
    });
    out.appendChild(strip);
  }
  function start(form) {
    var data = JSON.parse(form.querySelector("script.psoas-tryit-data").textContent);
    var out = form.querySelector(".psoas-tryit-out");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var inputs = {};
      Array.prototype.forEach.call(form.querySelectorAll("input[name]"), function (el) { inputs[el.name] = el.value; });
      var result;
      try { result = readout(data, inputs, judge()); } catch (err) { result = { text: "This form could not run: " + err.message }; }
      out.textContent = "";
      var text = document.createElement("pre");
      text.textContent = result.text;
      out.appendChild(text);
      if (result.hours) bar(out, data, result.hours);
    });
  }
  function startAll() {
    Array.prototype.forEach.call(document.querySelectorAll(".psoas-tryit"), function (box) {
      if (box.dataset.ready) return;
      box.dataset.ready = "1";
      Array.prototype.forEach.call(box.querySelectorAll("form.psoas-tryit-form"), start);
      box.hidden = false;
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", startAll);
  else startAll();
})();
