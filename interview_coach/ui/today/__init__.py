"""The Today screen: due questions and the home for people who come back."""
