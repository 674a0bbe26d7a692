// Runs src/psoas_course/ui/assets/srs.js under Node for the tests (tests/srs_node.py).
// Reads {"script": "<function body>", "args": {...}, "storage": {...} | null, "now": ms}
// on stdin, runs the body with S (window.PsoasSRS) and args, prints {"result": ...} or
// {"error": "..."}. The scheduler is the file the site ships (book/_vendor/vendor/ts-fsrs/
// ts-fsrs.js, written by tools/vendor_assets.py), or the same UMD build from node_modules
// wrapped the same way when the book's vendor folder has not been written yet.
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const ROOT = path.resolve(__dirname, "..", "..");
const VENDORED = path.join(ROOT, "book", "_vendor", "vendor", "ts-fsrs", "ts-fsrs.js");
const UMD = path.join(ROOT, "node_modules", "ts-fsrs", "dist", "index.umd.js");
const SRS = path.join(ROOT, "src", "psoas_course", "ui", "assets", "srs.js");

function fakeStorage(items) {
  const data = new Map(Object.entries(items));
  return {
    getItem: (k) => (data.has(k) ? data.get(k) : null),
    setItem: (k, v) => { data.set(k, String(v)); },
    removeItem: (k) => { data.delete(k); },
    dump: () => Object.fromEntries(data),
  };
}

const request = JSON.parse(fs.readFileSync(0, "utf8"));
const context = { console, Date, Math, JSON };
context.window = context;
context.document = { currentScript: null };
if (request.storage) context.localStorage = fakeStorage(request.storage);
if (typeof request.now === "number") {
  // a fixed clock: Date.now() and new Date() without arguments give `now`
  const Real = Date;
  const now = request.now;
  const Fixed = function (...a) { return a.length ? new Real(...a) : new Real(now); };
  Fixed.now = () => now;
  Fixed.UTC = Real.UTC;
  Fixed.parse = Real.parse;
  Fixed.prototype = Real.prototype;
  context.Date = Fixed;
}
vm.createContext(context);
if (!request.noScheduler) {
  const wrapped = fs.existsSync(VENDORED)
    ? fs.readFileSync(VENDORED, "utf8")
    : "(function (define, exports, module) {\n" + fs.readFileSync(UMD, "utf8") + "\n}).call(window);";
  vm.runInContext(wrapped, context, { filename: "ts-fsrs.js" });
}
vm.runInContext(fs.readFileSync(SRS, "utf8"), context, { filename: SRS });
const run = vm.runInContext("(function (S, args) {" + request.script + "\n})", context);
let out;
try {
  const result = run(context.PsoasSRS, request.args || {});
  out = { result: result === undefined ? null : result };
  if (context.localStorage) out.storage = context.localStorage.dump();
} catch (err) {
  out = { error: String(err && err.stack ? err.stack : err) };
}
process.stdout.write(JSON.stringify(out));
