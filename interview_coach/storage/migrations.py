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
    # 7: spaced repetition. review_cards caches each question's schedule,
    # rebuilt from its attempts whenever its fingerprint (answer ids, statuses, score rows) no longer
    # matches: the attempt history is the truth, so restore, import and deletion keep it right. A journal
    # entry's interview date brings its questions due before it.
    """
    CREATE TABLE review_cards (
        question_key TEXT PRIMARY KEY,
        fingerprint TEXT NOT NULL,
        due_at TEXT,
        stability REAL,
        difficulty REAL,
        reviews INTEGER NOT NULL DEFAULT 0,
        poor INTEGER NOT NULL DEFAULT 0,
        last_rating INTEGER,
        last_review_at TEXT,
        interval_days INTEGER
    );
    ALTER TABLE journal_entries ADD COLUMN interview_on TEXT
        CHECK (interview_on IS NULL OR date(interview_on) IS interview_on);
    """,
    # 8: History and Progress read aggregates instead of every score row. current_scores holds each
    # answer's latest score per criterion and scorer; answer_scores, session_totals, session_criteria and
    # session_calibration (self minus friend per criterion) add them up per answer and per session.
    # Triggers keep them equal to the source rows in the same transaction as any write (practice,
    # re-scoring, delete and undo, imported friend scores); a restored backup's copies are rebuilt from
    # its rows (storage/summaries.py), never trusted.
    """
    CREATE TABLE current_scores (
        answer_id INTEGER NOT NULL,
        criterion_id TEXT NOT NULL,
        scorer_kind TEXT NOT NULL,
        scorer_name TEXT NOT NULL,
        session_id INTEGER NOT NULL,
        score_id INTEGER NOT NULL,
        value INTEGER NOT NULL,
        PRIMARY KEY (answer_id, criterion_id, scorer_kind, scorer_name)
    );
    CREATE INDEX current_scores_by_session ON current_scores(session_id, scorer_kind, scorer_name);
    CREATE INDEX current_scores_by_scorer ON current_scores(scorer_kind, scorer_name);
    CREATE TABLE answer_scores (
        answer_id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL,
        question_key TEXT NOT NULL,
        category TEXT NOT NULL,
        created_at TEXT NOT NULL,
        position INTEGER NOT NULL,
        attempt INTEGER NOT NULL,
        session_started_at TEXT NOT NULL,
        self_total INTEGER NOT NULL DEFAULT 0,
        self_count INTEGER NOT NULL DEFAULT 0,
        friend_total INTEGER NOT NULL DEFAULT 0,
        friend_count INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX answer_scores_by_session ON answer_scores(session_id, question_key, category);
    CREATE INDEX answer_scores_by_category_name ON answer_scores(category);
    -- Scored answers only: per question the latest attempt, and the attempts in the order History lists them
    -- (count, first, last); per category the averages. Each read is index-only.
    CREATE INDEX answer_scores_latest ON answer_scores(question_key, created_at, answer_id, session_started_at)
        WHERE self_count > 0;
    CREATE INDEX answer_scores_in_order
        ON answer_scores(question_key, session_started_at, session_id, position, attempt, self_total, self_count)
        WHERE self_count > 0;
    CREATE INDEX answer_scores_by_category ON answer_scores(category, session_started_at, self_total, self_count)
        WHERE self_count > 0;
    CREATE TABLE session_totals (
        session_id INTEGER PRIMARY KEY,
        answer_rows INTEGER NOT NULL DEFAULT 0,
        answered INTEGER NOT NULL DEFAULT 0,
        speaking_seconds REAL NOT NULL DEFAULT 0,
        timed INTEGER NOT NULL DEFAULT 0,
        timed_seconds REAL NOT NULL DEFAULT 0,
        timed_limit_seconds REAL NOT NULL DEFAULT 0,
        timed_over INTEGER NOT NULL DEFAULT 0,
        recordings INTEGER NOT NULL DEFAULT 0,
        self_total INTEGER NOT NULL DEFAULT 0,
        self_count INTEGER NOT NULL DEFAULT 0,
        friend_total INTEGER NOT NULL DEFAULT 0,
        friend_count INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE session_criteria (
        session_id INTEGER NOT NULL,
        criterion_id TEXT NOT NULL,
        self_total INTEGER NOT NULL,
        self_count INTEGER NOT NULL,
        PRIMARY KEY (session_id, criterion_id)
    );
    CREATE TABLE session_calibration (
        session_id INTEGER NOT NULL,
        criterion_id TEXT NOT NULL,
        gap_total INTEGER NOT NULL,
        pairs INTEGER NOT NULL,
        PRIMARY KEY (session_id, criterion_id)
    );
    CREATE INDEX sessions_by_start ON sessions(started_at, id, mode, status);

    INSERT INTO current_scores (answer_id, criterion_id, scorer_kind, scorer_name, session_id, score_id, value)
        SELECT s.answer_id, s.criterion_id, s.scorer_kind, s.scorer_name, a.session_id, MAX(s.id), s.value
        FROM scores s JOIN answers a ON a.id = s.answer_id
        GROUP BY s.answer_id, s.criterion_id, s.scorer_kind, s.scorer_name;
    INSERT INTO answer_scores (answer_id, session_id, question_key, category, created_at, position, attempt,
                               session_started_at, self_total, self_count, friend_total, friend_count)
        SELECT a.id, a.session_id, a.question_key, a.category, a.created_at, a.position, a.attempt,
               (SELECT started_at FROM sessions WHERE id = a.session_id),
               COALESCE(SUM(CASE WHEN c.scorer_kind = 'self' THEN c.value END), 0),
               COUNT(CASE WHEN c.scorer_kind = 'self' THEN 1 END),
               COALESCE(SUM(CASE WHEN c.scorer_kind = 'friend' THEN c.value END), 0),
               COUNT(CASE WHEN c.scorer_kind = 'friend' THEN 1 END)
        FROM answers a LEFT JOIN current_scores c ON c.answer_id = a.id
        GROUP BY a.id;
    INSERT INTO session_totals
        SELECT session_id, COUNT(*), SUM(answered), TOTAL(CASE WHEN answered THEN answer_seconds END),
               SUM(timed), TOTAL(CASE WHEN timed THEN answer_seconds END),
               TOTAL(CASE WHEN timed THEN answer_limit_seconds END), SUM(timed AND over_limit <> 0),
               COUNT(recording_path), SUM(self_total), SUM(self_count), SUM(friend_total), SUM(friend_count)
        FROM (
            SELECT a.session_id, a.status <> 'skipped' AS answered,
                   COALESCE(a.status <> 'skipped' AND a.answer_seconds <> 0 AND a.answer_limit_seconds <> 0, 0)
                       AS timed,
                   a.answer_seconds, a.answer_limit_seconds, a.over_limit, a.recording_path,
                   t.self_total, t.self_count, t.friend_total, t.friend_count
            FROM answers a JOIN answer_scores t ON t.answer_id = a.id
        )
        GROUP BY session_id;
    INSERT INTO session_criteria (session_id, criterion_id, self_total, self_count)
        SELECT session_id, criterion_id, SUM(value), COUNT(*) FROM current_scores
        WHERE scorer_kind = 'self' GROUP BY session_id, criterion_id;
    INSERT INTO session_calibration (session_id, criterion_id, gap_total, pairs)
        SELECT f.session_id, f.criterion_id, SUM(s.value - f.value), COUNT(*)
        FROM current_scores f JOIN current_scores s
            ON s.answer_id = f.answer_id AND s.criterion_id = f.criterion_id AND s.scorer_kind = 'self'
        WHERE f.scorer_kind = 'friend' GROUP BY f.session_id, f.criterion_id;

    CREATE TRIGGER scores_added AFTER INSERT ON scores BEGIN
        DELETE FROM current_scores
        WHERE answer_id = new.answer_id AND criterion_id = new.criterion_id AND scorer_kind = new.scorer_kind
          AND scorer_name = new.scorer_name AND score_id < new.id;
        INSERT OR IGNORE INTO current_scores
            (answer_id, criterion_id, scorer_kind, scorer_name, session_id, score_id, value)
            SELECT new.answer_id, new.criterion_id, new.scorer_kind, new.scorer_name, a.session_id, new.id, new.value
            FROM answers a WHERE a.id = new.answer_id;
    END;
    CREATE TRIGGER scores_removed AFTER DELETE ON scores BEGIN
        DELETE FROM current_scores
        WHERE answer_id = old.answer_id AND criterion_id = old.criterion_id AND scorer_kind = old.scorer_kind
          AND scorer_name = old.scorer_name AND score_id = old.id;
        INSERT OR IGNORE INTO current_scores
            (answer_id, criterion_id, scorer_kind, scorer_name, session_id, score_id, value)
            SELECT s.answer_id, s.criterion_id, s.scorer_kind, s.scorer_name, a.session_id, s.id, s.value
            FROM scores s JOIN answers a ON a.id = s.answer_id
            WHERE s.answer_id = old.answer_id AND s.criterion_id = old.criterion_id
              AND s.scorer_kind = old.scorer_kind AND s.scorer_name = old.scorer_name
            ORDER BY s.id DESC LIMIT 1;
    END;
    CREATE TRIGGER scores_changed AFTER UPDATE ON scores BEGIN
        DELETE FROM current_scores
        WHERE (answer_id = old.answer_id AND criterion_id = old.criterion_id AND scorer_kind = old.scorer_kind
               AND scorer_name = old.scorer_name)
           OR (answer_id = new.answer_id AND criterion_id = new.criterion_id AND scorer_kind = new.scorer_kind
               AND scorer_name = new.scorer_name);
        INSERT OR IGNORE INTO current_scores
            (answer_id, criterion_id, scorer_kind, scorer_name, session_id, score_id, value)
            SELECT s.answer_id, s.criterion_id, s.scorer_kind, s.scorer_name, a.session_id, MAX(s.id), s.value
            FROM scores s JOIN answers a ON a.id = s.answer_id
            WHERE (s.answer_id = old.answer_id AND s.criterion_id = old.criterion_id
                   AND s.scorer_kind = old.scorer_kind AND s.scorer_name = old.scorer_name)
               OR (s.answer_id = new.answer_id AND s.criterion_id = new.criterion_id
                   AND s.scorer_kind = new.scorer_kind AND s.scorer_name = new.scorer_name)
            GROUP BY s.answer_id, s.criterion_id, s.scorer_kind, s.scorer_name;
    END;

    CREATE TRIGGER current_scores_added AFTER INSERT ON current_scores BEGIN
        UPDATE answer_scores SET
            self_total = self_total + CASE WHEN new.scorer_kind = 'self' THEN new.value ELSE 0 END,
            self_count = self_count + (new.scorer_kind = 'self'),
            friend_total = friend_total + CASE WHEN new.scorer_kind = 'friend' THEN new.value ELSE 0 END,
            friend_count = friend_count + (new.scorer_kind = 'friend')
        WHERE answer_id = new.answer_id;
        UPDATE session_totals SET
            self_total = self_total + CASE WHEN new.scorer_kind = 'self' THEN new.value ELSE 0 END,
            self_count = self_count + (new.scorer_kind = 'self'),
            friend_total = friend_total + CASE WHEN new.scorer_kind = 'friend' THEN new.value ELSE 0 END,
            friend_count = friend_count + (new.scorer_kind = 'friend')
        WHERE session_id = new.session_id;
        INSERT INTO session_criteria (session_id, criterion_id, self_total, self_count)
            SELECT new.session_id, new.criterion_id, new.value, 1 WHERE new.scorer_kind = 'self'
            ON CONFLICT (session_id, criterion_id) DO UPDATE
            SET self_total = self_total + excluded.self_total, self_count = self_count + 1;
        INSERT INTO session_calibration (session_id, criterion_id, gap_total, pairs)
            SELECT new.session_id, new.criterion_id,
                   SUM(CASE WHEN new.scorer_kind = 'self' THEN new.value - o.value ELSE o.value - new.value END),
                   COUNT(*)
            FROM current_scores o
            WHERE o.answer_id = new.answer_id AND o.criterion_id = new.criterion_id
              AND o.scorer_kind = CASE WHEN new.scorer_kind = 'self' THEN 'friend' ELSE 'self' END
            GROUP BY o.answer_id
            ON CONFLICT (session_id, criterion_id) DO UPDATE
            SET gap_total = gap_total + excluded.gap_total, pairs = pairs + excluded.pairs;
    END;
    CREATE TRIGGER current_scores_removed AFTER DELETE ON current_scores BEGIN
        UPDATE answer_scores SET
            self_total = self_total - CASE WHEN old.scorer_kind = 'self' THEN old.value ELSE 0 END,
            self_count = self_count - (old.scorer_kind = 'self'),
            friend_total = friend_total - CASE WHEN old.scorer_kind = 'friend' THEN old.value ELSE 0 END,
            friend_count = friend_count - (old.scorer_kind = 'friend')
        WHERE answer_id = old.answer_id;
        UPDATE session_totals SET
            self_total = self_total - CASE WHEN old.scorer_kind = 'self' THEN old.value ELSE 0 END,
            self_count = self_count - (old.scorer_kind = 'self'),
            friend_total = friend_total - CASE WHEN old.scorer_kind = 'friend' THEN old.value ELSE 0 END,
            friend_count = friend_count - (old.scorer_kind = 'friend')
        WHERE session_id = old.session_id;
        UPDATE session_criteria SET self_total = self_total - old.value, self_count = self_count - 1
        WHERE old.scorer_kind = 'self' AND session_id = old.session_id AND criterion_id = old.criterion_id;
        DELETE FROM session_criteria
        WHERE session_id = old.session_id AND criterion_id = old.criterion_id AND self_count <= 0;
        UPDATE session_calibration SET
            gap_total = gap_total - (
                SELECT COALESCE(SUM(
                    CASE WHEN old.scorer_kind = 'self' THEN old.value - o.value ELSE o.value - old.value END
                ), 0)
                FROM current_scores o
                 WHERE o.answer_id = old.answer_id AND o.criterion_id = old.criterion_id
                   AND o.scorer_kind = CASE WHEN old.scorer_kind = 'self' THEN 'friend' ELSE 'self' END
            ),
            pairs = pairs - (
                SELECT COUNT(*)
                FROM current_scores o
                 WHERE o.answer_id = old.answer_id AND o.criterion_id = old.criterion_id
                   AND o.scorer_kind = CASE WHEN old.scorer_kind = 'self' THEN 'friend' ELSE 'self' END
            )
        WHERE session_id = old.session_id AND criterion_id = old.criterion_id;
        DELETE FROM session_calibration
        WHERE session_id = old.session_id AND criterion_id = old.criterion_id AND pairs <= 0;
    END;
    CREATE TRIGGER current_scores_moved AFTER UPDATE ON current_scores BEGIN
        UPDATE answer_scores SET
            self_total = self_total - CASE WHEN old.scorer_kind = 'self' THEN old.value ELSE 0 END,
            self_count = self_count - (old.scorer_kind = 'self'),
            friend_total = friend_total - CASE WHEN old.scorer_kind = 'friend' THEN old.value ELSE 0 END,
            friend_count = friend_count - (old.scorer_kind = 'friend')
        WHERE answer_id = old.answer_id;
        UPDATE session_totals SET
            self_total = self_total - CASE WHEN old.scorer_kind = 'self' THEN old.value ELSE 0 END,
            self_count = self_count - (old.scorer_kind = 'self'),
            friend_total = friend_total - CASE WHEN old.scorer_kind = 'friend' THEN old.value ELSE 0 END,
            friend_count = friend_count - (old.scorer_kind = 'friend')
        WHERE session_id = old.session_id;
        UPDATE session_criteria SET self_total = self_total - old.value, self_count = self_count - 1
        WHERE old.scorer_kind = 'self' AND session_id = old.session_id AND criterion_id = old.criterion_id;
        DELETE FROM session_criteria
        WHERE session_id = old.session_id AND criterion_id = old.criterion_id AND self_count <= 0;
        UPDATE session_calibration SET
            gap_total = gap_total - (
                SELECT COALESCE(SUM(
                    CASE WHEN old.scorer_kind = 'self' THEN old.value - o.value ELSE o.value - old.value END
                ), 0)
                FROM current_scores o
                 WHERE o.answer_id = old.answer_id AND o.criterion_id = old.criterion_id
                   AND o.scorer_kind = CASE WHEN old.scorer_kind = 'self' THEN 'friend' ELSE 'self' END
            ),
            pairs = pairs - (
                SELECT COUNT(*)
                FROM current_scores o
                 WHERE o.answer_id = old.answer_id AND o.criterion_id = old.criterion_id
                   AND o.scorer_kind = CASE WHEN old.scorer_kind = 'self' THEN 'friend' ELSE 'self' END
            )
        WHERE session_id = old.session_id AND criterion_id = old.criterion_id;
        DELETE FROM session_calibration
        WHERE session_id = old.session_id AND criterion_id = old.criterion_id AND pairs <= 0;
        UPDATE answer_scores SET
            self_total = self_total + CASE WHEN new.scorer_kind = 'self' THEN new.value ELSE 0 END,
            self_count = self_count + (new.scorer_kind = 'self'),
            friend_total = friend_total + CASE WHEN new.scorer_kind = 'friend' THEN new.value ELSE 0 END,
            friend_count = friend_count + (new.scorer_kind = 'friend')
        WHERE answer_id = new.answer_id;
        UPDATE session_totals SET
            self_total = self_total + CASE WHEN new.scorer_kind = 'self' THEN new.value ELSE 0 END,
            self_count = self_count + (new.scorer_kind = 'self'),
            friend_total = friend_total + CASE WHEN new.scorer_kind = 'friend' THEN new.value ELSE 0 END,
            friend_count = friend_count + (new.scorer_kind = 'friend')
        WHERE session_id = new.session_id;
        INSERT INTO session_criteria (session_id, criterion_id, self_total, self_count)
            SELECT new.session_id, new.criterion_id, new.value, 1 WHERE new.scorer_kind = 'self'
            ON CONFLICT (session_id, criterion_id) DO UPDATE
            SET self_total = self_total + excluded.self_total, self_count = self_count + 1;
        INSERT INTO session_calibration (session_id, criterion_id, gap_total, pairs)
            SELECT new.session_id, new.criterion_id,
                   SUM(CASE WHEN new.scorer_kind = 'self' THEN new.value - o.value ELSE o.value - new.value END),
                   COUNT(*)
            FROM current_scores o
            WHERE o.answer_id = new.answer_id AND o.criterion_id = new.criterion_id
              AND o.scorer_kind = CASE WHEN new.scorer_kind = 'self' THEN 'friend' ELSE 'self' END
            GROUP BY o.answer_id
            ON CONFLICT (session_id, criterion_id) DO UPDATE
            SET gap_total = gap_total + excluded.gap_total, pairs = pairs + excluded.pairs;
    END;

    CREATE TRIGGER answers_added AFTER INSERT ON answers BEGIN
        INSERT INTO answer_scores
            (answer_id, session_id, question_key, category, created_at, position, attempt, session_started_at)
            SELECT new.id, new.session_id, new.question_key, new.category, new.created_at, new.position,
                   new.attempt, started_at
            FROM sessions WHERE id = new.session_id;
        INSERT INTO session_totals
            (session_id, answer_rows, answered, speaking_seconds, timed, timed_seconds, timed_limit_seconds,
             timed_over, recordings)
            VALUES (
                new.session_id, 1, new.status <> 'skipped',
                CASE WHEN new.status <> 'skipped' THEN COALESCE(new.answer_seconds, 0) ELSE 0 END,
                COALESCE(new.status <> 'skipped' AND new.answer_seconds <> 0
                         AND new.answer_limit_seconds <> 0, 0),
                CASE WHEN COALESCE(new.status <> 'skipped' AND new.answer_seconds <> 0
                         AND new.answer_limit_seconds <> 0, 0)
                     THEN new.answer_seconds ELSE 0 END,
                CASE WHEN COALESCE(new.status <> 'skipped' AND new.answer_seconds <> 0
                         AND new.answer_limit_seconds <> 0, 0)
                     THEN new.answer_limit_seconds ELSE 0 END,
                COALESCE(new.status <> 'skipped' AND new.answer_seconds <> 0
                         AND new.answer_limit_seconds <> 0, 0) AND new.over_limit <> 0,
                new.recording_path IS NOT NULL
            )
            ON CONFLICT (session_id) DO UPDATE SET
                answer_rows = answer_rows + 1,
                answered = answered + excluded.answered,
                speaking_seconds = speaking_seconds + excluded.speaking_seconds,
                timed = timed + excluded.timed,
                timed_seconds = timed_seconds + excluded.timed_seconds,
                timed_limit_seconds = timed_limit_seconds + excluded.timed_limit_seconds,
                timed_over = timed_over + excluded.timed_over,
                recordings = recordings + excluded.recordings;
    END;
    CREATE TRIGGER answers_removed AFTER DELETE ON answers BEGIN
        DELETE FROM answer_scores WHERE answer_id = old.id;
        UPDATE session_totals SET
            answer_rows = answer_rows - 1,
            answered = answered - (old.status <> 'skipped'),
            speaking_seconds = speaking_seconds
                - CASE WHEN old.status <> 'skipped' THEN COALESCE(old.answer_seconds, 0) ELSE 0 END,
            timed = timed - COALESCE(old.status <> 'skipped' AND old.answer_seconds <> 0
                         AND old.answer_limit_seconds <> 0, 0),
            timed_seconds = timed_seconds
                - CASE WHEN COALESCE(old.status <> 'skipped' AND old.answer_seconds <> 0
                         AND old.answer_limit_seconds <> 0, 0)
                     THEN old.answer_seconds ELSE 0 END,
            timed_limit_seconds = timed_limit_seconds
                - CASE WHEN COALESCE(old.status <> 'skipped' AND old.answer_seconds <> 0
                         AND old.answer_limit_seconds <> 0, 0)
                     THEN old.answer_limit_seconds ELSE 0 END,
            timed_over = timed_over - (COALESCE(old.status <> 'skipped' AND old.answer_seconds <> 0
                         AND old.answer_limit_seconds <> 0, 0) AND old.over_limit <> 0),
            recordings = recordings - (old.recording_path IS NOT NULL)
        WHERE session_id = old.session_id;
        DELETE FROM session_totals WHERE session_id = old.session_id AND answer_rows <= 0;
    END;
    CREATE TRIGGER answers_changed
        AFTER UPDATE OF session_id, position, attempt, question_key, category, created_at, status,
                        answer_seconds, answer_limit_seconds, over_limit, recording_path
        ON answers BEGIN
        UPDATE session_totals SET
            answer_rows = answer_rows - 1,
            answered = answered - (old.status <> 'skipped'),
            speaking_seconds = speaking_seconds
                - CASE WHEN old.status <> 'skipped' THEN COALESCE(old.answer_seconds, 0) ELSE 0 END,
            timed = timed - COALESCE(old.status <> 'skipped' AND old.answer_seconds <> 0
                         AND old.answer_limit_seconds <> 0, 0),
            timed_seconds = timed_seconds
                - CASE WHEN COALESCE(old.status <> 'skipped' AND old.answer_seconds <> 0
                         AND old.answer_limit_seconds <> 0, 0)
                     THEN old.answer_seconds ELSE 0 END,
            timed_limit_seconds = timed_limit_seconds
                - CASE WHEN COALESCE(old.status <> 'skipped' AND old.answer_seconds <> 0
                         AND old.answer_limit_seconds <> 0, 0)
                     THEN old.answer_limit_seconds ELSE 0 END,
            timed_over = timed_over - (COALESCE(old.status <> 'skipped' AND old.answer_seconds <> 0
                         AND old.answer_limit_seconds <> 0, 0) AND old.over_limit <> 0),
            recordings = recordings - (old.recording_path IS NOT NULL)
        WHERE session_id = old.session_id;
        INSERT INTO session_totals
            (session_id, answer_rows, answered, speaking_seconds, timed, timed_seconds, timed_limit_seconds,
             timed_over, recordings)
            VALUES (
                new.session_id, 1, new.status <> 'skipped',
                CASE WHEN new.status <> 'skipped' THEN COALESCE(new.answer_seconds, 0) ELSE 0 END,
                COALESCE(new.status <> 'skipped' AND new.answer_seconds <> 0
                         AND new.answer_limit_seconds <> 0, 0),
                CASE WHEN COALESCE(new.status <> 'skipped' AND new.answer_seconds <> 0
                         AND new.answer_limit_seconds <> 0, 0)
                     THEN new.answer_seconds ELSE 0 END,
                CASE WHEN COALESCE(new.status <> 'skipped' AND new.answer_seconds <> 0
                         AND new.answer_limit_seconds <> 0, 0)
                     THEN new.answer_limit_seconds ELSE 0 END,
                COALESCE(new.status <> 'skipped' AND new.answer_seconds <> 0
                         AND new.answer_limit_seconds <> 0, 0) AND new.over_limit <> 0,
                new.recording_path IS NOT NULL
            )
            ON CONFLICT (session_id) DO UPDATE SET
                answer_rows = answer_rows + 1,
                answered = answered + excluded.answered,
                speaking_seconds = speaking_seconds + excluded.speaking_seconds,
                timed = timed + excluded.timed,
                timed_seconds = timed_seconds + excluded.timed_seconds,
                timed_limit_seconds = timed_limit_seconds + excluded.timed_limit_seconds,
                timed_over = timed_over + excluded.timed_over,
                recordings = recordings + excluded.recordings;
        DELETE FROM session_totals WHERE session_id = old.session_id AND answer_rows <= 0;
        UPDATE answer_scores SET session_id = new.session_id, question_key = new.question_key,
            category = new.category, created_at = new.created_at, position = new.position, attempt = new.attempt,
            session_started_at = (SELECT started_at FROM sessions WHERE id = new.session_id)
        WHERE answer_id = new.id;
        UPDATE current_scores SET session_id = new.session_id
        WHERE answer_id = new.id AND session_id <> new.session_id;
    END;
    CREATE TRIGGER sessions_moved AFTER UPDATE OF started_at ON sessions BEGIN
        UPDATE answer_scores SET session_started_at = new.started_at WHERE session_id = new.id;
    END;
    """,
    # 9: delivery analysis (issue 15). One row per analysed answer: the transcript, the timed words, the
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
    # 10: the schedule cache (step 7) is checked in one row read: `generation` counts every change to
    # what the schedule is made from (answers' ids, questions and statuses; score rows), and
    # `synced_generation` is the count when review_cards last agreed with them (NULL: check each
    # question's fingerprint again, as after a restore).
    """
    CREATE TABLE schedule_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        generation INTEGER NOT NULL DEFAULT 0,
        synced_generation INTEGER
    );
    INSERT INTO schedule_state (id, generation) VALUES (1, 0);
    CREATE TRIGGER schedule_answer_added AFTER INSERT ON answers BEGIN
        UPDATE schedule_state SET generation = generation + 1;
    END;
    CREATE TRIGGER schedule_answer_changed AFTER UPDATE OF id, question_key, status ON answers BEGIN
        UPDATE schedule_state SET generation = generation + 1;
    END;
    CREATE TRIGGER schedule_answer_removed AFTER DELETE ON answers BEGIN
        UPDATE schedule_state SET generation = generation + 1;
    END;
    CREATE TRIGGER schedule_score_added AFTER INSERT ON scores BEGIN
        UPDATE schedule_state SET generation = generation + 1;
    END;
    CREATE TRIGGER schedule_score_changed AFTER UPDATE ON scores BEGIN
        UPDATE schedule_state SET generation = generation + 1;
    END;
    CREATE TRIGGER schedule_score_removed AFTER DELETE ON scores BEGIN
        UPDATE schedule_state SET generation = generation + 1;
    END;
    """,
)

LATEST_VERSION = len(MIGRATIONS)
