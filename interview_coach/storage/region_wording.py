"""Loads a region's wording table (resources/wording/<region>.toml), checked like any content file."""

from __future__ import annotations

from pathlib import Path

from interview_coach.domain.questions import LoadProblem
from interview_coach.domain.region_wording import BASE_REGION, REGIONS, Wording, parse_wording
from interview_coach.storage.content import read_toml
from interview_coach.storage.locations import resources_dir


def wording_dir() -> Path:
    return resources_dir() / "wording"


def load_wording(region: str, folder: Path | None = None) -> tuple[Wording, list[LoadProblem]]:
    """The region's table; the banks' own (UK) wording, with a problem, when the file cannot be used."""
    if region == BASE_REGION:
        return Wording(), []
    if region not in REGIONS:
        return Wording(), [LoadProblem("wording", "", f"unknown region {region!r}; the UK wording is used")]
    path = (folder or wording_dir()) / f"{region}.toml"
    data, problem = read_toml(path)
    if data is None:
        return Wording(), [problem] if problem else []
    return parse_wording(data, str(path), region)
