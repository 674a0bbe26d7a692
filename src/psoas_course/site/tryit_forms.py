""" "Try it" without a kernel: a small form under each Try-it cell of the built book.

A lesson's "Try it" cell (a code cell with a ``# change me`` comment) shows, in the static
book, only the output of its build-time run. At build time this module reads the cell's
source, recognises the course calls in it and puts a form right after the cell: one labelled
input per argument (filled with the cell's value, with the cell's "change me" comment as the
hint), a Run button and a live region. ``ui/assets/tryit.js`` prints there the text the Python
call prints, from data written into the form here by the same Python functions:

* ``psoas_at`` and ``effective_hip_flexion``: the model's geometry (tryit.js runs the same
  path formula as ``core.model``) and its angle ranges;
* ``check_answer``: the question's answers, marked by the page's quiz engine (quiz.js);
* ``nerve_for``: the plexus table; ``claims_about``: the claims ledger;
* ``show_day`` on an edited ``example_day()``: the day's rows, their bands and the walking shares.

The messages for a bad value come from the Python functions themselves, called once with a
marker in place of the value (:func:`template`). The forms exist only in the built HTML, so
JupyterLab never shows them, and they stay hidden without JavaScript: the committed output is
then all a reader sees, as before.

A typed value becomes the Python argument as :func:`py_value` says (numbers as numbers, the
rest as text); word arguments (a muscle, a word of a claim, an answer) are the text as typed.
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
import re
import tokenize
from dataclasses import dataclass, field
from html import escape
from importlib import resources
from pathlib import Path

SCRIPT = "tryit.js"
STATIC_FOLDER = "psoas"  # the same folder as sphinx_ext's page assets
MARK = "\x00"  # stands for the learner's value in a message template

# ``py_value``: the same rule as tryit.js's pyValue
_SPACE = " \t\n\r\f\v"
_INT = re.compile(r"[-+]?[0-9]{1,15}")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")


def py_value(text: str):
    """What a number box passes to Python: ``"60"`` → 60, ``"37.5"`` → 37.5, ``"abc"`` → "abc".

    Spaces around are dropped and a leading minus sign (U+2212) or en dash counts as "-".
    """
    t = text.strip(_SPACE)
    if t[:1] in ("\u2212", "\u2013"):
        t = "-" + t[1:]
    if _INT.fullmatch(t):
        return int(t)
    if _FLOAT.fullmatch(t):
        return float(t)
    return t


class _Marker(str):
    """A string whose repr is MARK: the value's place in a message."""

    def __repr__(self) -> str:
        return MARK


def template(function, sample: str) -> str:
    """The message ``function`` gives for ``sample``, with MARK where it shows the value."""
    return repr(function(_Marker(sample)))


# -- what each form needs --------------------------------------------------------------------
def model_data() -> dict:
    """The modelled path (rajagopal2016, the model psoas_at uses) for tryit.js's psoasPath."""
    from psoas_course.core import model
    from psoas_course.topics.tryit import psoas_at

    name = "rajagopal2016"
    geo = model.geometry(name)
    if geo.conditional_point is not None or geo.wrap_rotation is None:
        raise ValueError(f"tryit.js follows a path with one wrap and no conditional point: {name}")
    pelvis_part, _, femur_part = model._fixed_lengths(name)  # noqa: SLF001 (same package)
    low, high = model.HIP_FLEXION_RANGE
    tilt_low, tilt_high = model.PELVIC_TILT_RANGE
    return {
        "hip": geo.hip.tolist(),
        "femur": geo.femur_points[0].tolist(),
        "start": geo.pelvis_points[-1].tolist(),
        "origin": geo.wrap_origin.tolist(),
        "rotation": geo.wrap_rotation.tolist(),
        "radius": geo.wrap_radius,
        "side": geo.wrap_side,
        "pelvis": pelvis_part,
        "femur_part": femur_part,
        "neutral": model.neutral_length(name),
        "range": [low, high],
        "tilt_range": [tilt_low, tilt_high],
        "bad": template(psoas_at, "x"),
    }


def question_data(question_id: str) -> dict:
    from psoas_course.core.bank import find_question
    from psoas_course.core.marking import rules
    from psoas_course.ui.quiz import check_answer

    question = find_question(question_id)
    if question is None:
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            check_answer(question_id, "")
        return {"missing": printed.getvalue().rstrip("\n")}
    keep = ("id", "type", "units", "answers", "fallback_feedback")
    return {
        "question": {k: question[k] for k in keep if k in question},
        "text": question.get("question", ""),
        "rules": rules(),  # the marking rule book quiz.js reads (psoas_course.core.marking)
    }


def nerves_data() -> dict:
    from psoas_course.topics import tryit
    from psoas_course.topics.plexus import ELSEWHERE, SHORT_WHERE, nerves
    from psoas_course.topics.tryit import nerve_for

    return {
        "nerves": [
            {
                "lead": f"{n.name} (roots {n.roots}; it "
                f"{SHORT_WHERE.get(n.leaves_psoas, n.leaves_psoas)} of the psoas) supplies ",
                "muscles": n.supplies_muscles,
                "skin": n.supplies_skin,
                "muscles_lower": n.supplies_muscles.lower(),
                "skin_lower": n.supplies_skin.lower(),
            }
            for n in nerves()
        ],
        "elsewhere": [{"keys": list(e.keys), "answer": e.answer} for e in ELSEWHERE],
        "common": sorted(tryit._COMMON),  # noqa: SLF001 (same package)
        "gap": tryit._GAP,  # noqa: SLF001
        "short": template(nerve_for, "x"),
        "none": template(nerve_for, "zzqqxxjj"),
    }


def ledger_data() -> dict:
    from psoas_course.topics.claims import load_claims
    from psoas_course.topics.tryit import claims_about

    table = load_claims()
    return {
        "claims": [
            {"id": r.id, "claim": r.claim, "lower": r.claim.lower(), "verdict": r.verdict}
            for r in table.itertuples()
        ],
        "short": template(claims_about, "x"),
        "none": template(claims_about, "zzqqxxjj"),
    }


def day_data(rows: list[int]) -> dict:
    """The example day with its bands; ``rows`` are the ones the form edits."""
    from psoas_course.core import model
    from psoas_course.topics import sitting

    day = sitting.example_day()
    typical = sitting.activities().set_index("activity")["hip_flexion_deg"]
    return {
        "rows": [
            {
                "label": int(label),
                "activity": row.activity,
                "hours": float(row.hours),
                "band": sitting.band(model.evaluate(row.hip_flexion_deg).percent_change),
                "cycle": row.activity == sitting.WALKING
                and float(row.hip_flexion_deg) == float(typical[sitting.WALKING]),
            }
            for label, row in day.iterrows()
        ],
        "edit": rows,
        "bands": list(sitting.BANDS),
        "shares": sitting.walking_shares(),
        "colours": sitting.BAND_COLOURS,
    }


# -- reading a Try-it cell ---------------------------------------------------------------------
@dataclass
class Arg:
    name: str  # the key tryit.js reads
    label: str
    default: str  # the cell's value, as typed


@dataclass
class TryCall:
    kind: str
    signature: str
    args: list[Arg]
    hint: str
    data: dict = field(default_factory=dict)


def _comments(source: str) -> dict[int, str]:
    """Line number → the "change me" comment's text after "change me:"."""
    found = {}
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.COMMENT and "change me" in tok.string.lower():
                text = re.sub(r"^#\s*change me\s*:?\s*", "", tok.string, flags=re.I)
                text = re.sub(r"\s*between the quotes", "", text).strip()  # no quotes in a form
                found[tok.start[0]] = text[:1].upper() + text[1:]
    except (tokenize.TokenError, SyntaxError):
        pass
    return found


def _literal(node) -> str | None:
    try:
        value = ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError):
        return None
    return str(value) if isinstance(value, (int, float, str)) else None


def _argument(call: ast.Call, position: int, name: str):
    for kw in call.keywords:
        if kw.arg == name:
            return kw.value
    return call.args[position] if len(call.args) > position else None


THIGH = "Thigh angle in degrees (hip_flexion_deg)"
TILT = "Pelvic tilt in degrees (pelvic_tilt_deg)"


def find_calls(source: str) -> list[TryCall]:
    """The calls in a Try-it cell that get a form, in the cell's order (none if it has none)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    comments = _comments(source)
    names: dict[str, tuple[ast.expr, int]] = {}  # my_answer = "..." in the cell
    day_edit = None  # my_day.loc[[1, 4], "hours"] = [6, 3.5]
    for node in ast.walk(tree):
        if not isinstance(node, ast.Assign) or len(node.targets) != 1:
            continue
        target = node.targets[0]
        if isinstance(target, ast.Name):
            names[target.id] = (node.value, node.lineno)
        elif isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Tuple):
            where = [_any_literal(e) for e in target.slice.elts]
            values = _any_literal(node.value)
            if (
                len(where) == 2
                and isinstance(where[0], list)
                and where[1] == "hours"
                and isinstance(values, list)
                and len(values) == len(where[0])
            ):
                day_edit = (where[0], values, node.lineno)

    def value_of(node):
        """The literal, or the literal a name was given in the cell, with its line."""
        if isinstance(node, ast.Name) and node.id in names:
            value, line = names[node.id]
            return _literal(value), line
        return (_literal(node) if node is not None else None), None

    calls = []
    for node in sorted(
        (n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)),
        key=lambda n: (n.lineno, n.col_offset),
    ):
        kind, line = node.func.id, node.lineno
        if kind == "psoas_at":
            value, _ = value_of(_argument(node, 0, "hip_flexion_deg"))
            calls.append(
                TryCall(
                    kind,
                    "psoas_at(hip_flexion_deg=…)",
                    [Arg("hip_flexion_deg", THIGH, value if value is not None else "0")],
                    comments.get(line, ""),
                )
            )
        elif kind == "effective_hip_flexion":
            hip, _ = value_of(_argument(node, 0, "hip_flexion_deg"))
            tilt, _ = value_of(_argument(node, 1, "pelvic_tilt_deg"))
            calls.append(
                TryCall(
                    kind,
                    "effective_hip_flexion(hip_flexion_deg, pelvic_tilt_deg)",
                    [
                        Arg("hip_flexion_deg", THIGH, hip if hip is not None else "0"),
                        Arg("pelvic_tilt_deg", TILT, tilt if tilt is not None else "0"),
                    ],
                    comments.get(line, ""),
                )
            )
        elif kind == "check_answer":
            qid, _ = value_of(_argument(node, 0, "question_id"))
            answer, answer_line = value_of(_argument(node, 1, "answer"))
            if qid is None:
                continue
            hint = comments.get(line) or comments.get(answer_line, "")
            calls.append(
                TryCall(
                    kind,
                    f'check_answer("{qid}", answer)',
                    [Arg("answer", "Your answer", answer or "")],
                    hint,
                    {"id": qid},
                )
            )
        elif kind in ("nerve_for", "claims_about"):
            name = "part" if kind == "nerve_for" else "word"
            value, _ = value_of(_argument(node, 0, name))
            label = (
                "A muscle or a patch of skin (part)"
                if kind == "nerve_for"
                else "A word the claims might use (word)"
            )
            calls.append(
                TryCall(
                    kind, f"{kind}({name})", [Arg(name, label, value or "")], comments.get(line, "")
                )
            )
        elif kind == "show_day" and day_edit is not None:
            rows, values, edit_line = day_edit
            calls.append(
                TryCall(
                    kind,
                    "show_day(my_day)",
                    [Arg(f"row{r}", f"row {r}", str(v)) for r, v in zip(rows, values)],
                    comments.get(edit_line, ""),
                    {"rows": rows},
                )
            )
    return calls


def _any_literal(node):
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError):
        return None


def with_data(call: TryCall) -> TryCall:
    """``call`` with what tryit.js needs to print its readout (read from the package now)."""
    if all(call.hint.lower() in arg.label.lower() for arg in call.args):
        call.hint = ""  # "a muscle or a patch of skin": the label says it already
    if call.kind in ("psoas_at", "effective_hip_flexion"):
        call.data = model_data()
    elif call.kind == "check_answer":
        call.data = question_data(call.data["id"])
        units = call.data.get("question", {}).get("units")
        if units:
            call.args[0].label = f"Your answer ({units})"
    elif call.kind == "nerve_for":
        call.data = nerves_data()
    elif call.kind == "claims_about":
        call.data = ledger_data()
    elif call.kind == "show_day":
        call.data = day_data(call.data["rows"])
        names = {r["label"]: r["activity"] for r in call.data["rows"]}
        for arg, row in zip(call.args, call.data["edit"]):
            arg.label = f"Hours {names.get(row, 'in row')} (row {row})"
    call.data["kind"] = call.kind
    return call


# -- the form ------------------------------------------------------------------------------------
def _json_for_script(data) -> str:
    """JSON safe inside a <script> element: no markup can close or open a tag."""
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def form_html(calls: list[TryCall], uid: str) -> str:
    """One box after the cell: a form per call, hidden until tryit.js runs."""
    forms = []
    for n, call in enumerate(calls):
        fid = f"{uid}-{n}"
        hint_id = f"{fid}-hint"
        described = f' aria-describedby="{hint_id}"' if call.hint else ""
        fields = "".join(
            f'<span class="psoas-tryit-field"><label for="{fid}-{i}">{escape(arg.label)}</label> '
            f'<input id="{fid}-{i}" name="{escape(arg.name)}" type="text" '
            f'value="{escape(arg.default)}" autocomplete="off" spellcheck="false" '
            f'autocapitalize="off"{described}>'
            "</span>"
            for i, arg in enumerate(call.args)
        )
        question = call.data.get("text")
        forms.append(
            f'<form class="psoas-tryit-form" data-kind="{call.kind}" novalidate>'
            f"<fieldset><legend><code>{escape(call.signature)}</code></legend>"
            + (f'<p class="psoas-tryit-question">{escape(question)}</p>' if question else "")
            + f'<span class="psoas-tryit-fields">{fields}'
            '<button type="submit">Run</button></span>'
            + (
                f'<p class="psoas-tryit-hint" id="{hint_id}">{escape(call.hint)}</p>'
                if call.hint
                else ""
            )
            + "</fieldset>"
            '<div class="psoas-tryit-out" role="status" aria-live="polite" aria-atomic="true">'
            "</div>"
            f'<script type="application/json" class="psoas-tryit-data">'
            f"{_json_for_script(call.data)}</script></form>"
        )
    return (
        '<div class="psoas-tryit" hidden><p class="psoas-tryit-intro"><strong>Try it here'
        "</strong>, without Python: change a value and press Run (or Enter). Your browser "
        "prints what the cell above prints.</p>" + "".join(forms) + "</div>"
    )


# -- Sphinx ----------------------------------------------------------------------------------------
def add_forms(app, doctree, docname):
    """Put a form after every Try-it cell of a lesson (cells with a "change me" comment)."""
    from docutils import nodes

    if not docname.startswith("notebooks/"):
        return
    cells = [
        node for node in doctree.findall(nodes.container) if node.get("nb_element") == "cell_code"
    ]
    for cell in cells:
        source_node = next(
            (c for c in cell.children if c.get("nb_element") == "cell_code_source"), None
        )
        source = source_node.astext() if source_node is not None else ""
        if "change me" not in source.lower():
            continue
        calls = [with_data(call) for call in find_calls(source)]
        if not calls:
            continue
        uid = (
            f"psoas-tryit-{re.sub(r'[^a-z0-9]+', '-', docname.lower())}-{cell.get('cell_index', 0)}"
        )
        raw = nodes.raw("", form_html(calls, uid), format="html")
        cell.parent.insert(cell.parent.index(cell) + 1, raw)


def load_script(app, pagename, templatename, context, doctree):
    """tryit.js on pages with a form, and course.css if no output brought it.

    A check_answer form marks with the page's quiz engine (quiz.js, with srs.js before it),
    which every lesson page loads for its self-check.
    """
    body = context.get("body") or ""
    if 'class="psoas-tryit-form"' not in body:
        return
    app.add_js_file(f"{STATIC_FOLDER}/{SCRIPT}", loading_method="defer")
    css = {str(getattr(c, "filename", c) or "") for c in context.get("css_files") or []}
    if f"_static/{STATIC_FOLDER}/course.css" not in css:
        app.add_css_file(f"{STATIC_FOLDER}/course.css")


def script_text() -> str:
    return (resources.files("psoas_course.ui") / "assets" / SCRIPT).read_text(encoding="utf-8")


def copy_script(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    folder = Path(app.outdir) / "_static" / STATIC_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    (folder / SCRIPT).write_text(script_text(), encoding="utf-8")


def setup(app):
    """Called from sphinx_ext.setup. Before sphinx_ext.dedupe_scripts (500), which replaces the
    page's script list, and after its load_page_assets_once (400), which adds course.css."""
    app.connect("doctree-resolved", add_forms)
    app.connect("html-page-context", load_script, priority=450)
    app.connect("build-finished", copy_script)
