"""Plain-Python model of the app: questions, banks, rubrics, sessions. No Qt, no I/O."""
