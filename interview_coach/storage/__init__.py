"""Everything that touches disk: the database, content files, recordings."""
