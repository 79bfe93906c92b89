"""The Journal screen: applications and their feedback, patterns across them, and message templates."""
