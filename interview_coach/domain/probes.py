"""Follow-up probes an interviewer can pick from: the question's own, and red-flag probes where they apply.

A real interviewer probes a red flag when an answer touches one (a gap mentioned in passing, a quick
exit). The red-flag bank already holds the hard question for each topic; those become the probes,
with the topics the current question shares listed first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from interview_coach.domain.questions import RED_FLAG, Question
from interview_coach.domain.snapshots import QuestionSnapshot


@dataclass(frozen=True)
class Probe:
    topic: str  # a readable label, e.g. "Employment gap"
    text: str
    related: bool  # shares a tag with the question being asked


def topic_label(tag: str) -> str:
    return tag.replace("-", " ").capitalize()


def red_flag_probes(questions: Iterable[Question], asked: QuestionSnapshot) -> list[Probe]:
    """One probe per red-flag topic (a question's first tag), related topics first, then by label.

    `asked` is the snapshot of the question on screen; a red-flag question's own follow-ups are
    already its probes, so it is not offered again.
    """
    tags = set(asked.tags)
    by_topic: dict[str, Question] = {}
    for question in questions:
        if question.category != RED_FLAG or not question.tags or question.key == asked.key:
            continue
        by_topic.setdefault(question.tags[0], question)
    probes = [
        Probe(topic_label(topic), question.text, bool(tags.intersection(question.tags)))
        for topic, question in by_topic.items()
    ]
    return sorted(probes, key=lambda p: (not p.related, p.topic))


def own_follow_ups(asked: QuestionSnapshot) -> Sequence[str]:
    return asked.follow_ups
