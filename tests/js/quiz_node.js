// Runs the page's marking (src/psoas_course/ui/assets/quiz.js) under Node for the tests
// (tests/test_answer_cases_node.py), with no browser. Reads {"rules": {...}, "questions":
// {...}, "cases": [{"question": key, "input": text}, ...]} on stdin: the rule book is the
// one Python writes into every quiz (psoas_course.core.marking.rules()). Prints
// {"results": [[verdict, feedback], ...]} or {"error": "..."}.
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const QUIZ = path.resolve(__dirname, "..", "..", "src", "psoas_course", "ui", "assets", "quiz.js");
const request = JSON.parse(fs.readFileSync(0, "utf8"));
// quiz.js keeps its engine on window; saved progress (srs.js) is not needed for marking
const context = { console, Math, JSON, Date };
context.window = context;
context.document = { currentScript: null };
context.PsoasSRS = { listen: function () {} };
vm.createContext(context);
let out;
try {
  vm.runInContext(fs.readFileSync(QUIZ, "utf8"), context, { filename: QUIZ });
  const judge = context.PsoasQuiz.judgeFree;
  out = {
    results: request.cases.map((c) => judge(request.questions[c.question], c.input, request.rules)),
  };
} catch (err) {
  out = { error: String(err && err.stack ? err.stack : err) };
}
process.stdout.write(JSON.stringify(out));
