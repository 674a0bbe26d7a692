"""The claims ledger: every claim of the five sources, graded against the evidence."""

from __future__ import annotations

import os
import re
from html import escape
from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from psoas_course.core.data import DataError, data_dir, load_table
from psoas_course.course import lessons
from psoas_course.ui.diagram import inline_asset, unique_id

VERDICTS = ("consensus", "partly true", "disputed", "contradicted", "opinion")
SOURCES = {
    "000": "Ogle, Verywell Fit",
    "001": "Johnson, Yellow Brick PT blog",
    "002": "Pilates teacher's blog",
    "003": "Burnham blog",
    "004": "fitness-equipment company's blog",
}


def lesson_titles() -> dict[str, str]:
    """Lesson number ("02") -> title, from the course's lesson index."""
    return {f"{item.number:02d}": item.title for item in lessons()}


COLUMNS = {
    "id": "text",
    "claim": "text",
    "sources": "text",
    "lesson": "text",
    "verdict": "text",
    "evidence": "text",
    "bib_keys": "text",
}


def bib_keys(path: Path | None = None) -> set[str]:
    """Citation keys defined in references.bib."""
    path = path or data_dir().parent / "references.bib"
    if not path.is_file():
        raise DataError(f"{path}: file not found (the bibliography)")
    return set(re.findall(r"@\w+\s*\{\s*([^,\s]+)\s*,", path.read_text(encoding="utf-8")))


def load_claims(folder: Path | None = None, bib: Path | None = None) -> pd.DataFrame:
    """The ledger, checked: known verdicts, lessons and sources, bib keys that exist."""
    table = load_table("claims.csv", COLUMNS, folder)
    path = (folder or data_dir()) / "claims.csv"
    keys = bib_keys(bib)
    seen = set()
    for number, row in enumerate(table.itertuples(), start=2):
        where = f"{path}: row {number} ({row.id})"
        if row.id in seen:
            raise DataError(f"{where}: field 'id': duplicate id")
        seen.add(row.id)
        if row.verdict not in VERDICTS:
            raise DataError(
                f"{where}: field 'verdict': {row.verdict!r} is not one of {', '.join(VERDICTS)}"
            )
        if row.lesson not in lesson_titles():
            raise DataError(f"{where}: field 'lesson': {row.lesson!r} is not a lesson number")
        for source in row.sources.split(";"):
            if source.strip() not in SOURCES:
                raise DataError(f"{where}: field 'sources': unknown source {source!r}")
        cited = [k.strip() for k in row.bib_keys.split(";") if k.strip()]
        if not cited:
            raise DataError(f"{where}: field 'bib_keys': cite at least one reference")
        unknown = [k for k in cited if k not in keys]
        if unknown:
            raise DataError(
                f"{where}: field 'bib_keys': not in references.bib: {', '.join(unknown)}"
            )
        if not row.claim.strip() or not row.evidence.strip():
            raise DataError(f"{where}: fields 'claim' and 'evidence' must not be empty")
    return table


def claim_anchor(claim_id: str) -> str:
    """The row's id on the ledger page: lessons link ``claims-ledger.md#claim-c12``."""
    return f"claim-{claim_id.strip().lower()}"


def _rows_html(table: pd.DataFrame) -> str:
    rows = []
    for r in table.itertuples():
        sources = ", ".join(s.strip() for s in r.sources.split(";"))
        rows.append(
            f'<tr id="{claim_anchor(r.id)}" data-lesson="{escape(r.lesson)}" '
            f'data-verdict="{escape(r.verdict)}" '
            f'data-sources="{escape(r.sources)}"><td data-label="Id">{escape(r.id)}</td>'
            f'<td data-label="Claim">{escape(r.claim)}</td>'
            f'<td data-label="Sources">{escape(sources)}</td>'
            f'<td data-label="Lesson">{escape(r.lesson)}</td>'
            f'<td data-label="Verdict"><strong>{escape(r.verdict)}</strong></td>'
            f'<td data-label="Evidence">{escape(r.evidence)}</td>'
            f'<td data-label="Keys">{escape(r.bib_keys.replace(";", ", "))}</td></tr>'
        )
    return "".join(rows)


def ledger_html(table: pd.DataFrame | None = None, caption: str = "Claims ledger") -> str:
    """A static, accessible table of claims."""
    table = load_claims() if table is None else table
    head = "".join(
        f'<th scope="col">{h}</th>'
        for h in ("Id", "Claim (our words)", "Sources", "Lesson", "Verdict", "Evidence", "Keys")
    )
    return (
        f'<div class="psoas-ledger-wrap" style="overflow-x:auto" tabindex="0" '
        f'role="region" aria-label="{escape(caption)}">'
        # on a phone each claim becomes a card (course.css, .psoas-cards)
        f'<table class="psoas-ledger psoas-cards"><caption>{escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{_rows_html(table)}</tbody></table></div>"
    )


def filter_claims(
    table: pd.DataFrame, lesson: str = "all", verdict: str = "all", source: str = "all"
) -> pd.DataFrame:
    """Rows matching the chosen lesson, verdict and source ("all" keeps everything)."""
    keep = pd.Series(True, index=table.index)
    if lesson != "all":
        keep &= table["lesson"] == lesson
    if verdict != "all":
        keep &= table["verdict"] == verdict
    if source != "all":
        keep &= table["sources"].str.split(";").apply(lambda s: source in [x.strip() for x in s])
    return table[keep]


class LedgerExplorer:
    """Filter the ledger: ipywidgets in a kernel, select boxes in the static book."""

    def __init__(self):
        self.table = load_claims()
        lessons = [(f"{k} {v}", k) for k, v in lesson_titles().items()]
        self.options = {
            "lesson": [("All lessons", "all")] + lessons,
            "verdict": [("All verdicts", "all")] + [(v, v) for v in VERDICTS],
            "source": [("All sources", "all")] + [(f"{k} {v}", k) for k, v in SOURCES.items()],
        }

    def widget(self) -> widgets.VBox:
        pickers = {
            name: widgets.Dropdown(options=opts, value="all", description=name.capitalize())
            for name, opts in self.options.items()
        }
        count = widgets.HTML()
        view = widgets.HTML()

        def refresh(_change=None):
            chosen = filter_claims(self.table, **{n: w.value for n, w in pickers.items()})
            count.value = f"<p>{len(chosen)} of {len(self.table)} claims</p>"
            view.value = ledger_html(chosen)

        for w in pickers.values():
            w.observe(refresh, names="value")
        refresh()
        box = widgets.VBox([widgets.HBox(list(pickers.values())), count, view])
        box.pickers, box.count, box.view, box.refresh = pickers, count, view, refresh
        return box

    def static_html(self) -> str:
        uid = unique_id("ledger")
        selects = "".join(
            f'<label for="{uid}-{name}">{name.capitalize()} </label>'
            f'<select id="{uid}-{name}" data-filter="{name}">'
            + "".join(f'<option value="{escape(v)}">{escape(label)}</option>' for label, v in opts)
            + "</select> "
            for name, opts in self.options.items()
        )
        return (
            f'<div class="psoas-ledger-explorer" id="{uid}" data-lm-suppress-shortcuts="true">'
            f"{inline_asset('course.css')}<div>{selects}</div>"
            f'<p class="psoas-count" aria-live="polite">{len(self.table)} of '
            f"{len(self.table)} claims</p>{ledger_html(self.table)}"
            f"{inline_asset('ledger.js')}</div>"
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.widget()._repr_mimebundle_()
        bundle["text/html"] = self.static_html()
        bundle["text/plain"] = f"Claims ledger explorer ({len(self.table)} claims)"
        return bundle


def ledger_explorer() -> LedgerExplorer:
    """One line in a lesson: ``ledger_explorer()``."""
    return LedgerExplorer()


def coverage_html() -> str:
    """How many ledger claims each source makes, by verdict: an accessible table."""
    table = load_claims()
    head = "".join(f'<th scope="col">{escape(v)}</th>' for v in VERDICTS)
    rows = []
    for source, name in SOURCES.items():
        mine = table[table["sources"].apply(lambda s, k=source: k in s.split(";"))]
        counts = mine["verdict"].value_counts()
        cells = "".join(f"<td>{int(counts.get(v, 0))}</td>" for v in VERDICTS)
        rows.append(
            f'<tr><th scope="row">{escape(name)}</th>{cells}'
            f"<td><strong>{len(mine)}</strong></td></tr>"
        )
    return (
        f'<table class="psoas-ledger"><caption>Claims in the ledger by source and verdict '
        f"({len(table)} claims; a claim made by several sources counts for each)</caption>"
        f'<thead><tr><th scope="col">Source</th>{head}<th scope="col">Total</th></tr>'
        f"</thead><tbody>{''.join(rows)}</tbody></table>" + source_coverage_html()
    )


# --- Attribution: every (claim, source) pair is anchored by a short exact quote -----------

MAX_QUOTE_WORDS = 11
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_QUOTE_MARKS = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def normalise_quote(text: str) -> str:
    """Compare texts the way a reader would: curly quotes straight, runs of space as one."""
    return re.sub(r"\s+", " ", text.translate(_QUOTE_MARKS)).strip()


def quote_words(text: str) -> int:
    """Words in a quote, counted as the verbatim checker counts them."""
    return len(_WORD.findall(normalise_quote(text).lower()))


def sources_dir() -> Path:
    """The source articles: ``../shared/sources`` beside the repository (not part of it)."""
    override = os.environ.get("PSOAS_SOURCES_DIR")
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[3].parent / "shared" / "sources"


def source_texts(folder: Path | None = None) -> dict[str, str]:
    """Source key ("000") -> article text; empty when the articles are not on this machine."""
    folder = folder or sources_dir()
    if not folder.is_dir():
        return {}
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(folder.glob("0*.txt"))}


def load_source_claims(folder: Path | None = None) -> pd.DataFrame:
    """The anchors (``data/source_claims.csv``), checked against the ledger."""
    columns = {"source": "text", "quote": "text", "claim_id": "text", "note": "text"}
    table = load_table("source_claims.csv", columns, folder)
    path = (folder or data_dir()) / "source_claims.csv"
    ids = set(load_table("claims.csv", {"id": "text"}, folder)["id"])
    for number, row in enumerate(table.itertuples(), start=2):
        where = f"{path}: row {number}"
        if row.source not in SOURCES:
            raise DataError(f"{where}: field 'source': unknown source {row.source!r}")
        words = quote_words(row.quote)
        if not 0 < words <= MAX_QUOTE_WORDS:
            raise DataError(
                f"{where}: field 'quote': {words} words; quote 1 to {MAX_QUOTE_WORDS} words"
            )
        if row.claim_id and row.claim_id not in ids:
            raise DataError(f"{where}: field 'claim_id': {row.claim_id!r} is not in claims.csv")
        if not row.claim_id and not row.note.strip():
            raise DataError(
                f"{where}: field 'note': say why a passage without a claim_id is not a claim"
            )
    return table


def _passages(text: str) -> list[str]:
    """Paragraphs of an article with at least eight words (headings and chrome drop out)."""
    paragraphs = (normalise_quote(p) for p in re.split(r"\n\s*\n", text))
    return [p for p in paragraphs if len(_WORD.findall(p.lower())) >= 8]


def source_coverage(texts: dict[str, str], anchors: pd.DataFrame) -> dict[str, tuple[int, int]]:
    """Source -> (passages anchored to a claim, substantive passages).

    A passage whose only anchors are notes (marketing, anecdote, page chrome) is judged not
    substantive; one with no anchor at all still counts as substantive, so it shows as a gap.
    """
    result = {}
    for source, text in texts.items():
        mine = anchors[anchors["source"] == source]
        quotes = [(normalise_quote(q), bool(c)) for q, c in zip(mine["quote"], mine["claim_id"])]
        anchored = substantive = 0
        for passage in _passages(text):
            hits = [is_claim for quote, is_claim in quotes if quote in passage]
            if any(hits):
                anchored += 1
            if any(hits) or not hits:
                substantive += 1
        result[source] = (anchored, substantive)
    return result


def source_coverage_html() -> str:
    """Anchored / substantive passages per source, or a note when the articles are absent."""
    texts = source_texts()
    if not texts:
        return (
            "<p>The source articles are not on this machine (they live in "
            "<code>../shared/sources</code>, outside the repository), so passage coverage "
            "is not computed in this build.</p>"
        )
    coverage = source_coverage(texts, load_source_claims())
    rows = "".join(
        f'<tr><th scope="row">{escape(SOURCES[s])}</th><td>{a}</td><td>{n}</td>'
        f"<td>{100 * a / n:.0f}%</td></tr>"
        for s, (a, n) in coverage.items()
        if s in SOURCES and n
    )
    return (
        '<table class="psoas-ledger"><caption>Passages of each article anchored to a ledger '
        "claim by an exact short quote (data/source_claims.csv)</caption>"
        '<thead><tr><th scope="col">Source</th><th scope="col">Anchored passages</th>'
        '<th scope="col">Substantive passages</th><th scope="col">Coverage</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )
