"""A readable report of one session, to share with a coach: HTML that Qt's QTextDocument renders as is.

Only the subset QTextDocument understands is used (tables with cell attributes, headings, paragraphs,
inline colour and weight), so the GUI can save the same text as .html or print it to PDF. Every piece of
user text (questions, categories, names, notes) goes through html.escape.
"""

from __future__ import annotations

import html
import sqlite3
from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import Any

from interview_coach import __version__
from interview_coach.domain.delivery import DeliveryDataError, figures_from_json
from interview_coach.domain.delivery_norms import figure_readings
from interview_coach.domain.questions import category_label
from interview_coach.domain.snapshots import QuestionSnapshot
from interview_coach.domain.time_format import duration_text
from interview_coach.storage.export import collect_sessions, criterion_columns, criterion_names

_MUTED = "#5f6368"
_WARNING = "#b3261e"
_BORDER = "#c4c7c5"
_HEADER_BACKGROUND = "#eef1f4"
# Cell backgrounds by score: 1-2 needs work, 3 middling, 4-5 good. Text stays dark on all of them.
_SCORE_BACKGROUNDS = {1: "#f6d5d3", 2: "#f9e3d3", 3: "#fbf0c9", 4: "#dcefd9", 5: "#c9e7c4"}
_MODES = {"solo": "Solo practice", "friend": "Practice with a friend"}
_STATUSES = {"finished": "Finished", "abandoned": "Ended early", "in_progress": "Not finished"}

Scorer = tuple[str, str]  # (kind, name)


def session_report_html(connection: sqlite3.Connection, session_id: int, *, timezone: tzinfo | None = None) -> str:
    """The report as a complete HTML document. Times are shown in `timezone` (default: the computer's).

    Raises export.ExportError when there is no such session.
    """
    session = collect_sessions(connection, [session_id])[0]
    return render_session_report(session, timezone=timezone)


def render_session_report(session: dict[str, Any], *, timezone: tzinfo | None = None) -> str:
    """Renders one session as gathered by export.collect_sessions."""
    answers: list[dict[str, Any]] = session["answers"]
    started = _local(session["started_at"], timezone)
    title = f"Interview practice, {_date(started)}"
    scorers = _scorers(answers)
    names = _all_criterion_names(session)
    parts = [
        "<!DOCTYPE html>",
        '<html><head><meta charset="utf-8">',
        f"<title>{_e(title)}</title></head>",
        '<body style="font-family: sans-serif; color: #1f1f1f;">',
        f"<h1>{_e(title)}</h1>",
        f'<p style="color: {_MUTED};">{_e(_subtitle(session, started, scorers))}</p>',
        "<h2>Summary</h2>",
        _summary_table(answers),
    ]
    latest = _latest_attempts(answers)
    if any(sheet["values"] for answer in latest for sheet in answer["scores"]["current"]):
        parts += ["<h3>Average score per point</h3>", _averages_table(latest, _scorers(latest), names)]
        parts.append(
            f'<p style="color: {_MUTED};">Scores run from 1 to 5. Where a question was answered again, '
            "only the last attempt counts here.</p>"
        )
    parts.append("<h2>Answers</h2>")
    if not answers:
        parts.append("<p>No questions were answered in this session.</p>")
    parts += [_answer_section(answer, answers) for answer in answers]
    parts += [
        f'<p style="color: {_MUTED}; font-size: small;">Made with Interview Coach {_e(__version__)}.</p>',
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


# The parts


def _subtitle(session: dict[str, Any], started: datetime, scorers: list[Scorer]) -> str:
    mode = _MODES.get(session["mode"], str(session["mode"]))
    friends = [name or "Friend" for kind, name in scorers if kind == "friend"]
    if friends:
        mode += f" (scored by {', '.join(friends)})" if session["mode"] != "friend" else f" ({', '.join(friends)})"
    status = _STATUSES.get(session["status"], str(session["status"]))
    return f"Started at {started:%H:%M} · {mode} · {status}"


def _summary_table(answers: Sequence[dict[str, Any]]) -> str:
    latest = _latest_attempts(answers)
    answered = [a for a in latest if _was_answered(a)]
    redos = len(answers) - len(latest)
    speaking = sum(a["timings"]["answer_seconds"] or 0.0 for a in answers)
    over = sum(1 for a in latest if a["timings"]["over_limit"])
    skipped = sum(1 for a in latest if a["status"] == "skipped")
    answered_text = f"{len(answered)} of {len(latest)} question{'s' if len(latest) != 1 else ''}"
    if redos:
        answered_text += f" ({redos} answered again)"
    rows = [
        ("Answered", answered_text),
        ("Skipped", str(skipped)),
        ("Speaking time", duration_text(speaking) if speaking else "none"),
        ("Over the time limit", str(over)),
    ]
    body = "".join(f"<tr><td>{_e(label)}</td><td>{_e(value)}</td></tr>" for label, value in rows)
    return _table(body)


def _averages_table(answers: Sequence[dict[str, Any]], scorers: list[Scorer], names: dict[str, str]) -> str:
    latest = _latest_attempts(answers)
    values: dict[tuple[Scorer, str], list[int]] = {}
    for answer in latest:
        for sheet in answer["scores"]["current"]:
            scorer = (sheet["scorer"]["kind"], sheet["scorer"]["name"])
            for criterion, value in sheet["values"].items():
                values.setdefault((scorer, criterion), []).append(int(value))
    rows = [_header_row(["Point", *(_scorer_label(s) for s in scorers)])]
    for criterion, name in names.items():
        if not any((s, criterion) in values for s in scorers):
            continue
        cells = []
        for scorer in scorers:
            scored = values.get((scorer, criterion))
            cells.append(_average_cell(scored))
        rows.append(f"<tr><td>{_e(name)}</td>{''.join(cells)}</tr>")
    overall = []
    for scorer in scorers:
        every = [v for (s, _), scored in values.items() if s == scorer for v in scored]
        overall.append(_average_cell(every, bold=True))
    rows.append(f'<tr><td style="font-weight: bold;">Overall</td>{"".join(overall)}</tr>')
    return _table("".join(rows))


def _answer_section(answer: dict[str, Any], answers: Sequence[dict[str, Any]]) -> str:
    text = QuestionSnapshot.from_json(answer["question"]).text or str(answer["question_key"])
    attempts = sum(1 for a in answers if a["position"] == answer["position"])
    label = f"Question {answer['position']}"
    if attempts > 1:
        label += f", attempt {answer['attempt']} of {attempts}"
    parts = [
        f"<h3>{_e(label)}: {_e(text)}</h3>",
        f'<p style="color: {_MUTED};">{_e(category_label(str(answer["category"])))} · {_e(answer["question_key"])}</p>',
        f"<p>{_timings(answer)}</p>",
    ]
    sheets = answer["scores"]["current"]
    names = criterion_names(answer)
    for sheet in sheets:
        for criterion in sheet["values"]:
            names.setdefault(criterion, criterion)
    if sheets:
        scorers = [(s["scorer"]["kind"], s["scorer"]["name"]) for s in sheets]
        rows = [_header_row(["Point", *(_scorer_label(s) for s in scorers)])]
        for criterion, name in names.items():
            if not any(criterion in s["values"] for s in sheets):
                continue
            cells = "".join(_score_cell(s["values"].get(criterion)) for s in sheets)
            rows.append(f"<tr><td>{_e(name)}</td>{cells}</tr>")
        parts.append(_table("".join(rows)))
    elif _was_answered(answer):
        parts.append(f'<p style="color: {_MUTED};">Not scored.</p>')
    delivery = _delivery(answer.get("delivery"))
    if delivery:
        parts.append(delivery)
    asked = [str(f["text"]) for f in answer.get("follow_ups", [])]
    if asked:
        lines = "<br>".join(_e(text) for text in asked)
        parts.append(f'<p><span style="font-weight: bold;">Follow-ups asked:</span><br>{lines}</p>')
    for note in answer["notes"]:
        if not str(note["body"]).strip():
            continue
        author = (note["author"]["kind"], note["author"]["name"])
        body = _e(str(note["body"]).strip()).replace("\n", "<br>")
        parts.append(f'<p><span style="font-weight: bold;">{_e(_note_label(author))}:</span> {body}</p>')
    return "\n".join(parts)


def _delivery(data: dict[str, Any] | None) -> str:
    """The measured delivery (figures with their norms) and the transcript, when the answer was analysed."""
    if data is None:
        return ""
    try:
        figures = figures_from_json(data)
    except DeliveryDataError:
        return ""
    rows = [_header_row(["Delivery (measured)", "", "Usual range"])]
    for label, value, _reading, norm in figure_readings(figures):
        rows.append(f'<tr><td>{_e(label)}</td><td>{_e(value)}</td><td style="color: {_MUTED};">{_e(norm)}</td></tr>')
    transcript = _e(figures.transcript) if figures.transcript else "(no speech was recognised)"
    return _table("".join(rows)) + f'<p><span style="font-weight: bold;">Transcript:</span> {transcript}</p>'


def _timings(answer: dict[str, Any]) -> str:
    timings = answer["timings"]
    if answer["status"] == "skipped":
        return "Skipped."
    think = _with_limit("Thinking", timings["think_seconds"], timings["think_limit_seconds"])
    spoken = _with_limit("Answer", timings["answer_seconds"], timings["answer_limit_seconds"])
    text = f"{_e(think)} · {_e(spoken)}"
    if timings["over_limit"]:
        text += f' <span style="color: {_WARNING}; font-weight: bold;">over the limit</span>'
    return text


def _with_limit(label: str, seconds: float | None, limit: float | None) -> str:
    taken = duration_text(seconds) if seconds is not None else "not recorded"
    return f"{label} {taken}" + (f" (limit {duration_text(limit)})" if limit else "")


# Helpers


def _latest_attempts(answers: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """One answer per position, the last attempt: a redo replaces the earlier one in the summary."""
    latest: dict[int, dict[str, Any]] = {}
    for answer in answers:
        position = int(answer["position"])
        if position not in latest or answer["attempt"] > latest[position]["attempt"]:
            latest[position] = answer
    return [latest[p] for p in sorted(latest)]


def _was_answered(answer: dict[str, Any]) -> bool:
    return answer["status"] == "recorded" or bool(answer["timings"]["answer_seconds"])


def _scorers(answers: Sequence[dict[str, Any]]) -> list[Scorer]:
    found = {(s["scorer"]["kind"], s["scorer"]["name"]) for a in answers for s in a["scores"]["current"]}
    return sorted(found, key=lambda s: (s[0] != "self", s[1]))


def _all_criterion_names(session: dict[str, Any]) -> dict[str, str]:
    names: dict[str, str] = {}
    for answer in session["answers"]:
        for criterion, name in criterion_names(answer).items():
            names.setdefault(criterion, name)
    return {c: names.get(c, c) for c in criterion_columns([session])}


def _scorer_label(scorer: Scorer) -> str:
    kind, name = scorer
    return "You" if kind == "self" else (name or "Friend")


def _note_label(author: Scorer) -> str:
    kind, name = author
    return "Your note" if kind == "self" else f"Note from {name or 'your friend'}"


def _table(rows: str) -> str:
    return (
        f'<table border="1" cellspacing="0" cellpadding="5" style="border-color: {_BORDER}; '
        f'border-style: solid; border-collapse: collapse;">{rows}</table>'
    )


def _header_row(labels: Sequence[str]) -> str:
    cells = "".join(
        f'<th bgcolor="{_HEADER_BACKGROUND}" style="background-color: {_HEADER_BACKGROUND}; '
        f'font-weight: bold; text-align: left;">{_e(label)}</th>'
        for label in labels
    )
    return f"<tr>{cells}</tr>"


def _score_cell(value: int | None) -> str:
    if value is None:
        return '<td align="center">-</td>'
    colour = _SCORE_BACKGROUNDS.get(int(value), "#ffffff")
    return f'<td align="center" bgcolor="{colour}" style="background-color: {colour};">{int(value)}</td>'


def _average_cell(values: Sequence[int] | None, *, bold: bool = False) -> str:
    if not values:
        return '<td align="center">-</td>'
    average = sum(values) / len(values)
    colour = _SCORE_BACKGROUNDS.get(round(average), "#ffffff")
    weight = " font-weight: bold;" if bold else ""
    return (
        f'<td align="center" bgcolor="{colour}" style="background-color: {colour};{weight}">'
        f'{average:.1f} <span style="color: {_MUTED};">({len(values)})</span></td>'
    )


def _local(text: str, timezone: tzinfo | None) -> datetime:
    return datetime.fromisoformat(text).astimezone(timezone)


def _date(moment: datetime) -> str:
    return f"{moment:%A} {moment.day} {moment:%B %Y}"


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)
