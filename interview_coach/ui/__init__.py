"""Qt widgets and windows: they show state and forward what the user wants to controllers."""
