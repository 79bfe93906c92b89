"""Command line: `interview-coach` opens the window; sub-commands check content and set-up."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from interview_coach import __version__
from interview_coach.domain.wording import count_of
from interview_coach.private_files import restrict_umask
from interview_coach.storage.locations import DATA_DIR_ENV, DataLayout, resolve_data_dir, shipped_rubrics_dir

if TYPE_CHECKING:
    import argparse

    from interview_coach.domain.questions import Bank, LoadProblem

# The content modules (TOML parser, schemas) are imported inside the commands that use them, so that
# opening the window does not pay for them before it is shown.


def build_parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog="interview-coach",
        description="Practise job interviews out loud, offline. With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"interview-coach {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=f"where sessions, recordings and your own banks live (also ${DATA_DIR_ENV})",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    banks = commands.add_parser("banks", help="list, show or validate question banks")
    bank_commands = banks.add_subparsers(dest="banks_command", metavar="ACTION", required=True)
    listing = bank_commands.add_parser("list", help="list the banks the app loads")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    show = bank_commands.add_parser("show", help="print every question of one bank")
    show.add_argument("bank_id", metavar="ID")
    validate = bank_commands.add_parser("validate", help="check bank files; exit 1 if any is invalid")
    validate.add_argument("paths", nargs="+", metavar="PATH", type=Path)

    commands.add_parser("devices", help="list audio input and output devices, marking the defaults")
    say = commands.add_parser("say", help="speak TEXT with the configured voice (or write it to a file)")
    say.add_argument("text", metavar="TEXT")
    say.add_argument("--out", type=Path, metavar="FILE", help="write a .wav or .flac file instead of playing")
    say.add_argument("--rate", type=int, metavar="N", help="words per minute (default: the one in Preferences)")
    say.add_argument("--voice", metavar="ID", help="a voice id, as Preferences lists them (default: the chosen one)")
    record = commands.add_parser("record", help="record from the chosen microphone")
    record.add_argument("--seconds", type=float, required=True, metavar="N")
    record.add_argument("--out", type=Path, required=True, metavar="FILE", help=".wav or .flac")
    play = commands.add_parser("play", help="play a recording")
    play.add_argument("file", type=Path, metavar="FILE")
    analyse = commands.add_parser(
        "analyse", help="transcript, pace, fillers and pauses of a recording, worked out on this computer"
    )
    analyse.add_argument("file", type=Path, metavar="FILE")
    analyse.add_argument("--json", action="store_true", help="one JSON object (keys in docs/DATA_FORMATS.md)")
    analyse.add_argument("--model", metavar="NAME", help="speech-recognition model (default: the one in Preferences)")

    export = commands.add_parser("export", help="write sessions and scores as CSV or JSON (docs/DATA_FORMATS.md)")
    export.add_argument("--format", choices=("csv", "json"), required=True, dest="export_format")
    export.add_argument("--out", type=Path, metavar="FILE", help="write to FILE instead of the standard output")
    export.add_argument("--session", type=int, metavar="ID", help="only this session")
    backup = commands.add_parser("backup", help="save sessions, recordings and your banks in one archive")
    backup.add_argument("file", type=Path, metavar="FILE")
    restore = commands.add_parser("restore", help="replace your data with a backup's (asks first)")
    restore.add_argument("file", type=Path, metavar="FILE")
    restore.add_argument("--yes", action="store_true", help="replace existing data without asking")
    due = commands.add_parser("due", help="list the questions due for practice today, and why")
    due.add_argument("--json", action="store_true", help="machine-readable output")
    due.add_argument("--date", type=_iso_day, metavar="YYYY-MM-DD", help="the day to list (default: today)")
    return parser


def _iso_day(text: str) -> date:
    import argparse
    import re

    try:
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"{text!r} is not a day in the form YYYY-MM-DD (such as 2026-12-03)")


def main(argv: Sequence[str] | None = None) -> int:
    restrict_umask()  # everything this process writes is private, whatever the user's umask
    arguments = list(sys.argv[1:] if argv is None else argv)
    if not arguments:
        # Launched from a desktop menu: open the window without loading argparse (~8 ms of start-up).
        from interview_coach.app import run_gui

        return run_gui(resolve_data_dir())
    args = build_parser().parse_args(arguments)
    data_dir = resolve_data_dir(args.data_dir)
    if args.command == "banks":
        return _run_banks(args, data_dir)
    if args.command in AUDIO_COMMANDS:
        return _run_audio(args, data_dir)
    if args.command == "analyse":
        return _run_analyse(args, DataLayout(data_dir))
    if args.command in DATA_COMMANDS:
        return _run_data(args, DataLayout(data_dir))
    if args.command == "due":
        return _run_due(args, DataLayout(data_dir))
    from interview_coach.app import run_gui  # Qt is imported only when the window is wanted

    return run_gui(data_dir)


AUDIO_COMMANDS = ("devices", "say", "record", "play")
DATA_COMMANDS = ("export", "backup", "restore")


def _run_audio(args: argparse.Namespace, data_dir: Path) -> int:
    from interview_coach.audio import cli_commands
    from interview_coach.audio.errors import AudioError
    from interview_coach.storage.app_settings import load_audio_settings

    layout = DataLayout(data_dir)
    try:
        if args.command == "devices":
            return cli_commands.show_devices()
        settings = load_audio_settings(layout)
        if args.command == "say":
            settings = replace(
                settings,
                rate=settings.rate if args.rate is None else args.rate,
                voice=settings.voice if args.voice is None else args.voice,
            )
            return cli_commands.say(args.text, args.out, settings, layout.speech_cache)
        if args.command == "record":
            return cli_commands.record(args.seconds, args.out, settings)
        return cli_commands.play(args.file, settings)
    except AudioError as error:
        print(f"interview-coach: {error}", file=sys.stderr)
        return 1


def _run_analyse(args: argparse.Namespace, layout: DataLayout) -> int:
    from interview_coach.audio.analyse_command import analyse
    from interview_coach.audio.errors import AudioError
    from interview_coach.storage.app_settings import load_analysis_settings
    from interview_coach.storage.database import DatabaseError

    try:
        model = args.model or load_analysis_settings(layout).model
        return analyse(args.file, as_json=args.json, model=model, model_cache=layout.model_cache)
    except (AudioError, DatabaseError) as error:
        return _fail(str(error))


def _run_data(args: argparse.Namespace, layout: DataLayout) -> int:
    """Export, backup and restore: every failure is one line on stderr and exit status 1."""
    from interview_coach.storage.backup import BackupError
    from interview_coach.storage.database import DatabaseError
    from interview_coach.storage.export import ExportError

    try:
        if args.command == "export":
            return _export(args, layout)
        if args.command == "backup":
            return _backup(args, layout)
        return _restore(args, layout)
    except (BackupError, DatabaseError, ExportError) as error:
        return _fail(str(error))
    except OSError as error:
        return _fail(f"{error.strerror or error}{f': {error.filename}' if error.filename else ''}")


def _fail(message: str) -> int:
    print(f"interview-coach: {' '.join(message.splitlines())}", file=sys.stderr)
    return 1


def _export(args: argparse.Namespace, layout: DataLayout) -> int:
    import sqlite3

    from interview_coach.storage import export
    from interview_coach.storage.database import migrate, open_database

    sessions = None if args.session is None else [args.session]
    if layout.database.exists():
        # Reading needs no free space: on a full disk the data can still be exported elsewhere.
        connection = open_database(layout.database, read_only_fallback=True)
    else:  # nothing saved yet: export an empty set rather than create a database
        connection = sqlite3.connect(":memory:", isolation_level=None)
        migrate(connection)
    try:
        if args.out is not None:
            count = export.export_to_file(connection, args.out, args.export_format, sessions)
            unit = "session" if args.export_format == "json" else "row"
            print(f"Exported {count} {unit}{'' if count == 1 else 's'} to {args.out}")
            return 0
        if hasattr(sys.stdout, "reconfigure"):
            sys.stdout.reconfigure(encoding="utf-8", newline="")  # the csv module writes its own line ends
        try:
            if args.export_format == "json":
                export.export_json(connection, sys.stdout, sessions)
            else:
                export.export_csv(connection, sys.stdout, sessions)
            sys.stdout.flush()
        except BrokenPipeError:  # the reader stopped early (`| head`): not worth a traceback
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 1
        return 0
    finally:
        connection.close()


def _backup(args: argparse.Namespace, layout: DataLayout) -> int:
    from interview_coach.storage.backup import create_backup, format_size

    summary = create_backup(layout, args.file)
    for item in summary.skipped:
        print(f"warning: left out {item}", file=sys.stderr)
    counts = summary.manifest.counts.describe()
    print(f"Backed up {counts} to {summary.path} ({format_size(summary.archive_bytes)})")
    return 0


def _restore(args: argparse.Namespace, layout: DataLayout) -> int:
    from interview_coach.storage.backup import REPLACED_PREFIX, existing_data, inspect_backup, restore_backup

    manifest = inspect_backup(args.file)
    print(f"{args.file}: {manifest.describe()}")
    existing = existing_data(layout)
    replace = args.yes
    if not existing.is_empty and not replace:
        if sys.stdin is None or not sys.stdin.isatty():
            return _fail(
                f"{layout.root} already holds {existing.describe()}; nothing was restored. Run again with --yes "
                f"to replace them (they are kept in a {REPLACED_PREFIX}… folder there)."
            )
        question = f"Replace {existing.describe()} in {layout.root} with this backup? [y/N] "
        try:
            answer = input(question)
        except (EOFError, KeyboardInterrupt):
            answer = ""
            print()
        if answer.strip().lower() not in ("y", "yes"):
            return _fail("nothing was restored")
        replace = True
    summary = restore_backup(args.file, layout, replace=replace)
    print(f"Restored {summary.manifest.counts.describe()} into {layout.root}")
    if summary.moved_aside is not None:
        print(f"What was there before is kept in {summary.moved_aside}")
    return 0


def _run_due(args: argparse.Namespace, layout: DataLayout) -> int:
    from interview_coach.storage.database import DatabaseError

    try:
        return _due(args, layout)
    except DatabaseError as error:
        return _fail(str(error))


def _due(args: argparse.Namespace, layout: DataLayout) -> int:
    import json

    from interview_coach.domain.review_queue import minutes_for
    from interview_coach.storage.database import open_database
    from interview_coach.storage.due_questions import load_due
    from interview_coach.storage.library import load_library

    day: date = args.date or date.today()
    library = load_library(layout.user_banks)
    items = []
    if layout.database.exists():  # nothing practised yet: nothing is due, and no database is created
        connection = open_database(layout.database, read_only_fallback=True)
        try:
            items = load_due(connection, library, day).items
        finally:
            connection.close()
    texts = {q.key: q.text for q in library.catalogue.questions()}
    if args.json:
        rows = [
            {"question": i.question_key, "due": i.due.isoformat(), "state": i.status, "source": i.source,
             "reason": i.reason, "text": texts.get(i.question_key, "")}
            for i in items
        ]  # fmt: skip
        return _print_all(json.dumps(rows, indent=2, ensure_ascii=False))
    if not items:
        return _print_all(f"Nothing is due on {day.isoformat()}.")
    plural = "s" if len(items) != 1 else ""
    lines = [f"{len(items)} question{plural} due on {day.isoformat()} (about {minutes_for(len(items))} minutes):"]
    for item in items:
        lines.append(f"  {item.question_key}  [{item.status}, due {item.due.isoformat()}]  {item.reason}")
        lines.append(f"      {texts.get(item.question_key, '')}")
    return _print_all("\n".join(lines))


def _print_all(text: str) -> int:
    try:
        print(text)
        sys.stdout.flush()
    except BrokenPipeError:  # the reader stopped early (`| head`): not worth a traceback
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def _run_banks(args: argparse.Namespace, data_dir: Path) -> int:
    from interview_coach.storage.library import NoRubricError, load_library

    if args.banks_command == "validate":
        return _validate(args.paths)
    try:
        library = load_library(DataLayout(data_dir).user_banks)
    except NoRubricError as error:
        print(f"interview-coach: {error}", file=sys.stderr)
        return 2
    for problem in library.problems:
        print(f"warning: {problem}", file=sys.stderr)
    banks = library.catalogue.banks
    if args.banks_command == "list":
        _print_bank_list(banks, as_json=args.json)
        return 0
    bank = library.catalogue.bank(args.bank_id)
    if bank is None:
        known = ", ".join(b.id for b in banks)
        print(f"interview-coach: no bank {args.bank_id!r}; known banks: {known}", file=sys.stderr)
        return 1
    _print_bank(bank)
    return 0


def _validate(paths: list[Path]) -> int:
    from interview_coach.storage.content import BANK_SUFFIX, list_bank_files, load_bank_file, load_rubrics

    rubrics, _ = load_rubrics(shipped_rubrics_dir())
    known = {c.id for r in rubrics for c in r.criteria} or None
    files: list[Path] = []
    unlisted: list[LoadProblem] = []
    for path in paths:
        # A folder is checked file by file, as the app reads it; one named *.toml is reported as the bad file it is.
        if path.suffix != BANK_SUFFIX and _is_folder(path):
            found, problems = list_bank_files(path)
            files.extend(found)
            unlisted.extend(problems)
        else:
            files.append(path)
    for problem in unlisted:
        print(f"{problem}", file=sys.stderr)
    failures = len(unlisted)
    seen_ids: dict[str, Path] = {}
    for path in files:
        bank, problems = load_bank_file(path, known_criteria=known)
        if bank is not None and bank.id in seen_ids:
            problems.append(_duplicate(path, bank.id, seen_ids[bank.id]))
        for problem in problems:
            print(f"{problem}", file=sys.stderr)
        if problems:
            failures += 1
            continue
        assert bank is not None
        seen_ids[bank.id] = path
        print(f"ok: {path} (bank {bank.id!r}, {count_of(len(bank.questions), 'question')})")
    if not files and not unlisted:
        print("interview-coach: no bank files given", file=sys.stderr)
        return 2
    if failures:
        print(f"{failures} of {count_of(len(files) + len(unlisted), 'file')} invalid", file=sys.stderr)
        return 1
    return 0


def _is_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # e.g. no permission: reading it as a file reports why
        return False


def _duplicate(path: Path, bank_id: str, first: Path) -> LoadProblem:
    from interview_coach.domain.questions import LoadProblem

    return LoadProblem(str(path), "[bank]", f"bank id {bank_id!r} is already used by {first}")


def _print_bank_list(banks: list[Bank], *, as_json: bool) -> None:
    if as_json:
        import json

        payload = [
            {
                "id": b.id,
                "title": b.title,
                "file": b.source,
                "shipped": b.shipped,
                "question_count": len(b.questions),
                "categories": b.category_counts(),
            }
            for b in banks
        ]
        print(json.dumps(payload, indent=2))
        return
    width = max((len(b.id) for b in banks), default=2)
    for b in banks:
        origin = "" if b.shipped else "  (yours)"
        print(f"{b.id:<{width}}  {len(b.questions):>3} questions  {b.title}{origin}")
    print(f"{len(banks)} banks, {sum(len(b.questions) for b in banks)} questions")


def _print_bank(bank: Bank) -> None:
    from interview_coach.domain.questions import category_label

    print(f"{bank.title} [{bank.id}]  {bank.source}")
    if bank.description:
        print(bank.description)
    for q in bank.questions:
        print(f"\n{q.key}  ({category_label(q.category)}; think {q.think_seconds}s, answer {q.answer_seconds}s)")
        print(f"  {q.text}")
        print(f"  Strong answer: {q.strong_answer}")
        if q.handling:
            print(f"  Handling: {q.handling}")
        if q.improper:
            print(f"  Should not be asked: {q.improper}")
        for probe in q.follow_ups:
            print(f"  Follow-up: {probe}")
        print(f"  Criteria: {', '.join(q.criteria)}  Tags: {', '.join(q.tags)}")
