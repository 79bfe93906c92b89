"""Numbered schema steps; the database's PRAGMA user_version says how many have run.

Never edit a step once released: add a new one. Step N brings a database from version N-1 to N.
"""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    # 1: sessions, answers, scores and notes.
    """
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        mode TEXT NOT NULL CHECK (mode IN ('solo', 'friend')),
        settings_json TEXT NOT NULL DEFAULT '{}',
        started_at TEXT NOT NULL,
        finished_at TEXT,
        status TEXT NOT NULL DEFAULT 'in_progress'
            CHECK (status IN ('in_progress', 'finished', 'abandoned'))
    );
    CREATE TABLE answers (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        attempt INTEGER NOT NULL DEFAULT 1,
        question_key TEXT NOT NULL,
        category TEXT NOT NULL,
        question_json TEXT NOT NULL,
        rubric_json TEXT NOT NULL,
        recording_path TEXT,
        think_limit_seconds REAL,
        answer_limit_seconds REAL,
        think_seconds REAL,
        answer_seconds REAL,
        speech_onset_seconds REAL,
        over_limit INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT 'pending'
            CHECK (status IN ('pending', 'recording', 'recorded', 'skipped')),
        created_at TEXT NOT NULL,
        UNIQUE (session_id, position, attempt)
    );
    CREATE INDEX answers_by_session ON answers(session_id);
    CREATE TABLE scores (
        id INTEGER PRIMARY KEY,
        answer_id INTEGER NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
        criterion_id TEXT NOT NULL,
        value INTEGER NOT NULL CHECK (value BETWEEN 1 AND 5),
        scorer_kind TEXT NOT NULL CHECK (scorer_kind IN ('self', 'friend')),
        scorer_name TEXT NOT NULL DEFAULT '',
        scored_at TEXT NOT NULL
    );
    CREATE INDEX scores_by_answer ON scores(answer_id);
    CREATE TABLE notes (
        id INTEGER PRIMARY KEY,
        answer_id INTEGER NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
        author_kind TEXT NOT NULL CHECK (author_kind IN ('self', 'friend')),
        author_name TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX notes_by_answer ON notes(answer_id);
    """,
    # 2: user settings, and a fast path to every attempt at one question.
    """
    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value_json TEXT NOT NULL
    );
    CREATE INDEX answers_by_question ON answers(question_key);
    """,
    # 3: History and Progress read every answer at once. Each row carries kilobytes of snapshots, so
    # they read from covering indexes instead (10,000 answers: ~150 ms of table reads down to ~20 ms),
    # with the question's text copied out of its snapshot for search and lists.
    """
    ALTER TABLE answers ADD COLUMN question_text TEXT NOT NULL DEFAULT '';
    UPDATE answers SET question_text = COALESCE(json_extract(question_json, '$.text'), '');
    CREATE INDEX answers_overview ON answers(
        session_id, position, attempt, id, created_at, question_key, category, status, recording_path,
        answer_seconds, answer_limit_seconds, over_limit, question_text
    );
    CREATE INDEX scores_latest ON scores(answer_id, criterion_id, scorer_kind, scorer_name, id, value);
    """,
    # 4: friend mode. Follow-up probes asked during an answer, review packs sent to a friend who is not in
    # the room (the pack's id matches the scores file they send back), and which scores files came in, so
    # the same file is never imported twice. A deleted session simply leaves its pack unmatched.
    """
    CREATE TABLE follow_ups (
        id INTEGER PRIMARY KEY,
        answer_id INTEGER NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
        text TEXT NOT NULL,
        source TEXT NOT NULL DEFAULT 'bank' CHECK (source IN ('bank', 'red_flag', 'custom')),
        asked_at_seconds REAL,
        created_at TEXT NOT NULL
    );
    CREATE INDEX follow_ups_by_answer ON follow_ups(answer_id);
    CREATE TABLE review_packs (
        id TEXT PRIMARY KEY,
        session_id INTEGER NOT NULL,
        answer_ids_json TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE INDEX review_packs_by_session ON review_packs(session_id);
    CREATE TABLE review_imports (
        id INTEGER PRIMARY KEY,
        pack_id TEXT NOT NULL,
        reviewer_name TEXT NOT NULL,
        digest TEXT NOT NULL UNIQUE,
        answer_count INTEGER NOT NULL,
        imported_at TEXT NOT NULL
    );
    """,
    # 5: the feedback journal. One entry per application (the furthest stage reached, the outcome, the
    # feedback verbatim), the answers to its reflection prompts, the areas it is tagged with, and an action
    # plan (a step may belong to no entry). Dates are ISO days; times are UTC like everywhere else.
    # message_templates holds only the user's edited copies of the shipped templates: deleting a row
    # brings back the shipped text.
    """
    CREATE TABLE journal_entries (
        id INTEGER PRIMARY KEY,
        company TEXT NOT NULL DEFAULT '',
        role TEXT NOT NULL DEFAULT '',
        contact TEXT NOT NULL DEFAULT '',
        applied_on TEXT CHECK (applied_on IS NULL OR date(applied_on) IS applied_on),
        heard_on TEXT CHECK (heard_on IS NULL OR date(heard_on) IS heard_on),
        stage_reached TEXT NOT NULL DEFAULT 'application'
            CHECK (stage_reached IN ('application', 'phone-screen', 'interview', 'final-round', 'offer')),
        outcome TEXT NOT NULL DEFAULT 'waiting'
            CHECK (outcome IN ('waiting', 'rejected', 'withdrew', 'offer', 'accepted')),
        feedback TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE journal_reflections (
        entry_id INTEGER NOT NULL REFERENCES journal_entries(id) ON DELETE CASCADE,
        prompt_id TEXT NOT NULL,
        answer TEXT NOT NULL,
        PRIMARY KEY (entry_id, prompt_id)
    );
    CREATE TABLE journal_tags (
        entry_id INTEGER NOT NULL REFERENCES journal_entries(id) ON DELETE CASCADE,
        area TEXT NOT NULL,
        position INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (entry_id, area)
    );
    CREATE TABLE action_items (
        id INTEGER PRIMARY KEY,
        entry_id INTEGER REFERENCES journal_entries(id) ON DELETE CASCADE,
        area TEXT NOT NULL DEFAULT '',
        action TEXT NOT NULL DEFAULT '',
        due_on TEXT CHECK (due_on IS NULL OR date(due_on) IS due_on),
        status TEXT NOT NULL DEFAULT 'todo' CHECK (status IN ('todo', 'doing', 'done')),
        position INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX action_items_by_entry ON action_items(entry_id);
    CREATE TABLE message_templates (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL DEFAULT '',
        subject TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    """,
    # 6: takes are recorded from the start of the "speak now" cue; where it ended, for onset and replay.
    """
    ALTER TABLE answers ADD COLUMN cue_end_seconds REAL;
    """,
    # 7: delivery analysis (issue 15). One row per analysed answer: the transcript, the timed words, the
    # figures (the ones Progress charts as columns, the rest as JSON), the model and the rules' version,
    # so an answer can be analysed again. answer_transcripts is an FTS5 index over the transcripts
    # (content stored once, in answer_analyses), kept in step by triggers; a restored database has it
    # rebuilt from the rows rather than trusted.
    """
    CREATE TABLE answer_analyses (
        id INTEGER PRIMARY KEY,
        answer_id INTEGER NOT NULL UNIQUE REFERENCES answers(id) ON DELETE CASCADE,
        transcript TEXT NOT NULL DEFAULT '',
        words_json TEXT NOT NULL DEFAULT '[]',
        figures_json TEXT NOT NULL DEFAULT '{}',
        wpm REAL NOT NULL DEFAULT 0,
        fillers_per_minute REAL NOT NULL DEFAULT 0,
        long_pauses INTEGER NOT NULL DEFAULT 0,
        time_to_first_word REAL,
        speaking_seconds REAL NOT NULL DEFAULT 0,
        model TEXT NOT NULL,
        version INTEGER NOT NULL,
        analysed_at TEXT NOT NULL
    );
    CREATE VIRTUAL TABLE answer_transcripts USING fts5(
        transcript, content='answer_analyses', content_rowid='id', tokenize='porter unicode61'
    );
    CREATE TRIGGER answer_analyses_insert AFTER INSERT ON answer_analyses BEGIN
        INSERT INTO answer_transcripts (rowid, transcript) VALUES (new.id, new.transcript);
    END;
    CREATE TRIGGER answer_analyses_delete AFTER DELETE ON answer_analyses BEGIN
        INSERT INTO answer_transcripts (answer_transcripts, rowid, transcript)
            VALUES ('delete', old.id, old.transcript);
    END;
    CREATE TRIGGER answer_analyses_update AFTER UPDATE ON answer_analyses BEGIN
        INSERT INTO answer_transcripts (answer_transcripts, rowid, transcript)
            VALUES ('delete', old.id, old.transcript);
        INSERT INTO answer_transcripts (rowid, transcript) VALUES (new.id, new.transcript);
    END;
    """,
)

LATEST_VERSION = len(MIGRATIONS)
