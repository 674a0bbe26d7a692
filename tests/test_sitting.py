"""The sitting-day table: sorted hours, and one friendly message for every bad row."""

import pandas as pd
import pytest

from psoas_course.topics import sitting
from psoas_course.topics.sitting import DayError


def test_example_day_adds_up_and_sorts_by_length():
    hours = sitting.hours_by_band(sitting.example_day())
    assert sum(hours.values()) == pytest.approx(sitting.example_day()["hours"].sum())
    shares = sitting.walking_shares()
    # desk, driving, sofa, and the swing of 1.5 h of walking
    assert hours["shortened"] == pytest.approx(8 + 1 + 3 + 1.5 * shares["shortened"])
    # the extended part of every step is lengthened time: about 14 minutes
    assert hours["lengthened"] == pytest.approx(1.5 * shares["lengthened"])
    assert 0.2 < hours["lengthened"] < 0.3


def test_walking_at_another_angle_is_one_angle_not_a_step_cycle():
    day = pd.DataFrame({"activity": ["walking"], "hours": [2], "hip_flexion_deg": [0]})
    assert sitting.hours_by_band(day) == {"shortened": 0, "neutral": 2, "lengthened": 0}


def test_every_slider_of_the_sitting_day_changes_the_drawing():
    diagram = sitting.sitting_day_explorer()
    base = diagram.render()[0]
    for control in diagram.controls:
        moved = control.value + control.step if control.value < control.high else control.low
        assert diagram.render(**{control.name: moved})[0] != base, control.name


def test_bands_follow_the_model():
    assert sitting.band(-20) == "shortened"
    assert sitting.band(0) == "neutral"
    assert sitting.band(5) == "lengthened"
    day = pd.DataFrame({"activity": ["kneeling lunge stretch"], "hours": [0.5]})
    assert sitting.hours_by_band(day)["lengthened"] == 0.5


def test_an_angle_overrides_the_typical_one():
    day = pd.DataFrame({"activity": ["sitting at a desk"], "hours": [2], "hip_flexion_deg": [0]})
    assert sitting.hours_by_band(day)["neutral"] == 2


def test_rows_are_named_by_the_labels_pandas_shows():
    day = pd.DataFrame({"activity": ["standing", "flying"], "hours": [1, 1]}, index=[10, 20])
    with pytest.raises(DayError, match=r"row 20 \('flying'\)"):
        sitting.check_day(day)


def test_every_bad_row_is_listed_in_one_message():
    day = pd.DataFrame(
        {
            "activity": ["sitting at a desk", "flying", "walking", "standing"],
            "hours": [-1, "ten", 30, None],
            "hip_flexion_deg": [200, None, "steep", 0],
        }
    )
    with pytest.raises(DayError) as err:
        sitting.check_day(day)
    message = str(err.value)
    for fragment in (
        "row 0 ('sitting at a desk'): hours cannot be negative",
        "row 0 ('sitting at a desk'): hip_flexion_deg must be between -30 and 120",
        "row 1 ('flying'): unknown activity",
        "row 1 ('flying'): hours must be a number, got 'ten'",
        "row 2 ('walking'): hip_flexion_deg must be a number, got 'steep'",
        "row 3 ('standing'): hours must be a number",
        "more than the 24 in a day",
    ):
        assert fragment in message


@pytest.mark.parametrize("bad", [None, [1, 2], "a day", pd.DataFrame({"hours": [1]})])
def test_not_a_day_table(bad):
    with pytest.raises(DayError, match="example_day"):
        sitting.check_day(bad)


def test_show_day_returns_a_message_not_a_traceback():
    shown = sitting.show_day(pd.DataFrame({"activity": ["<b>napping</b>"], "hours": [1]}))
    assert "unknown activity" in shown.data and "role='alert'" in shown.data
    assert "<b>" not in shown.data and "&lt;b&gt;" in shown.data
    assert "<svg" in sitting.show_day(sitting.example_day()).data


def test_too_many_hours_on_the_sliders_is_explained():
    diagram = sitting.sitting_day_explorer()
    svg, text = diagram.render(sitting=16, upright=12, sleep_curled=10)
    assert "more than 24" in text and "<svg" in svg
