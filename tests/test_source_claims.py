"""Attribution: every ledger claim is anchored in the articles it names by a short exact quote.

The articles are other people's writing and are not in the repository; the quote check reads
them from ``../shared/sources`` beside the clone (CI has it) and skips, saying so, elsewhere.
"""

import shutil

import pytest

from psoas_course.core.data import DataError, data_dir
from psoas_course.topics import claims


def ledger_pairs():
    table = claims.load_claims()
    return {
        (row.id, source.strip()) for row in table.itertuples() for source in row.sources.split(";")
    }


def anchored_pairs():
    anchors = claims.load_source_claims()
    return {(row.claim_id, row.source) for row in anchors.itertuples() if row.claim_id}


@pytest.fixture(scope="module")
def texts():
    found = claims.source_texts()
    if not found:
        pytest.skip(
            f"source articles not found in {claims.sources_dir()} (they are kept outside the "
            "repository, in ../shared/sources); the quote check runs where they are present"
        )
    return found


def test_every_quote_stands_in_its_source(texts):
    missing = [
        f"{row.source}: {row.quote!r}"
        for row in claims.load_source_claims().itertuples()
        if claims.normalise_quote(row.quote) not in claims.normalise_quote(texts[row.source])
    ]
    assert not missing, "quotes not found in their source article:\n" + "\n".join(missing)


def test_every_ledger_claim_and_source_has_an_anchor():
    missing = sorted(ledger_pairs() - anchored_pairs())
    assert not missing, f"ledger (claim, source) pairs without a quote: {missing}"


def test_ledger_sources_equal_the_anchored_sources():
    extra = sorted(anchored_pairs() - ledger_pairs())
    assert not extra, f"anchored in a source the ledger's 'sources' column omits: {extra}"


def test_passages_judged_not_claims_carry_a_note():
    anchors = claims.load_source_claims()
    assert (anchors["claim_id"] == "").sum() > 0
    assert (anchors.loc[anchors["claim_id"] == "", "note"].str.strip() != "").all()


def test_quote_comparison_ignores_curly_quotes_and_spacing():
    assert claims.normalise_quote("it\u2019s  \n the \u201ccore\u201d") == 'it\'s the "core"'
    assert claims.quote_words("Nothing on the back, at all.") == 6


def test_every_source_is_covered(texts):
    coverage = claims.source_coverage(texts, claims.load_source_claims())
    assert set(coverage) == set(claims.SOURCES)
    for source, (anchored, substantive) in coverage.items():
        assert 0 < anchored <= substantive, source


@pytest.fixture
def copied_data(tmp_path):
    for name in ("claims.csv", "source_claims.csv"):
        shutil.copy(data_dir() / name, tmp_path)
    return tmp_path


def test_long_quote_is_rejected_with_file_and_row(copied_data):
    path = copied_data / "source_claims.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    source, rest = lines[1].split(",", 1)
    lines[1] = f"{source},one two three four five six seven eight nine ten eleven twelve,C01,"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"source_claims\.csv: row 2: field 'quote': 12 words"):
        claims.load_source_claims(copied_data)


def test_unknown_claim_id_is_rejected(copied_data):
    path = copied_data / "source_claims.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(",C01,", ",C999,", 1), encoding="utf-8"
    )
    with pytest.raises(DataError, match="'C999' is not in claims.csv"):
        claims.load_source_claims(copied_data)
