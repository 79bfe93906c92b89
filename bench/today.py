"""Today's queue with 20,000 answers: what is due, from the cached schedule, the journal and the banks.

Measured: `storage.due_questions.load_due` with the schedule cache up to date (the usual case: the
cache is rebuilt question by question as answers come in), after one new scored answer (one question
replayed), and with no cache at all (every question replayed through FSRS: after an upgrade that
changes the rules, or a restore).

Baseline, in the same run on the same database: the cheapest query that looks at every answer once
(answers grouped by question over the covering index), which any queue computed from the history
must at least pay.

Target: under 100 ms for the queue with an up-to-date cache.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import save, summary  # noqa: E402

ANSWERS = int(os.environ.get("BENCH_TODAY_ANSWERS", "20000"))
RUNS = 9
TARGET_MS = 100


def _timed(work) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    work()
    return (time.perf_counter() - started) * 1000


def run() -> dict[str, object]:
    from bench.demo_data import generate
    from bench.demo_journal import generate_journal
    from interview_coach.domain.records import SELF, AnswerTimings
    from interview_coach.domain.snapshots import QuestionSnapshot, RubricSnapshot
    from interview_coach.storage.database import open_database
    from interview_coach.storage.due_questions import load_due
    from interview_coach.storage.library import load_library
    from interview_coach.storage.practice_repository import PracticeRepository
    from interview_coach.storage.schedule_repository import ScheduleRepository

    folder = Path(tempfile.mkdtemp(prefix="ic-bench-today-"))
    connection = open_database(folder / "interview-coach.sqlite3")
    began = time.perf_counter()
    generate(connection, sessions=max(1, ANSWERS // 9), answers=ANSWERS, months=24, seed=11)
    generate_journal(connection)
    print(f"today: generated {ANSWERS} answers in {time.perf_counter() - began:.1f} s")
    library = load_library(None)
    today = datetime.now(timezone.utc).astimezone().date()
    schedule = ScheduleRepository(connection)

    cold = []
    for _ in range(3):
        schedule.clear()
        cold.append(_timed(lambda: load_due(connection, library, today)))
    warm = [_timed(lambda: load_due(connection, library, today)) for _ in range(RUNS)]
    baseline = [
        _timed(
            lambda: connection.execute(
                "SELECT question_key, COUNT(*) FROM answers INDEXED BY answers_overview GROUP BY question_key"
            ).fetchall()
        )
        for _ in range(RUNS)
    ]
    repo = PracticeRepository(connection)
    snapshot = connection.execute("SELECT question_json, rubric_json FROM answers LIMIT 1").fetchone()
    question = QuestionSnapshot.from_json(json.loads(snapshot[0]))
    rubric = RubricSnapshot.from_json(json.loads(snapshot[1]))
    session = repo.create_session("solo")
    after_answer = []
    for position in range(1, RUNS + 1):
        answer = repo.add_answer(session.id, position, question, rubric, AnswerTimings(answer_seconds=60))
        repo.add_scores(answer.id, SELF, {c.id: 3 for c in rubric.criteria} or {"fit": 3})
        after_answer.append(_timed(lambda: load_due(connection, library, today)))
    due = len(load_due(connection, library, today).items)
    connection.close()

    median = summary(warm)["median"]
    ratio = median / summary(baseline)["median"]
    results: dict[str, object] = {
        "answers": ANSWERS,
        "due": due,
        "target_ms": TARGET_MS,
        "queue_ms": summary(warm),
        "after_one_new_answer_ms": summary(after_answer),
        "no_cache_ms": summary(cold),
        "baseline_scan_ms": summary(baseline),
        "ratio_to_baseline": ratio,
    }
    verdict = "ok" if median < TARGET_MS else "OVER TARGET"
    print(
        f"today: queue of {due} due from {ANSWERS} answers median {median:.0f} ms "
        f"(min {summary(warm)['min']:.0f}, max {summary(warm)['max']:.0f}); baseline scan "
        f"{summary(baseline)['median']:.1f} ms; ratio {ratio:.1f}x; target < {TARGET_MS} ms: {verdict}. "
        f"After one new answer {summary(after_answer)['median']:.0f} ms; no cache {summary(cold)['median']:.0f} ms"
    )
    print(f"  saved {save('today', results)}")
    return results


if __name__ == "__main__":
    run()
