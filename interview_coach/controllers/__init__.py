"""QObjects that run the app's work and report to the UI through signals."""
