"""Review packs: the reviewer window a friend scores in, and the candidate's send and import actions."""
