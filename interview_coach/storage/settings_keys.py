"""Every key of the settings table, and what its value is.

A key is part of the data format: backups carry the table, and a renamed key loses the user's choice.
Add a key here rather than as a string where it is used.
"""

from __future__ import annotations

AUDIO = "audio"  # AudioSettings.to_dict(): devices by name and host API, voice, rate, volume
KEEP_RECORDINGS = "history.keep_recordings"  # bool; False keeps scores and timings only
PRACTICE_SETUP = "practice.setup"  # PracticeSetup.to_dict(): the practice screen's last choices
FRIEND_NAMES = "friend.names"  # recent interviewers, newest first, offered when a session is set up
YOUR_NAME = "journal.your_name"  # the name message templates sign with
REVIEWER_NAME = "friend.reviewer_name"  # a friend's name, remembered when they score a review pack
CANDIDATE_NAME = "review.candidate_name"  # the name a review pack is sent under
WORDING = "questions.wording"  # "en-GB" or "en-US" (domain/region_wording.py); missing: from the system locale
ANALYSIS = "analysis"  # AnalysisSettings.to_dict(): delivery analysis on/off and the speech-recognition model
