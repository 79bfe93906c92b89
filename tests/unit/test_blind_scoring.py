"""Friends' scores stay hidden until the candidate has scored the answer (the one rule, in the domain)."""

from __future__ import annotations

from interview_coach.domain.blind_scoring import has_scored, split_sheets
from interview_coach.domain.records import SELF, Scorer, ScoreSheet
from interview_coach.domain.rubric import Criterion

STORY = Criterion("specific-story", "Specific story", "", ("1", "2", "3", "4", "5"))
POSTURE = Criterion("posture", "Posture", "", ("1", "2", "3", "4", "5"), in_person=True)
FRIEND = Scorer("friend", "Sam")


def test_in_person_points_are_not_needed_from_the_candidate() -> None:
    assert has_scored({"specific-story": 4}, [STORY, POSTURE])
    assert not has_scored({}, [STORY, POSTURE])
    assert not has_scored({"posture": 3}, [STORY, POSTURE])


def test_friends_sheets_are_hidden_until_the_candidate_has_scored() -> None:
    friend = ScoreSheet(FRIEND, {"specific-story": 2, "posture": 4})
    unscored = ScoreSheet(SELF, {})
    shown, hidden = split_sheets([unscored, friend], [STORY, POSTURE])
    assert shown == [unscored] and hidden == [friend]

    scored = ScoreSheet(SELF, {"specific-story": 5})
    shown, hidden = split_sheets([scored, friend], [STORY, POSTURE])
    assert shown == [scored, friend] and hidden == []


def test_a_friend_alone_stays_hidden() -> None:
    friend = ScoreSheet(FRIEND, {"specific-story": 2})
    assert split_sheets([friend], [STORY]) == ([], [friend])
