"""A realistic feedback journal to go with the demo practice history (bench/demo_data.py): nine
applications over the same months, from a CV that went out unchanged to a final round lost on
enthusiasm, with the feedback as employers actually word it, reflections, tags and action plans.

The story the journal tells: early applications stop at the CV; after a rewrite they reach phone
screens, which stop on the reason for leaving and on fit; later ones reach interviews and final rounds,
where stories were too general at first and then enthusiasm for the mission was missing.

    python -m bench.demo_journal DATA_DIR     (after python -m bench.demo_data DATA_DIR)
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from interview_coach.domain.journal import ActionItem, ActionStatus, JournalEntry, Outcome, Stage  # noqa: E402
from interview_coach.storage import settings_keys  # noqa: E402
from interview_coach.storage.database import open_database  # noqa: E402
from interview_coach.storage.journal_repository import JournalRepository  # noqa: E402
from interview_coach.storage.locations import DataLayout  # noqa: E402
from interview_coach.storage.settings_repository import SettingsRepository  # noqa: E402

YOUR_NAME = "Alex Morgan"


@dataclass(frozen=True)
class _Step:
    area: str
    action: str
    due_in: int | None  # days after the entry was written (None: no date)
    status: ActionStatus = "todo"


@dataclass(frozen=True)
class _Application:
    days_ago: int  # when the application went in
    heard_after: int | None  # days later the answer came (None: still waiting)
    company: str
    role: str
    contact: str
    stage: Stage
    outcome: Outcome
    feedback: str
    reflections: dict[str, str] = field(default_factory=dict)
    tags: tuple[str, ...] = ()
    steps: tuple[_Step, ...] = ()
    interview_in: int | None = None  # days from today to the next interview, if one is booked


APPLICATIONS: tuple[_Application, ...] = (
    _Application(
        170, 12, "Harbour Freight", "Operations coordinator", "", "application", "rejected",
        "Thank you for your interest in this position. Due to the high volume of applications we received, we "
        "are unable to take your application further on this occasion.",
        {"tailored": "Not really. Same CV as for everything else; nothing about their routing software.",
         "one-change": "Put the three things the advert asked for at the top of the CV."},
        ("cv-cover-letter",),
        (_Step("cv-cover-letter", "Rewrite the CV summary for operations roles: three results with numbers",
               7, "done"),),
    ),
    _Application(
        152, 9, "Brightpath Learning", "Customer success associate", "Jordan Ellis", "phone-screen", "rejected",
        "Jordan said I came across as unsure why I wanted to move into customer success, and that my answer "
        "about leaving my last job was quite long and focused on the restructure.",
        {"hard-questions": "I spent two minutes on the restructure. It should be two sentences and then what I "
                           "learned.",
         "reasons-for-fit": "I talked about wanting a change. Nothing about their learners or the product."},
        ("red-flag-handling", "fit", "enthusiasm"),
        (_Step("red-flag-handling", "Write and rehearse a 30-second answer about leaving Meridian", 10, "done"),),
    ),
    _Application(
        136, 15, "Kestrel Energy", "Project coordinator", "Sam Okafor", "interview", "rejected",
        "The panel liked your organisation skills, but felt your answers stayed quite general. They would have "
        "liked concrete examples of projects you delivered and what the results were.",
        {"stories-landed": "No. I kept saying 'we usually' instead of telling one real story with a result.",
         "answer-length": "Some answers went on; I think because I had no single story to tell.",
         "thank-you": "No, I didn't send one."},
        ("specific-story", "structure"),
        (_Step("specific-story", "Write five STAR stories with a number in each result", 14, "done"),
         _Step("follow-up", "Send a thank-you note after every interview, same day", None, "done")),
    ),
    _Application(
        118, 24, "Cobalt Health", "Operations analyst", "", "application", "rejected",
        "We have decided to proceed with candidates whose experience more closely matches the requirements of "
        "the role.",
        {"requirements-gap": "SQL was listed as essential and I can't show it yet."},
        ("skills", "cv-cover-letter"),
        (_Step("skills", "Finish the SQL course and build one small reporting project", 100, "doing"),),
    ),
    _Application(
        97, 6, "Tandem Bank", "Customer operations lead", "Priya Raman", "phone-screen", "rejected",
        "We're looking for someone with more experience in regulated financial services. You also seemed "
        "hesitant when asked about the gap on your CV.",
        {"hard-questions": "Better on leaving Meridian, but I wasn't ready for the gap question."},
        ("red-flag-handling", "industry-knowledge"),
        (_Step("red-flag-handling", "Practise the employment-gap answer until it is calm and brief", 7, "done"),
         _Step("industry-knowledge", "Read one fintech newsletter a week and note one thing to discuss", None,
               "doing")),
    ),
    _Application(
        72, 12, "Fieldnote Software", "Implementation consultant", "Maya Lindqvist", "interview", "rejected",
        "Really enjoyed meeting you, and your example about the warehouse system rollout was excellent. In the "
        "end the other candidate had more hands-on experience with data migration.",
        {"stories-landed": "Yes! They asked three follow-ups on the warehouse story.",
         "thank-you": "Sent one that evening, mentioning their onboarding checklist."},
        ("skills",),
        (_Step("follow-up", "Stay in touch with Maya in three months", 90),),
    ),
    _Application(
        48, 14, "Lumen Health", "Operations manager", "Dana Whitfield", "final-round", "rejected",
        "It was very close. The panel felt you could have shown more enthusiasm for our mission, and your answer "
        "to 'why Lumen' could have applied to any company. Your examples were strong.",
        {"reasons-for-fit": "Generic. I hadn't read their impact report and it showed.",
         "enthusiasm-showed": "I was nervous and flat in the final panel, especially at the start.",
         "thank-you": "Yes, to Dana the next morning."},
        ("enthusiasm", "fit"),
        (_Step("fit", "Before each interview, write three reasons that only fit that company", None, "doing"),
         _Step("follow-up", "Ask Dana for one thing I could have done better", 3, "done")),
    ),
    _Application(
        21, None, "Northwind Logistics", "Customer operations manager", "Priya Shah", "interview", "waiting",
        "",
        {"stories-landed": "The depot scheduling story landed; I gave the 18% figure.",
         "thank-you": "Sent the next morning, mentioning their depot automation project."},
        (),
        (_Step("industry-knowledge", "Prepare two questions about their depot automation for round two", 26),),
        5,
    ),
    _Application(
        8, None, "Contoso Retail", "Head of customer operations", "Chris Novak", "phone-screen", "waiting", "",
    ),
)  # fmt: skip


class _Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def generate_journal(connection: sqlite3.Connection, *, end: datetime | None = None) -> list[JournalEntry]:
    """Writes the demo journal (through JournalRepository, dated before `end`, default now)."""
    end = end or datetime.now(timezone.utc)
    today = end.astimezone().date()
    clock = _Clock(end)
    repo = JournalRepository(connection, clock)
    written = []
    for application in APPLICATIONS:
        applied = today - timedelta(days=application.days_ago)
        heard = applied + timedelta(days=application.heard_after) if application.heard_after is not None else None
        written_on = heard or applied + timedelta(days=1)
        clock.now = datetime.combine(written_on, time(19, 30)).astimezone(timezone.utc)
        steps = tuple(
            ActionItem(
                s.area, s.action, written_on + timedelta(days=s.due_in) if s.due_in is not None else None, s.status
            )
            for s in application.steps
        )
        entry = JournalEntry(
            company=application.company,
            role=application.role,
            applied_on=applied,
            stage_reached=application.stage,
            outcome=application.outcome,
            feedback=application.feedback,
            contact=application.contact,
            heard_on=heard,
            reflections=application.reflections,
            tags=application.tags,
            actions=steps,
            interview_on=today + timedelta(days=application.interview_in) if application.interview_in else None,
        )
        written.append(repo.add_entry(entry))
    SettingsRepository(connection).set(settings_keys.YOUR_NAME, YOUR_NAME)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("data_dir", type=Path)
    args = parser.parse_args(argv)
    layout = DataLayout(args.data_dir)
    layout.ensure()
    connection = open_database(layout.database)
    try:
        entries = generate_journal(connection)
    finally:
        connection.close()
    print(f"{len(entries)} journal entries written to {args.data_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
