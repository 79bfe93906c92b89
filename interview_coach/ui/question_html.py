"""A question rendered as rich text for reading: what to say, what strong looks like, what comes next."""

from __future__ import annotations

from html import escape

from interview_coach.domain.questions import Question, category_label
from interview_coach.domain.rubric import Rubric
from interview_coach.domain.time_format import duration_text
from interview_coach.ui.improper_notice import improper_block_html


def question_html(question: Question, rubric: Rubric, bank_title: str) -> str:
    criteria = [rubric.criterion(c) for c in question.criteria]
    named = ", ".join(escape(c.name) for c in criteria if c is not None)
    parts = [
        f"<p style='color:gray'>{escape(bank_title)} · {escape(category_label(question.category))}"
        f" · think {question.think_seconds} s · answer {duration_text(question.answer_seconds)}</p>",
        f"<h2>{escape(question.text)}</h2>",
        "<h4>A strong answer</h4>",
        f"<p>{escape(question.strong_answer)}</p>",
    ]
    if question.improper:
        parts.insert(2, improper_block_html(question.improper))  # right under the question
    if question.handling:
        parts += ["<h4>How to handle it</h4>", f"<p>{escape(question.handling)}</p>"]
    parts.append("<h4>Follow-up questions to expect</h4><ul>")
    parts += [f"<li>{escape(probe)}</li>" for probe in question.follow_ups]
    parts.append("</ul>")
    parts.append(f"<h4>Scored on</h4><p>{named}</p>")
    if question.tags:
        parts.append(f"<p style='color:gray'>Tags: {escape(', '.join(question.tags))}</p>")
    return "\n".join(parts)
