"""Question banks: exact messages for malformed files, friendly feedback for any answer."""

import copy
import json
import re

import pytest

from psoas_course.ui import quiz
from psoas_course.ui.quiz import QuizError

VALID = {
    "lesson": "99-test",
    "title": "Test lesson",
    "objectives": {"O1": "Know things."},
    "questions": [
        {
            "id": "q-choice",
            "type": "multiple_choice",
            "objective": "O1",
            "claims": ["C01"],
            "question": "Pick one",
            "answers": [
                {"answer": "Right", "correct": True, "feedback": "Because."},
                {"answer": "Wrong", "correct": False, "feedback": "Because not."},
            ],
        },
        {
            "id": "q-number",
            "type": "numeric",
            "objective": "O1",
            "claims": [],
            "units": "degrees",
            "question": "How many degrees?",
            "answers": [
                {"value": 90, "tolerance": 5, "correct": True, "feedback": "Yes."},
                {"range": [-1e9, 0], "correct": False, "feedback": "Not negative."},
            ],
            "fallback_feedback": "Think of a chair.",
        },
        {
            "id": "q-text",
            "type": "string",
            "objective": "O1",
            "claims": [],
            "question": "Name it",
            "fallback_feedback": "Try again.",
            "answers": [{"answer": "iliopsoas", "correct": True, "feedback": "Yes."}],
        },
    ],
}


def write(tmp_path, bank, name="99-test.json"):
    path = tmp_path / name
    path.write_text(json.dumps(bank) if not isinstance(bank, str) else bank)
    return path


def load(path):
    return quiz.validate(quiz._read(path), path, {"C01", "C02"})


def mutate(change):
    bank = copy.deepcopy(VALID)
    change(bank)
    return bank


def test_valid_bank_loads(tmp_path):
    bank = load(write(tmp_path, VALID))
    assert [q["id"] for q in bank.questions] == ["q-choice", "q-number", "q-text"]


MALFORMED = [
    (
        "no correct answer",
        lambda b: b["questions"][0]["answers"][0].update(correct=False),
        "question 1 (q-choice): field 'answers': no answer is marked correct",
    ),
    (
        "two correct in single choice",
        lambda b: b["questions"][0]["answers"][1].update(correct=True),
        "question 1 (q-choice): field 'answers': single-choice question has 2 correct answers",
    ),
    (
        "numeric without tolerance",
        lambda b: b["questions"][1]["answers"][0].pop("tolerance"),
        "question 2 (q-number): field 'answers[1].tolerance': missing",
    ),
    (
        "negative tolerance",
        lambda b: b["questions"][1]["answers"][0].update(tolerance=-1),
        "question 2 (q-number): field 'answers[1].tolerance': must be a number >= 0",
    ),
    (
        "numeric value and range",
        lambda b: b["questions"][1]["answers"][0].update(range=[1, 2]),
        "question 2 (q-number): field 'answers[1]': give either 'value'",
    ),
    (
        "reversed range",
        lambda b: b["questions"][1]["answers"][1].update(range=[5, 1]),
        "question 2 (q-number): field 'answers[2].range'",
    ),
    (
        "numeric value is text",
        lambda b: b["questions"][1]["answers"][0].update(value="ninety"),
        "question 2 (q-number): field 'answers[1].value': must be a number",
    ),
    (
        "numeric without units",
        lambda b: b["questions"][1].pop("units"),
        "question 2 (q-number): field 'units'",
    ),
    (
        "duplicate ids",
        lambda b: b["questions"][2].update(id="q-choice"),
        "question 3 (q-choice): field 'id': duplicate of question 1",
    ),
    (
        "empty feedback",
        lambda b: b["questions"][0]["answers"][1].update(feedback="  "),
        "question 1 (q-choice): field 'answers[2].feedback': empty",
    ),
    (
        "missing feedback",
        lambda b: b["questions"][0]["answers"][0].pop("feedback"),
        "question 1 (q-choice): field 'answers[1].feedback'",
    ),
    (
        "unknown objective",
        lambda b: b["questions"][0].update(objective="O9"),
        "question 1 (q-choice): field 'objective': unknown objective 'O9'",
    ),
    (
        "unknown claim",
        lambda b: b["questions"][0].update(claims=["C99"]),
        "question 1 (q-choice): field 'claims': unknown claim id(s) C99",
    ),
    (
        "claims not a list",
        lambda b: b["questions"][0].update(claims="C01"),
        "question 1 (q-choice): field 'claims': must be a list",
    ),
    (
        "unknown type",
        lambda b: b["questions"][0].update(type="essay"),
        "question 1 (q-choice): field 'type': must be one of",
    ),
    ("missing id", lambda b: b["questions"][0].pop("id"), "question 1: field 'id': missing"),
    (
        "empty question text",
        lambda b: b["questions"][0].update(question=""),
        "question 1 (q-choice): field 'question'",
    ),
    (
        "no answers",
        lambda b: b["questions"][0].update(answers=[]),
        "question 1 (q-choice): field 'answers': must be a non-empty list",
    ),
    (
        "option without text",
        lambda b: b["questions"][0]["answers"][0].pop("answer"),
        "question 1 (q-choice): field 'answers[1].answer'",
    ),
    (
        "correct not boolean",
        lambda b: b["questions"][0]["answers"][0].update(correct="yes"),
        "question 1 (q-choice): field 'answers[1].correct': must be true or false",
    ),
    (
        "free answer without fallback",
        lambda b: b["questions"][2].pop("fallback_feedback"),
        "question 3 (q-text): field 'fallback_feedback'",
    ),
    ("no objectives", lambda b: b.update(objectives={}), "field 'objectives'"),
    ("no questions", lambda b: b.update(questions=[]), "field 'questions'"),
    ("no title", lambda b: b.pop("title"), "field 'title'"),
    (
        "question not an object",
        lambda b: b["questions"].append("What?"),
        "question 4: must be an object",
    ),
]


@pytest.mark.parametrize("label, change, message", MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_bank_names_file_question_and_field(tmp_path, label, change, message):
    path = write(tmp_path, mutate(change))
    with pytest.raises(QuizError) as err:
        load(path)
    assert str(err.value).startswith(str(path))
    assert message in str(err.value)


def test_invalid_json_reports_the_line(tmp_path):
    text = json.dumps(VALID, indent=2).splitlines()
    text[5] = text[5] + ","  # a stray comma on line 6
    path = write(tmp_path, "\n".join(text))
    with pytest.raises(QuizError, match=r"99-test\.json: invalid JSON at line \d+"):
        load(path)


def test_invalid_yaml_reports_the_line(tmp_path):
    path = write(tmp_path, "lesson: 99-test\ntitle: [unclosed\nquestions: []\n", "99-test.yaml")
    with pytest.raises(QuizError, match=r"99-test\.yaml: invalid YAML at line \d+"):
        load(path)


def test_top_level_must_be_an_object(tmp_path):
    with pytest.raises(QuizError, match="must hold an object"):
        load(write(tmp_path, "[1, 2]"))


def test_yaml_bank_loads_like_json(tmp_path):
    import yaml

    path = write(tmp_path, yaml.safe_dump(VALID), "99-test.yaml")
    assert len(load(path).questions) == 3


NUMERIC = VALID["questions"][1]


@pytest.mark.parametrize(
    "answer, correct, fragment",
    [
        ("90", True, "Yes."),
        ("88 degrees", True, "Yes."),
        ("92°", True, "Yes."),
        (" 90.0 ", True, "Yes."),
        ("90,0", True, "Yes."),
        (90, True, "Yes."),
        ("-20", False, "Not negative."),
        ("\u221220", False, "Not negative."),
        (1e9, False, "Think of a chair."),
        ("45 degrees", False, "Think of a chair."),
        ("lots", None, "could not read a number"),
        ("ninety", True, "Yes."),
        ("\u201320", False, "Not negative."),
        ("92\u00ba", True, "Yes."),
        ("", None, "Type an answer"),
        ("   ", None, "Type an answer"),
        (None, None, "Type an answer"),
        (float("nan"), None, "could not read a number"),
        (True, None, "could not read a number"),
        ([90], None, "could not read a number"),
        ({"a": 1}, None, "could not read a number"),
        ("9 0", None, "could not read a number"),
        ("1e999", None, "could not read a number"),
    ],
)
def test_any_numeric_answer_gets_feedback_not_a_traceback(answer, correct, fragment):
    result, feedback = quiz.judge(NUMERIC, answer)
    assert result is correct
    assert fragment in feedback


@pytest.mark.parametrize(
    "answer, correct",
    [("iliopsoas", True), ("  IlioPsoas ", True), ("psoas", False), ("", None), (42, False)],
)
def test_text_answers(answer, correct):
    assert quiz.judge(VALID["questions"][2], answer)[0] is correct


def test_check_prints_friendly_feedback(capsys, tmp_path, monkeypatch):
    fake_course(tmp_path, monkeypatch, ["01-a"])
    quiz.check("01-a", "01-a-q-number", "lots")
    assert "could not read a number" in capsys.readouterr().out
    quiz.check("01-a", "01-a-q-number", "90")
    assert capsys.readouterr().out.startswith("Correct.")
    quiz.check("01-a", "no-such-question", "5")
    assert "There is no question" in capsys.readouterr().out
    quiz.check("01-a", "01-a-q-choice", "5")
    assert "pick an option" in capsys.readouterr().out


def test_question_text_is_escaped_in_the_page():
    hostile = copy.deepcopy(VALID["questions"][0])
    hostile["question"] = "<script>alert('x')</script> & <b>bold</b>"
    hostile["answers"][0]["answer"] = "<img src=x onerror=alert(1)>"
    hostile["answers"][0]["feedback"] = "</script><script>alert(2)</script>"
    html = quiz.Quiz([hostile], "T <i>", "t")._repr_html_()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "&lt;img src=x" in html
    assert "T &lt;i&gt;" in html
    # the only closing script tags are the four the renderer writes itself (answer data,
    # the marking rule book, srs.js, quiz.js)
    assert len(re.findall(r"</script>", html)) == 4
    assert "\\u003c/script\\u003e\\u003cscript\\u003ealert(2)" in html


def test_every_lesson_bank_is_valid_and_big_enough():
    banks = quiz.all_banks()
    lessons = [b for b in banks if not b.path.name.startswith("_")]
    assert lessons, "no question banks found in data/questions"
    for bank in lessons:
        assert len(bank.questions) >= 5, f"{bank.path}: fewer than 5 questions"
        kinds = {q["type"] for q in bank.questions}
        assert len(kinds) >= 2, f"{bank.path}: use more than one question type"
        covered = {q["objective"] for q in bank.questions}
        assert covered == set(bank.objectives), (
            f"{bank.path}: objectives without a question: {set(bank.objectives) - covered}"
        )


def test_question_ids_are_unique_across_the_course():
    seen = {}
    for bank in quiz.all_banks():
        for q in bank.questions:
            assert q["id"] not in seen, f"{bank.path}: id {q['id']} also in {seen.get(q['id'])}"
            seen[q["id"]] = bank.path.name


def test_review_quiz_holds_only_earlier_lessons():
    review = quiz.review_quiz(before="02-how-the-psoas-moves-you")
    ids = {q["id"] for q in review.questions}
    assert ids and all(i.startswith("01-") for i in ids)
    assert 'data-review="1"' in review._repr_html_()


# -- one table of answer cases for both checkers (the browser runs the same table) -----------
CASES = json.loads((quiz.data_dir() / "answer_cases.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "case", CASES["cases"], ids=[f"{c['question']}:{c['input']!r}" for c in CASES["cases"]]
)
def test_shared_answer_case(case):
    verdict, feedback = quiz.judge(CASES["questions"][case["question"]], case["input"])
    assert verdict is case["verdict"], f"{case}: got {verdict} ({feedback})"
    assert case.get("says", "").lower() in feedback.lower(), f"{case}: feedback {feedback!r}"


def test_answer_case_table_covers_every_kind_of_verdict_and_unit():
    questions = CASES["questions"]
    assert {c["verdict"] for c in CASES["cases"]} == {True, False, None}
    units = {q.get("units") for q in questions.values()}
    assert {"cm", "degrees", "%", "N", "N·m", "kg"} <= units
    # every table question is a valid bank question
    bank = copy.deepcopy(VALID)
    bank["questions"] = [
        dict(q, objective="O1", question="Case?", claims=[]) for q in questions.values()
    ]
    assert len(quiz.validate(bank, quiz.Path("cases.json")).questions) == len(questions)


def test_wrong_unit_is_explained_never_correct():
    cm = CASES["questions"]["length-cm"]
    for typed in ("2.4 mm", "2.4°", "2.4 kg", "2.4 %"):
        assert quiz.judge(cm, typed)[0] is not True, typed
    assert quiz.judge(cm, "24 mm") == quiz.judge(cm, "2.4 cm")


# -- bank fields ------------------------------------------------------------------------------
UNKNOWN = [
    ("bank field", lambda b: b.update(correct_answer=5), "unknown field 'correct_answer'"),
    (
        "question field",
        lambda b: b["questions"][1].update(correct_answer=5),
        "question 2 (q-number): field 'correct_answer': unknown field",
    ),
    (
        "answer field",
        lambda b: b["questions"][0]["answers"][0].update(right=True),
        "question 1 (q-choice): field 'answers[1].right': unknown field",
    ),
    (
        "accept on a choice",
        lambda b: b["questions"][0]["answers"][0].update(accept=["R"]),
        "field 'answers[1].accept': only typed word answers",
    ),
    (
        "accept not a list",
        lambda b: b["questions"][2]["answers"][0].update(accept="ilio psoas"),
        "question 3 (q-text): field 'answers[1].accept': must be a list",
    ),
    (
        "variant without question",
        lambda b: b["questions"][0].update(variants=[{"answers": []}]),
        "field 'variants[1].question'",
    ),
    (
        "variant answers of another length",
        lambda b: b["questions"][0].update(variants=[{"question": "Pick", "answers": [{}]}]),
        "field 'variants[1].answers': must list the 2 answers",
    ),
    (
        "variant changes correctness",
        lambda b: b["questions"][0].update(
            variants=[{"question": "Pick", "answers": [{"correct": False}, {}]}]
        ),
        "field 'variants[1].answers[1].correct': unknown field",
    ),
    (
        "confidence not a flag",
        lambda b: b["questions"][0].update(confidence="yes"),
        "question 1 (q-choice): field 'confidence': must be true or false",
    ),
    (
        "confidence on a typed answer",
        lambda b: b["questions"][1].update(confidence=True),
        "question 2 (q-number): field 'confidence': only choice questions",
    ),
    (
        "final check without pass mark",
        lambda b: b.update(final_check={"size": 20}),
        "field 'final_check.pass_mark'",
    ),
    (
        "final check too small",
        lambda b: b.update(final_check={"size": 2, "pass_mark": 0.7}),
        "field 'final_check.size'",
    ),
]


@pytest.mark.parametrize("label, change, message", UNKNOWN, ids=[u[0] for u in UNKNOWN])
def test_unknown_or_bad_new_fields_are_named(tmp_path, label, change, message):
    test_malformed_bank_names_file_question_and_field(tmp_path, label, change, message)


def test_accepted_forms_and_variants_load_and_are_used(tmp_path):
    def change(b):
        b["questions"][2]["answers"][0]["accept"] = ["the ilio-psoas muscle"]
        b["questions"][0]["variants"] = [
            {"question": "Choose one", "answers": [{"answer": "Yes"}, {"answer": "No"}]}
        ]

    bank = load(write(tmp_path, mutate(change)))
    assert quiz.judge(bank.questions[2], "Ilio psoas muscle!")[0] is True
    again = quiz.reworded(bank.questions[0], "any lesson")
    assert again["question"] == "Choose one" and again["id"] == "q-choice"
    assert [a["answer"] for a in again["answers"]] == ["Yes", "No"]
    assert [a["correct"] for a in again["answers"]] == [True, False]


# -- options in a fixed shuffle ----------------------------------------------------------------
def rendered_positions(question) -> list[int]:
    """Positions (0-based) of the correct options in the rendered HTML."""
    html = quiz._question_html(question, "t")
    values = [int(v) for v in re.findall(r'name="t-[^"]+" value="(\d+)"', html)]
    return [pos for pos, i in enumerate(values) if question["answers"][i]["correct"]]


def test_options_are_shuffled_with_a_fixed_seed_and_the_answer_position_varies():
    choice = [q for b in quiz.all_banks() for q in b.questions if q["type"] in quiz.CHOICE]
    firsts = [rendered_positions(q)[0] for q in choice]
    assert [rendered_positions(q)[0] for q in choice] == firsts, "the shuffle is not fixed"
    assert len(set(firsts)) >= 3, f"correct options sit at positions {set(firsts)} only"
    assert firsts.count(0) < 0.5 * len(firsts), f"{firsts.count(0)} of {len(firsts)} first"
    assert quiz.option_order(choice[0]) != quiz.option_order(choice[0], seed="other") or (
        quiz.option_order(choice[1]) != quiz.option_order(choice[1], seed="other")
    )


# -- review and final check --------------------------------------------------------------------
def fake_course(tmp_path, monkeypatch, keys, broken=()):
    """A course of ``keys`` (in this order) whose banks live in tmp_path/questions."""
    from psoas_course import course

    folder = tmp_path / "questions"
    folder.mkdir()
    items = []
    for number, key in enumerate(keys, start=1):
        bank = copy.deepcopy(VALID)
        bank["lesson"], bank["title"] = key, f"Lesson {key}"
        for q in bank["questions"]:
            q["id"] = f"{key}-{q['id']}"
            q["claims"] = []
        text = "{ not json" if key in broken else json.dumps(bank)
        (folder / f"{key}.json").write_text(text)
        items.append(
            course.Lesson(number, key, key[3:], key, f"notebooks/{key}.ipynb", f"x/{key}.json")
        )
    monkeypatch.setenv("PSOAS_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(course, "lessons", lambda: tuple(items))


def test_review_follows_course_order_not_file_names(tmp_path, monkeypatch):
    # the review lesson sorts before lesson 20 by name but comes last in the course
    fake_course(tmp_path, monkeypatch, ["01-a", "20-b", "10-review", "30-after"])
    review = quiz.review_quiz(before="10-review")
    assert {q["id"].split("-q-")[0] for q in review.questions} == {"01-a", "20-b"}
    assert review.position == 3 and not review.problems


def test_review_shows_a_reworded_variant_under_the_same_id(tmp_path, monkeypatch):
    fake_course(tmp_path, monkeypatch, ["01-a", "02-b"])
    path = tmp_path / "questions" / "01-a.json"
    bank = json.loads(path.read_text())
    bank["questions"][0]["variants"] = [{"question": "Choose the right one"}]
    path.write_text(json.dumps(bank))
    html = quiz.review_quiz(before="02-b")._repr_html_()
    assert "Choose the right one" in html and ">Pick one<" not in html
    assert 'data-qid="01-a-q-choice"' in html
    assert ">Pick one<" in quiz.show_quiz("01-a")._repr_html_()  # the lesson keeps its words


def test_one_broken_bank_is_named_and_breaks_no_other_lesson(tmp_path, monkeypatch):
    fake_course(tmp_path, monkeypatch, ["01-a", "02-b", "03-c", "04-d"], broken={"02-b"})
    review = quiz.review_quiz(before="04-d")
    assert {q["id"][:4] for q in review.questions} == {"01-a", "03-c"}
    assert len(review.problems) == 1 and "02-b.json: invalid JSON" in review.problems[0]
    assert "02-b.json: invalid JSON" in review._repr_html_()
    assert quiz.show_quiz("03-c").questions  # its neighbour still works
    problem = quiz.show_quiz("02-b")  # the broken lesson shows a message, not a traceback
    assert "02-b.json: invalid JSON" in repr(problem)
    # a broken LATER bank is never read by an earlier lesson's review
    assert not quiz.review_quiz(before="02-b").problems


def test_final_check_draws_every_earlier_lesson_and_asks_marked_questions_again(
    tmp_path, monkeypatch
):
    fake_course(tmp_path, monkeypatch, ["01-a", "02-b", "03-c", "04-review", "05-after"])
    review = tmp_path / "questions" / "04-review.json"
    bank = json.loads(review.read_text())
    bank["final_check"] = {"size": 5, "pass_mark": 0.6}
    review.write_text(json.dumps(bank))
    first = tmp_path / "questions" / "01-a.json"
    bank = json.loads(first.read_text())
    bank["questions"][2]["again_in_final_check"] = True
    first.write_text(json.dumps(bank))
    final = quiz.show_quiz("04-review")
    ids = [q["id"] for q in final.questions]
    assert "01-a-q-text" in ids  # asked again
    assert not any(i.startswith("05-after") for i in ids)  # later lessons never
    lessons = {final.lesson_of[i] for i in ids}
    assert {"01-a", "02-b", "03-c"} <= lessons
    assert len(ids) == 3 + 3  # its own three, then one per earlier lesson (size 5 reached)
    assert final.final["pass_mark"] == 0.6
    assert [row["href"] for row in final.final["lessons"]][:3] == [
        "01-a.html",
        "02-b.html",
        "03-c.html",
    ]


def test_final_check_mixes_every_earlier_lesson_and_links_back():
    from psoas_course.course import lessons

    final = quiz.show_quiz(lessons()[-1].key)
    assert final.kind == "final"
    assert 18 <= len(final.questions) <= 24
    earlier = [item for item in lessons() if item.bank][:-1]
    covered = set(final.lesson_of[q["id"]] for q in final.questions)
    assert {item.key for item in earlier} <= covered  # lessons 3 and 7 included
    assert not any(re.match(r"Lessons? \d", q["question"]) for q in final.questions)
    hrefs = {row["key"]: row["href"] for row in final.final["lessons"]}
    for item in earlier:
        assert hrefs[item.key] == f"{item.key}.html"  # beside the review page in notebooks/
    html = final._repr_html_()
    assert 'data-kind="final"' in html and "pass mark is 70%" in html
    assert 'class="psoas-score"' in html
    order = [q["id"] for q in final.questions]
    assert order != sorted(order, key=lambda i: i[:2]), "the final check runs in lesson order"


def test_page_explains_javascript_storage_and_reset():
    html = quiz.review_quiz(before="02-how-the-psoas-moves-you")._repr_html_()
    assert "<noscript>" in html and "needs JavaScript" in html
    assert "psoas-needs-js" in html and 'data-kind="review"' in html
    lesson = quiz.show_quiz("01-meet-the-psoas")._repr_html_()
    assert 'data-scope="lesson"' in lesson and 'data-scope="all"' in lesson
    assert "forgets your answers to this lesson's questions, here and in" in lesson


def test_check_answer_at_the_front_door_finds_any_course_question(capsys, tmp_path, monkeypatch):
    import psoas_course

    fake_course(tmp_path, monkeypatch, ["01-a", "02-b", "03-c"], broken={"01-a"})
    psoas_course.check_answer("02-b-q-number", "1.5 rad")
    assert "I do not know the unit \u201crad\u201d" in capsys.readouterr().out
    psoas_course.check_answer("03-c-q-number", "90°")
    assert capsys.readouterr().out.startswith("Correct.")
    psoas_course.check_answer("03-c-q-number", "90 cm")
    out = capsys.readouterr().out
    assert "a length, but this question asks for an angle in degrees" in out
    psoas_course.check_answer("03-c-q-text", "The IlioPsoas!")
    assert capsys.readouterr().out.startswith("Correct.")
    psoas_course.check_answer("01-a-q-number", "90")  # its bank is broken: not found
    assert "There is no question" in capsys.readouterr().out


def test_page_data_carries_accepted_forms_for_the_browser_checker():
    question = copy.deepcopy(VALID["questions"][2])
    question["answers"][0]["accept"] = ["ilio psoas"]
    data = json.loads(quiz._client_data([question]))
    assert data[0]["answers"][0]["accept"] == ["ilio psoas"]
    assert "objective" not in data[0] and "claims" not in data[0]  # only what marking needs


def test_every_quiz_carries_the_marking_rule_book_python_marks_with():
    from psoas_course.core import marking

    html = quiz.Quiz([VALID["questions"][2]], "T", "t")._repr_html_()
    found = re.search(r'<script type="application/json" class="psoas-rules">(.*?)</script>', html)
    assert found, "the quiz does not carry the marking rules"
    shipped = json.loads(found.group(1))
    assert shipped == json.loads(json.dumps(marking.rules()))
    assert shipped["units"]["cm"] == ["length", 0.01] and shipped["units"]["°"] == ["angle", 1.0]
    assert re.match(shipped["number"], "about 2,4 cm", re.I)


def test_confidence_question_asks_how_sure_apart_from_the_options():
    question = dict(copy.deepcopy(VALID["questions"][0]), confidence=True)
    html = quiz._question_html(question, "t")
    options, _, after = html.partition('<div class="psoas-confidence"')
    assert after, "no 'How sure are you?' group"
    assert "How sure are you?" in after and 'class="psoas-belief"' in after
    sure = re.findall(r'name="t-q-choice-sure" value="([^"]+)"', after)
    assert sure == [value for value, _ in quiz.CONFIDENCE]
    assert not any(v.isdigit() for v in sure)  # never mistaken for an option's index
    assert "-sure" not in options  # the options list holds only the answers
    assert json.loads(quiz._client_data([question]))[0]["confidence"] is True
    plain = quiz._question_html(VALID["questions"][0], "t")
    assert "psoas-confidence" not in plain and "psoas-belief" not in plain


def test_lesson_1_beliefs_ask_how_sure_and_come_back_in_the_final_check():
    from psoas_course.course import lessons

    first = quiz.load_bank(lessons()[0].key)
    myths = [q for q in first.questions if q["id"].endswith("-myth")]
    assert len(myths) >= 2
    assert all(q.get("confidence") and q.get("again_in_final_check") for q in myths)
    final = quiz.show_quiz(lessons()[-1].key)
    again = [q for q in final.questions if q["id"].endswith("-myth")]
    assert {q["id"] for q in again} == {q["id"] for q in myths}
    assert all(q.get("confidence") for q in again)
    html = final._repr_html_()
    assert html.count('class="psoas-confidence"') == len(myths)


def test_answer_key_lists_accepted_forms_variants_and_confidence(tmp_path):
    from psoas_course.authoring import answer_key

    def change(b):
        b["questions"][2]["answers"][0]["accept"] = ["ilio psoas", "the iliopsoas muscle"]
        b["questions"][2]["variants"] = [{"question": "Name the joined muscle"}]
        b["questions"][0].update(confidence=True, again_in_final_check=True)
        b["questions"][0]["variants"] = [
            {"question": "Choose one", "answers": [{"answer": "Yes"}, {"answer": "No"}]}
        ]

    bank = load(write(tmp_path, mutate(change)))
    key = answer_key.answer_key([bank], root=tmp_path)
    text_block = key.split("#### q-text\n", 1)[1]
    assert "**Also accepted** for “iliopsoas” (correct): “ilio psoas”; “the iliopsoas muscle”" in (
        text_block
    )
    assert "1. Name the joined muscle" in text_block
    choice_block = key.split("#### q-choice\n", 1)[1].split("\n#### ", 1)[0]
    assert "1. Choose one" in choice_block
    assert "Options: “Yes” (correct); “No”" in choice_block
    assert "asked again in the final check" in choice_block and "How sure are you?" in choice_block
    assert "Reworded variants" not in key.split("#### q-number\n", 1)[1].split("\n#### ", 1)[0]
