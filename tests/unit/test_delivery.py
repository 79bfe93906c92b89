"""Delivery figures from timed words and speech stretches: pace, fillers, pauses, onset, hedges."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from interview_coach.domain.delivery import (
    DeliveryDataError,
    TimedWord,
    analyse_delivery,
    figures_from_json,
)
from interview_coach.domain.delivery_norms import FILLERS, LENGTH, PACE, evidence_line, figure_readings
from interview_coach.domain.fillers import find_fillers, find_hedges


def kinds(text: str) -> list[str]:
    return [hit.kind for hit in find_fillers(text.split())]


def timed(text: str, start: float = 1.0, step: float = 0.4) -> list[TimedWord]:
    return [TimedWord(word, start + i * step, start + i * step + 0.3) for i, word in enumerate(text.split())]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Um, I led the team.", ["um"]),
        ("I uh led the umm team", ["uh", "um"]),
        ("Er, erm, well", ["er", "er"]),
        ("So I led the team. So we won.", ["so", "so"]),
        ("I did it so that we won", []),
        ("It was like a mess", ["like"]),
        ("and, like, we shipped", ["like"]),
        ("Like, we shipped", ["like"]),
        ("I would like to lead", []),
        ("I'd like to lead", []),
        ("it looks like rain", []),
        ("I really like people", []),
        ("We basically rewrote it", ["basically"]),
        ("it was, you know, hard", ["you know"]),
        ("and you know we shipped", ["you know"]),
        ("do you know the answer", []),
        ("you know how it goes", []),
        ("I did it, you know.", ["you know"]),
    ],
)
def test_fillers_are_found_by_kind_and_meaningful_uses_are_left_alone(text: str, expected: list[str]) -> None:
    assert kinds(text) == expected


def test_hedges_are_listed_in_order() -> None:
    text = "I think we could maybe have done it, I guess, sort of sooner. Maybe."
    assert find_hedges(text.split()) == ["I think", "maybe", "I guess", "sort of", "maybe"]


def test_pace_counts_words_over_speaking_time_without_um_sounds() -> None:
    # 60 words spoken from 2 s to 32 s: 120 words a minute; "um" is not a word.
    words = [TimedWord("um" if i % 10 == 0 else "word", 2 + i * 0.5, 2.4 + i * 0.5) for i in range(60)]
    figures = analyse_delivery(words, [(2.0, 32.0)], cue_end=0.5)
    assert figures.speaking_seconds == pytest.approx(30.0)
    assert figures.wpm == pytest.approx(54 / 0.5)
    assert figures.fillers == {"um": 6}
    assert figures.fillers_per_minute == pytest.approx(12.0)
    assert figures.time_to_first_word == pytest.approx(1.5)


def test_long_pauses_are_reported_with_their_start_and_left_out_of_speaking_time() -> None:
    speech = [(1.0, 10.0), (10.5, 20.0), (23.0, 30.0), (31.5, 40.0)]
    figures = analyse_delivery(timed("a b c"), speech, cue_end=0.0)
    assert [(p.start, p.duration) for p in figures.pauses] == [(10.0, 0.5), (20.0, 3.0), (30.0, 1.5)]
    assert [(p.start, p.duration) for p in figures.long_pauses] == [(20.0, 3.0)]
    assert figures.speaking_seconds == pytest.approx(39.0 - 3.0)


def test_speech_before_the_cue_ended_is_not_the_answer() -> None:
    # The cue itself (or the question's tail) heard before 2.0 s is not the candidate speaking.
    figures = analyse_delivery(timed("hello there"), [(0.2, 1.0), (3.0, 5.0)], cue_end=2.0)
    assert figures.time_to_first_word == pytest.approx(1.0)
    assert figures.pauses == ()


def test_word_timings_stand_in_when_the_detector_heard_nothing() -> None:
    figures = analyse_delivery(timed("one two three", start=2.0), [], cue_end=1.0)
    assert figures.time_to_first_word == pytest.approx(1.0)
    assert figures.speaking_seconds > 0


def test_silence_gives_empty_figures_not_an_error() -> None:
    figures = analyse_delivery([], [], cue_end=1.0, answer_seconds=12.0, limit_seconds=120.0)
    assert figures.transcript == ""
    assert figures.time_to_first_word is None
    assert (figures.wpm, figures.fillers_per_minute, figures.filler_count) == (0.0, 0.0, 0)
    assert evidence_line("delivery", "Delivery", 3, figures) == "You gave Delivery 3; no speech was recognised"


def test_the_evidence_line_names_the_self_score_and_the_measure() -> None:
    words = timed("Um so I uh led the team um and it uh worked")
    figures = analyse_delivery(words, [(1.0, 11.0), (14.0, 20.0), (23.0, 40.0)], answer_seconds=130.0)
    line = evidence_line("delivery", "Delivery", 4, figures)
    assert line is not None and line.startswith("You gave Delivery 4; ")
    assert "2 long pauses" in line and "fillers a minute" in line
    limited = analyse_delivery(words, [(1.0, 5.0)], answer_seconds=130.0, limit_seconds=120.0)
    assert evidence_line("structure", "Structure and length", 2, limited) == (
        "You gave Structure and length 2; 2 min 10 s against a 2 min limit"
    )
    assert evidence_line("enthusiasm", "Enthusiasm", 4, figures) is None


def test_norms_read_values_gently() -> None:
    assert PACE.read(145) == "comfortable"
    assert PACE.read(120) == "fine"
    assert PACE.read(100) == "worth_a_look"
    assert PACE.read(200) == "worth_a_look"
    assert FILLERS.read(3) == "comfortable"
    assert FILLERS.read(9) == "fine"
    assert FILLERS.read(13) == "worth_a_look"
    assert LENGTH.read(90) == "comfortable"
    assert "Laske & DiGennaro Reed" in FILLERS.source


def test_figure_readings_cover_every_figure() -> None:
    figures = analyse_delivery(timed("I think um it worked"), [(1.0, 3.0)], answer_seconds=70, limit_seconds=90)
    labels = [row[0] for row in figure_readings(figures)]
    assert labels == ["Pace", "Fillers", "Long pauses", "Time to first word", "Speaking time", "Length", "Hedges"]


def test_stored_figures_read_back_the_same() -> None:
    figures = analyse_delivery(
        timed("Um, I think we basically won."), [(1.0, 2.0), (5.0, 6.0)], cue_end=0.5, model="tiny.en"
    )
    again = figures_from_json(json.loads(json.dumps(figures.to_json())))
    assert again.to_json() == figures.to_json()


@pytest.mark.parametrize(
    "damage",
    [
        {"words": "not a list"},
        {"words": [{"word": 3, "start": 0, "end": 1}]},
        {"wpm": math.inf},
        {"wpm": -1},
        {"speaking_seconds": True},
        {"fillers": {"umm": 1}},
        {"fillers": {"um": -1}},
        {"filler_words": [99]},
        {"hedges": ["<script>"]},
        {"long_pauses": [{"start": 1}]},
        {"version": "1"},
    ],
)
def test_damaged_stored_figures_are_refused(damage: dict[str, object]) -> None:
    data = analyse_delivery(timed("um yes"), [(1.0, 2.0)]).to_json() | damage
    with pytest.raises(DeliveryDataError):
        figures_from_json(data)


speech_lists = st.lists(
    st.tuples(st.floats(0, 600, allow_nan=False), st.floats(0, 30, allow_nan=False)).map(lambda t: (t[0], t[0] + t[1])),
    max_size=30,
)
word_lists = st.lists(st.sampled_from(["um", "uh", "like", "so", "you", "know", "I", "think", "team", "led", "."]))


@given(speech=speech_lists, words=word_lists, cue_end=st.floats(0, 5))
# Found by the property: a pause's start and length were rounded apart, so it ended a millisecond
# after the next one began.
@example(speech=[(0.0, 1.9375), (4.0, 5.0), (3.125, 3.12501)], words=[], cue_end=0.0)
def test_figures_are_always_finite_and_consistent(
    speech: list[tuple[float, float]], words: list[str], cue_end: float
) -> None:
    figures = analyse_delivery(timed(" ".join(words)), speech, cue_end=cue_end)
    assert all(math.isfinite(v) and v >= 0 for v in (figures.wpm, figures.speaking_seconds, figures.fillers_per_minute))
    assert figures.filler_count == sum(figures.fillers.values())
    assert all(p.duration > 2.0 for p in figures.long_pauses)
    assert all(p.duration > 0 for p in figures.pauses)
    assert all(b.start >= a.end for a, b in zip(figures.pauses, figures.pauses[1:], strict=False))
    assert figures_from_json(json.loads(json.dumps(figures.to_json()))) == figures


def test_delivery_self_scores_are_set_against_the_measure() -> None:
    from datetime import datetime, timezone

    from interview_coach.domain.delivery import DeliveryMeasure
    from interview_coach.domain.delivery_progress import calibration_sentence, delivery_calibration, delivery_series
    from interview_coach.domain.history import AnswerFact, SessionFact

    when = datetime(2026, 11, 1, tzinfo=timezone.utc)

    def answer(answer_id: int, score: int) -> AnswerFact:
        return AnswerFact(
            answer_id, 1, when, answer_id, 1, "b/q", "b", "opening", "Q?", "recorded", None, 60.0, 120.0, False,
            self_scores={"delivery": score},
        )  # fmt: skip

    session = SessionFact(id=1, mode="solo", started_at=when, status="finished",
                          answers=(answer(1, 4), answer(2, 4), answer(3, 2), answer(4, 3)))  # fmt: skip
    measures = {
        1: DeliveryMeasure(140, 12.0, 2, 1.0),
        2: DeliveryMeasure(150, 10.0, 0, 0.5),
        3: DeliveryMeasure(130, 3.0, 0, 2.0),
    }
    rows = delivery_calibration([session], measures)
    assert [(r.score, r.answers, r.fillers_per_minute) for r in rows] == [(2, 1, 3.0), (4, 2, 11.0)]
    sentence = calibration_sentence(rows)
    assert sentence.startswith("When you gave Delivery 4, you averaged 11.0 fillers a minute (2 answers)")
    assert "more fillers" in sentence
    assert [p.value for p in delivery_series([session], measures, "wpm")] == [140.0]
    assert calibration_sentence(rows[:1]) == ""
