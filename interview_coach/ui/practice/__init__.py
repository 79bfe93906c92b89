"""The Practice screen: set-up, the session itself, and the summary."""
