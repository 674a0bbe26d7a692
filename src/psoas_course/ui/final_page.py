"""The closed-book final check (book/final-check.md): the frame the page script fills.

The questions are not rendered here: ``assets/final.js`` draws them in the browser, per
learner and per attempt, from the pool written into the page at build time
(:func:`psoas_course.core.final_pool.page_data`), marks them with quiz.js's rules and
keeps the attempts and the answers (FSRS) with srs.js.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from psoas_course.core.final_pool import PER_ATTEMPT, load_pool, page_data
from psoas_course.core.marking import rules
from psoas_course.ui.diagram import inline_asset, unique_id
from psoas_course.ui.quiz import _json_for_script

NOSCRIPT = (
    "The final check needs JavaScript to draw your questions, mark your answers and give "
    "your score; it is off in this browser."
)

# the numbers are in the legends ("3. ..."), where a screen reader reads them with the question
LIST_STYLE = 'style="list-style:none;padding-left:0;margin-left:0"'


@dataclass
class FinalCheckPage:
    data: dict = field(default_factory=dict)

    def __repr__(self) -> str:
        lessons = self.data["lessons"]
        asked = PER_ATTEMPT * len(lessons)
        return (
            f"Final check: {asked} questions drawn from {len(lessons)} lessons per attempt, "
            f"and {len(self.data['beliefs'])} beliefs scored apart (answer them in the page)"
        )

    def _repr_html_(self) -> str:
        uid = unique_id("final-check")
        lessons, beliefs = self.data["lessons"], self.data["beliefs"]
        asked = PER_ATTEMPT * len(lessons)
        mark = round(self.data["pass_mark"] * 100)
        first, last = lessons[0]["number"], lessons[-1]["number"]
        numbers = {lesson["key"]: lesson["number"] for lesson in lessons}
        homes = sorted({numbers[self.data["questions"][b["id"]]["lesson"]] for b in beliefs})
        where = " and ".join(f"lesson {n}" for n in homes)
        return (
            f'<noscript><p class="psoas-noscript">{NOSCRIPT}</p></noscript>'
            f'<section class="psoas-quiz psoas-final-page psoas-needs-js" id="{uid}" '
            f'aria-labelledby="{uid}-title" data-kind="final-page" '
            'data-lm-suppress-shortcuts="true">'
            f"{inline_asset('course.css')}"
            f'<h2 id="{uid}-title">Your final check</h2>'
            f"<p>{asked} questions, {PER_ATTEMPT} from each of the {len(lessons)} lessons "
            f"(lessons {first} to {last}), drawn for you and mixed. Your first answer to each "
            f"counts; the pass mark is {mark}%."
            + (
                f" Then {len(beliefs)} beliefs from {where} come back, scored apart."
                if beliefs
                else ""
            )
            + "</p>"
            '<p class="psoas-notice" role="status" hidden></p>'
            f'<p class="psoas-final-attempt" id="{uid}-attempt" tabindex="-1"></p>'
            f'<ol class="psoas-final-list" aria-labelledby="{uid}-title" {LIST_STYLE}></ol>'
            + (
                f'<h3 id="{uid}-beliefs">Beliefs, scored apart</h3>'
                f"<p>You answered these in {where}. Each is marked only once you have opened "
                "the lesson that answers it; until then your answer is noted, not marked.</p>"
                f'<ol class="psoas-final-beliefs" aria-labelledby="{uid}-beliefs" '
                f"{LIST_STYLE}></ol>"
                if beliefs
                else '<ol class="psoas-final-beliefs" hidden></ol>'
            )
            + f'<h3 id="{uid}-score-title">Your score</h3>'
            '<div class="psoas-score psoas-final-score" role="status" aria-live="polite"></div>'
            '<p><button type="button" class="psoas-final-retake">Start a new attempt</button> '
            '<span class="psoas-meta">A new attempt draws other questions; your score here '
            "is kept below.</span></p>"
            '<div class="psoas-final-past"></div>'
            '<p class="psoas-meta psoas-storage">Your answers and attempts stay in this browser '
            "only, and each answer joins your reviews (the review page).</p>"
            f'<script type="application/json" class="psoas-final-data">'
            f"{_json_for_script(self.data)}</script>"
            f'<script type="application/json" class="psoas-rules">'
            f"{_json_for_script(rules())}</script>"
            # quiz.js here only defines its marking (window.PsoasQuiz): data-ready keeps it
            # from starting a quiz on this element
            f'<div hidden data-ready="1">{inline_asset("srs.js")}{inline_asset("quiz.js")}</div>'
            f"{inline_asset('final.js')}</section>"
        )


def final_check_page() -> FinalCheckPage:
    """The final-check page's frame with its pool (raises PoolError on a bad pool file)."""
    return FinalCheckPage(page_data(load_pool()))
