"""The user's delivery-analysis choices: on or off, and which speech-recognition model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

BUNDLED_MODEL = "tiny.en"  # ships with the app: nothing is downloaded
# A larger English model is more accurate and slower; faster-whisper fetches it on first use.
DOWNLOADABLE_MODELS = ("base.en", "small.en", "medium.en")
MODEL_CHOICES = (BUNDLED_MODEL, *DOWNLOADABLE_MODELS)


@dataclass(frozen=True)
class AnalysisSettings:
    enabled: bool = True
    model: str = BUNDLED_MODEL

    def to_dict(self) -> dict[str, Any]:
        return {"enabled": self.enabled, "model": self.model}

    @classmethod
    def from_dict(cls, data: Any) -> AnalysisSettings:
        """Tolerant: a missing or unknown value falls back to the default."""
        if not isinstance(data, dict):
            return cls()
        enabled = data.get("enabled", True)
        model = data.get("model")
        return cls(
            enabled=enabled if isinstance(enabled, bool) else True,
            model=model if model in MODEL_CHOICES else BUNDLED_MODEL,
        )
