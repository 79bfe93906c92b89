"""Loads the library a data folder sees: the shipped banks and rubrics, plus the user's own banks."""

from __future__ import annotations

from pathlib import Path

# Library is plain data and lives in the domain; the name stays importable here for
# controllers/practice_controller.py until it imports it from there.
from interview_coach.domain.library import Library
from interview_coach.domain.region_wording import BASE_REGION, reword_catalogue
from interview_coach.storage.content import load_catalogue, load_rubrics
from interview_coach.storage.locations import shipped_banks_dir, shipped_rubrics_dir
from interview_coach.storage.region_wording import load_wording


class NoRubricError(Exception):
    pass


def load_library(
    user_banks_dir: Path | None, *, shipped_banks: Path | None = None, region: str = BASE_REGION
) -> Library:
    """Loads rubrics first, since a question naming an unknown criterion is a mistake worth reporting.

    The questions come in `region`'s wording (see domain/region_wording.py); a broken table is reported and
    the banks' own wording is used.
    """
    rubrics, rubric_problems = load_rubrics(shipped_rubrics_dir())
    if not rubrics:
        detail = "; ".join(str(p) for p in rubric_problems) or f"no rubric files in {shipped_rubrics_dir()}"
        raise NoRubricError(f"The scoring rubric could not be loaded ({detail}). Reinstall Interview Coach.")
    known = {c.id for r in rubrics for c in r.criteria}
    catalogue = load_catalogue(shipped_banks or shipped_banks_dir(), user_banks_dir, known_criteria=known)
    wording, wording_problems = load_wording(region)
    catalogue = reword_catalogue(catalogue, wording)
    return Library(catalogue, rubrics, rubric_problems + catalogue.problems + wording_problems)
