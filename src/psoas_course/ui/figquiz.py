"""Questions on the figures, rendered for any reader: a numbered figure and its questions.

A topic module draws a :class:`MarkedFigure`: an SVG with no names on the structures asked
about, the places of its numbered markers and a highlight for each structure. This module
turns it and a question set (``psoas_course.topics.figure_questions`` loads and checks the
file) into HTML. In the page, ``assets/figquiz.js`` shuffles the numbers for each learner,
takes an answer from a tapped marker (a real button) or a list, rings the right structure and
records the answer with ``assets/srs.js`` (window.PsoasSRS), so FSRS schedules it like any
other question. Without scripts (an untrusted notebook, JavaScript off) the figure keeps the
numbers given here and each question has a "Show the answer" box.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html import escape

from psoas_course.ui.diagram import inline_asset, unique_id

ASKS = ("which", "what")  # which number marks X? / what does number N mark?
NUMBER_SLOT = "{n}"  # where a "what" question's text takes the learner's number
HOW = (
    "Each number on the figure marks one structure. Answer by tapping a number on the "
    "figure (or reach it with Tab and press Enter), or choose from the list under the "
    "question. Your numbers are your own: they are shuffled for each learner."
)


@dataclass(frozen=True)
class Mark:
    """One numbered marker: the structure it marks (``key``), where its button sits and the
    point it marks (SVG pixels); ``where`` says where it lies for a screen reader."""

    key: str
    at: tuple[float, float]
    target: tuple[float, float]
    where: str = ""


@dataclass(frozen=True)
class MarkedFigure:
    """A figure drawn for questions: the SVG (its title and description name no structure it
    marks), its size, the markers, and the structures in a fixed default numbering."""

    name: str
    svg: str
    width: float
    height: float
    marks: tuple[Mark, ...]
    keys: tuple[str, ...]  # structures in their default (script-free) numbering, 1 first
    left: float = 0.0  # the viewBox's left and top edges, when the drawing is cropped
    top: float = 0.0
    display: float = 0.0  # widest it is shown (CSS px); 0: its own width

    @property
    def shown_width(self) -> float:
        return self.display or self.width

    def number_of(self, key: str) -> int:
        return self.keys.index(key) + 1


def where_words(x: float, y: float, width: float, height: float) -> str:
    """Where a point lies in a figure, in words: 'top left', 'middle', 'bottom right'."""
    row = ("top", "middle", "bottom")[min(2, int(3 * y / height))]
    col = ("left", "centre", "right")[min(2, int(3 * x / width))]
    if col == "centre":
        return "centre" if row == "middle" else row
    return col if row == "middle" else f"{row} {col}"


def marker_label(number: int, where: str) -> str:
    """The accessible name of a marker: its number and place, never the structure."""
    return f"marker {number}, {where}" if where else f"marker {number}"


@dataclass
class FigureQuiz:
    """A figure with numbered markers and the questions asked on it.

    ``structures`` maps each marked structure's key to ``{"name": ..., "called": ...}``
    (``called``: the name inside a sentence, e.g. "the psoas major"); ``questions`` are
    ``{"id", "ask", "structure", "feedback", "question"}``. ``kind`` is ``"lesson"`` or
    ``"review"`` (only the questions due today are shown; a set with none hides itself).
    """

    figure: MarkedFigure
    lesson: str
    title: str
    intro: str
    structures: dict[str, dict]
    questions: list[dict]
    kind: str = "lesson"
    problems: list[str] = field(default_factory=list)

    def __repr__(self) -> str:
        return (
            f"{self.title}: {len(self.questions)} questions on a figure with "
            f"{len(self.figure.keys)} numbered markers (answer them in the page)"
        )

    def question_text(self, q: dict, number: int | None = None) -> str:
        """The question as shown; a "what" question shows ``number`` (default: the fixed one)."""
        s = self.structures[q["structure"]]
        if q["ask"] == "which":
            return q.get("question") or f"Which number marks {s['called']}?"
        n = number if number is not None else self.figure.number_of(q["structure"])
        text = q.get("question") or "What does number {n} mark?"
        return text.replace(NUMBER_SLOT, str(n))

    def _markers_html(self, uid: str) -> str:
        fig = self.figure
        order = sorted(fig.marks, key=lambda m: (round(m.at[1] / 12), m.at[0]))
        out = []
        for m in order:
            i = fig.keys.index(m.key)
            n = i + 1
            left = 100 * (m.at[0] - fig.left) / fig.width
            top = 100 * (m.at[1] - fig.top) / fig.height
            out.append(
                f'<button type="button" class="psoas-fq-marker" data-s="{i}" '
                f'data-where="{escape(m.where)}" style="left:{left:.2f}%;top:{top:.2f}%" '
                f'aria-label="{escape(marker_label(n, m.where))}" disabled>{n}</button>'
            )
        return "".join(out)

    def _question_html(self, uid: str, number: int, q: dict) -> str:
        qid = f"{uid}-q{number}"
        i = self.figure.keys.index(q["structure"])
        s = self.structures[q["structure"]]
        if q["ask"] == "which":
            choices = "".join(
                f'<label class="psoas-option"><input type="radio" name="{qid}" value="{n}"> '
                f"{n}</label>"
                for n in range(1, len(self.figure.keys) + 1)
            )
        else:
            ordered = sorted(self.figure.keys, key=lambda k: self.structures[k]["name"].lower())
            choices = "".join(
                f'<label class="psoas-option"><input type="radio" name="{qid}" '
                f'value="{self.figure.keys.index(k)}"> {escape(self.structures[k]["name"])}'
                "</label>"
                for k in ordered
            )
        fixed = self.figure.number_of(q["structure"])
        answer = f"Number {fixed} marks {s['called']}. {q['feedback']}"
        return (
            f'<li class="psoas-fq-question" data-qid="{escape(q["id"])}" data-ask="{q["ask"]}" '
            f'data-s="{i}"><fieldset aria-labelledby="{qid}-text">'
            f'<legend id="{qid}-text" tabindex="-1">{escape(self.question_text(q))}</legend>'
            f'<div class="psoas-fq-choices psoas-fq-js" hidden>'
            f'<p class="psoas-meta">{self._choose_hint(q)}</p>{choices}</div>'
            f'<div class="psoas-fq-js" hidden><button type="button" class="psoas-fq-check">'
            f"Check answer</button></div>"
            f'<p class="psoas-feedback" role="status" aria-live="polite" hidden></p>'
            f'<div class="psoas-fq-js" hidden><button type="button" class="psoas-fq-next" hidden>'
            f"Next question</button></div></fieldset>"
            f'<details class="psoas-fq-answer"><summary>Show the answer</summary>'
            f"<p>{escape(answer)}</p></details></li>"
        )

    @staticmethod
    def _choose_hint(q: dict) -> str:
        if q["ask"] == "which":
            return "Tap the number on the figure, or choose it here:"
        return "The number asked about is outlined on the figure. Choose what it marks:"

    def client_data(self) -> dict:
        """What figquiz.js needs: the figure's id, structure names and the questions."""
        keys = self.figure.keys
        return {
            "figure": self.figure.name,
            "lesson": self.lesson,
            "structures": [
                {"name": self.structures[k]["name"], "called": self.structures[k]["called"]}
                for k in keys
            ],
            "questions": [
                {
                    "id": q["id"],
                    "ask": q["ask"],
                    "s": keys.index(q["structure"]),
                    "text": q.get("question") or "",
                    "feedback": q["feedback"],
                }
                for q in self.questions
            ],
        }

    def _repr_html_(self) -> str:
        uid = unique_id(f"figquiz-{self.figure.name}")
        fig = self.figure
        items = "".join(
            self._question_html(uid, n, q) for n, q in enumerate(self.questions, start=1)
        )
        problems = "".join(f'<p class="psoas-problem">{escape(p)}</p>' for p in self.problems)
        review = self.kind == "review"
        return (
            f'<section class="psoas-figquiz psoas-needs-js" id="{uid}" '
            f'aria-labelledby="{uid}-title" data-kind="{self.kind}" '
            f'data-lesson="{escape("" if review else self.lesson)}" '
            f'data-lm-suppress-shortcuts="true"{" hidden" if review else ""}>'
            f"{inline_asset('course.css')}"
            f'<h3 id="{uid}-title">{escape(self.title)}</h3>{problems}'
            f'<p class="psoas-fq-intro">{escape(self.intro)}</p>'
            f'<p class="psoas-meta psoas-fq-js" hidden>{escape(HOW)}</p>'
            f'<div class="psoas-fq-figure" style="max-width:{fig.shown_width:.0f}px">'
            f'<div class="psoas-fq-stage">{fig.svg}{self._markers_html(uid)}</div></div>'
            f'<p class="psoas-fq-progress psoas-fq-js" hidden></p>'
            f'<ol class="psoas-fq-list">{items}</ol>'
            f'<div class="psoas-fq-done psoas-fq-js" hidden><p role="status"></p>'
            f'<button type="button" class="psoas-fq-again">Start again</button></div>'
            f'<p class="psoas-meta psoas-fq-js" hidden><span class="psoas-storage">Your answers '
            "stay in this browser only; each one is scheduled for review like the other "
            "questions.</span></p>"
            f'<script type="application/json" class="psoas-fq-data">'
            f"{_json_for_script(self.client_data())}</script>"
            f"{inline_asset('srs.js')}{inline_asset('figquiz.js')}</section>"
        )


@dataclass
class FigureReview:
    """Every figure question due today, figure by figure (the review page)."""

    sets: list[FigureQuiz]
    problems: list[str] = field(default_factory=list)

    def __repr__(self) -> str:
        count = sum(len(s.questions) for s in self.sets)
        return (
            f"Questions on the figures: {count} in {len(self.sets)} figures (due ones in the page)"
        )

    def _repr_html_(self) -> str:
        problems = "".join(f'<p class="psoas-problem">{escape(p)}</p>' for p in self.problems)
        return (
            '<div class="psoas-fq-review">'
            f"{problems}"
            '<p class="psoas-fq-review-empty" role="status">No questions on the figures are due '
            "today. A figure question you answer in a lesson comes back here on the day it is "
            "due.</p>" + "".join(s._repr_html_() for s in self.sets) + "</div>"
        )


@dataclass
class FigureQuizProblem:
    """What a lesson shows instead of a figure question set that cannot be read."""

    message: str

    def __repr__(self) -> str:
        return f"The questions on the figure cannot be shown: {self.message}"

    def _repr_html_(self) -> str:
        return f'<p class="psoas-problem">{escape(repr(self))}</p>'


def _json_for_script(data) -> str:
    """JSON safe inside a <script> element: no markup can close or open a tag."""
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
