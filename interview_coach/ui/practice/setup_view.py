"""Choosing what to practise: the role first, then a preset; banks, kinds, topics, times and scoring under "More"."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from interview_coach.domain.library import Library
from interview_coach.domain.practice_setup import (
    MAX_NAME_LENGTH,
    MAX_QUESTIONS,
    MIN_QUESTIONS,
    ORDERS,
    PRESETS,
    PracticeSetup,
    is_role_pack,
    matching_questions,
    practised_as,
)
from interview_coach.domain.questions import category_label
from interview_coach.ui.layout_helpers import scrolling_page
from interview_coach.ui.theme import muted_text_colour, primary_fill, scaled_font, style_card, style_primary

OWN_THINK = -1  # spin-box value meaning "each question's own think time"
OWN_ANSWER = 9  # spin-box value meaning "each question's own answer limit"


SOLO_HINT = (
    "Just you: each question is read aloud, you answer out loud and score yourself. A friend can score the "
    "recordings later from a review pack (History)."
)
FRIEND_HINT = (
    "Your friend gets their own window (move it to a second screen) with the question to read out, "
    "follow-up probes, the timer and their own score sheet. You score yourself too; neither of you "
    "sees the other's scores until both are in."
)


class PracticeSetupView(QWidget):
    start_requested = Signal(object)  # PracticeSetup

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("practiceSetupView")
        self._library: Library | None = None
        self._mock = False
        self._applying = False

        outer, layout = scrolling_page(self)
        self._build_intro(layout)
        self._build_presets(layout)
        self.more_button = QPushButton("More choices \N{BLACK RIGHT-POINTING SMALL TRIANGLE}")
        self.more_button.setObjectName("moreChoicesButton")
        self.more_button.setAccessibleName("More choices: question sets, kinds, topics, times and scoring")
        self.more_button.setCheckable(True)
        self.more_button.setFlat(True)
        self.more_button.toggled.connect(self._show_more)
        layout.addWidget(self.more_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.details = QWidget()
        self.details.setObjectName("setupDetails")
        columns = QHBoxLayout(self.details)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.setSpacing(24)
        columns.addLayout(self._build_lists(), 3)
        columns.addWidget(self._build_form(), 2, Qt.AlignmentFlag.AlignTop)
        self.details.hide()
        layout.addWidget(self.details)
        layout.addStretch(1)
        # The start button lives outside the scroll area, so it is always in view.
        outer.addWidget(self._build_footer())
        self._connect_signals()

    # Building

    def _build_intro(self, layout: QVBoxLayout) -> None:
        title = QLabel("Practice")
        title.setFont(scaled_font(self, 1.8, bold=True))
        layout.addWidget(title)
        lead = QLabel(
            "Each question is read aloud; think, then answer out loud when the cue plays, and score yourself. "
            "Everything is saved as you go."
        )
        lead.setWordWrap(True)
        layout.addWidget(lead)
        layout.addWidget(self._role_row())
        layout.addWidget(self._mode_card())

    def _role_row(self) -> QWidget:
        """The job first: it decides which role pack joins the general questions."""
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 4, 0, 4)
        line.addWidget(_heading("What job are you preparing for?", self))
        self.role = QComboBox()
        self.role.setObjectName("targetRoleCombo")
        self.role.setAccessibleName("The job you are preparing for")
        self.role.setMinimumContentsLength(28)
        self.role.currentIndexChanged.connect(self._role_changed)
        line.addWidget(self.role)
        line.addStretch(1)
        return row

    def _build_presets(self, layout: QVBoxLayout) -> None:
        presets = QHBoxLayout()
        presets.setSpacing(12)
        self.preset_buttons: dict[str, QPushButton] = {}
        self._preset_id = ""
        tint = primary_fill().name()
        for preset in PRESETS:
            card = QFrame()
            style_card(card)
            card_layout = QVBoxLayout(card)
            button = QPushButton(preset.title)
            button.setObjectName(f"preset-{preset.id}")
            button.setAccessibleName(f"Preset: {preset.title}")
            button.setFont(scaled_font(self, 1.05, bold=True))
            button.setCheckable(True)  # the chosen preset stays marked, so choosing one visibly does something
            button.setStyleSheet(f"QPushButton:checked {{ background: {tint}; color: white; border-radius: 4px; }}")
            button.clicked.connect(lambda _checked=False, p=preset: self.apply_preset(p.id))
            card_layout.addWidget(button)
            text = QLabel(preset.description)
            text.setWordWrap(True)
            card_layout.addWidget(text)
            presets.addWidget(card, 1)
            self.preset_buttons[preset.id] = button
        presets.insertWidget(0, self._due_preset(), 1)
        layout.addLayout(presets)

    def _due_preset(self) -> QFrame:
        """ "Due today": the questions the practice schedule brings back today (hidden while none are).

        It starts at once with the form's choices of how to practise (reading aloud, times, friend): the
        form cannot hold a list of exact questions, which is what this preset is."""
        self._due_setup: PracticeSetup | None = None
        self.due_card = QFrame()
        style_card(self.due_card)
        card_layout = QVBoxLayout(self.due_card)
        button = QPushButton("Due today")
        button.setObjectName("preset-due-today")
        button.setAccessibleName("Preset: Due today")
        button.setFont(scaled_font(self, 1.05, bold=True))
        button.clicked.connect(self.apply_due)
        card_layout.addWidget(button)
        self.due_text = QLabel()
        self.due_text.setWordWrap(True)
        card_layout.addWidget(self.due_text)
        self.preset_buttons["due-today"] = button
        self.due_card.hide()
        return self.due_card

    def show_due(self, setup: PracticeSetup | None, total: int = 0) -> None:
        """`setup`: the session for the queue (its first questions); `total`: how many are due in all."""
        self._due_setup = setup
        self.due_card.setVisible(setup is not None)
        if setup is not None:
            count = len(setup.question_keys)
            if total > count:
                text = f"The first {count} of {total} questions due today."
            else:
                text = f"{count} question{'s' if count != 1 else ''} your schedule brings back today."
            self.due_text.setText(f"{text} Starts at once.")

    def apply_due(self) -> None:
        if self._due_setup is None:
            return
        self.start_requested.emit(practised_as(self._due_setup, self.current_setup()))

    def _build_lists(self) -> QGridLayout:
        """The banks and categories to choose from."""
        lists = QGridLayout()
        lists.setVerticalSpacing(6)
        self.banks = _checklist("banksList", "Question sets")
        self.categories = _checklist("categoriesList", "Kinds of question")
        lists.addWidget(_heading("Question sets", self), 0, 0)
        lists.addWidget(self.banks, 1, 0)
        lists.addWidget(_heading("Kinds of question", self), 2, 0)
        lists.addWidget(self.categories, 3, 0)
        none_means_all = QLabel("Tick none: the general sets and your role's set, every kind.")
        none_means_all.setStyleSheet(f"color: {muted_text_colour(self).name()}")
        lists.addWidget(none_means_all, 4, 0)
        return lists

    def _build_form(self) -> QWidget:
        """Tags, number, order, times, rubric and reading aloud."""
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setVerticalSpacing(10)
        self._add_choice_fields(form)
        self._add_timing_fields(form)
        self.rubric = QComboBox()
        self.rubric.setObjectName("rubricCombo")
        self.rubric.setAccessibleName("Rubric")
        form.addRow("Scoring guide:", self.rubric)
        self.read_aloud = QCheckBox("Read the questions aloud")
        self.read_aloud.setObjectName("readAloudSetupCheck")
        form.addRow("", self.read_aloud)
        self.hint = QLabel(
            "Keys during a session: Space starts and stops your answer, R repeats the question, "
            "1-5 score the highlighted point, Enter goes on, Esc pauses."
        )
        self.hint.setObjectName("setupHint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(f"color: {muted_text_colour(self).name()}")
        form.addRow(self.hint)
        self._mode_changed(False)
        form_box = QWidget()
        form_box.setLayout(form)
        return form_box

    def _add_choice_fields(self, form: QFormLayout) -> None:
        self.tags = QLineEdit()
        self.tags.setObjectName("tagsEdit")
        self.tags.setAccessibleName("Tags")
        self.tags.setPlaceholderText("Any topic, or e.g. salary, employment-gap")
        form.addRow("Topics:", self.tags)
        self.count = QSpinBox()
        self.count.setObjectName("questionCountSpin")
        self.count.setAccessibleName("Number of questions")
        self.count.setRange(MIN_QUESTIONS, MAX_QUESTIONS)
        form.addRow("Questions:", self.count)
        self.order = QComboBox()
        self.order.setObjectName("orderCombo")
        self.order.setAccessibleName("Order")
        for key, label in ORDERS.items():
            self.order.addItem(label, key)
        form.addRow("Order:", self.order)

    def _add_timing_fields(self, form: QFormLayout) -> None:
        self.think = QSpinBox()
        self.think.setObjectName("thinkSpin")
        self.think.setAccessibleName("Think time in seconds")
        self.think.setRange(OWN_THINK, 600)
        self.think.setSpecialValueText("Each question's own")
        self.think.setSuffix(" s")
        form.addRow("Think time:", self.think)
        self.answer = QSpinBox()
        self.answer.setObjectName("answerLimitSpin")
        self.answer.setAccessibleName("Answer limit in seconds")
        self.answer.setRange(OWN_ANSWER, 1200)
        self.answer.setSpecialValueText("Each question's own")
        self.answer.setSuffix(" s")
        self.answer.setSingleStep(15)
        form.addRow("Answer limit:", self.answer)

    def _build_footer(self) -> QFrame:
        footer = QFrame()
        footer.setObjectName("setupFooter")
        footer_layout = QHBoxLayout(footer)
        footer_layout.setContentsMargins(32, 10, 32, 14)
        self.match_count = QLabel()
        self.match_count.setObjectName("matchCount")
        footer_layout.addWidget(self.match_count, 1)
        self.start_button = QPushButton("Start session")
        self.start_button.setObjectName("startSessionButton")
        self.start_button.setAccessibleName("Start session")
        self.start_button.setDefault(True)
        style_primary(self.start_button)
        self.start_button.clicked.connect(lambda: self.start_requested.emit(self.current_setup()))
        footer_layout.addWidget(self.start_button)
        return footer

    def _connect_signals(self) -> None:
        for signal in (self.banks.itemChanged, self.categories.itemChanged):
            signal.connect(self._choices_changed)
        self.tags.textChanged.connect(self._choices_changed)
        self.count.valueChanged.connect(self._choices_changed)
        self.order.currentIndexChanged.connect(self._choices_changed)

    def _mode_card(self) -> QFrame:
        """Alone, or with a friend playing interviewer from their own window."""
        card = QFrame()
        card.setObjectName("modeCard")
        style_card(card)
        grid = QGridLayout(card)
        grid.setHorizontalSpacing(16)
        self.solo_mode = QRadioButton("On my own")
        self.solo_mode.setObjectName("soloModeRadio")
        self.friend_mode = QRadioButton("With a friend as interviewer")
        self.friend_mode.setObjectName("friendModeRadio")
        self.solo_mode.setChecked(True)
        grid.addWidget(_heading("Who is in the room?", self), 0, 0, 1, 2)
        grid.addWidget(self.solo_mode, 1, 0)
        grid.addWidget(self.friend_mode, 2, 0)
        self.friend_name = QComboBox()
        self.friend_name.setObjectName("friendNameCombo")
        self.friend_name.setAccessibleName("Friend's name")
        self.friend_name.setEditable(True)
        self.friend_name.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.friend_name.setMinimumContentsLength(16)
        line = self.friend_name.lineEdit()
        if line is not None:
            line.setObjectName("friendNameEdit")
            line.setAccessibleName("Friend's name")
            line.setPlaceholderText("Friend's name")
            line.setMaxLength(MAX_NAME_LENGTH)
        self.show_question = QCheckBox("Show me the question text")
        self.show_question.setObjectName("showQuestionCheck")
        self.show_timer = QCheckBox("Show me the timer")
        self.show_timer.setObjectName("showTimerCheck")
        self.show_timer.setChecked(True)
        friend_row = QHBoxLayout()
        friend_row.addWidget(QLabel("Name:"))
        friend_row.addWidget(self.friend_name)
        friend_row.addSpacing(12)
        friend_row.addWidget(self.show_question)
        friend_row.addWidget(self.show_timer)
        friend_row.addStretch(1)
        grid.addLayout(friend_row, 2, 1)
        self.friend_hint = QLabel(SOLO_HINT)
        self.friend_hint.setObjectName("friendModeHint")
        self.friend_hint.setWordWrap(True)
        # Always shown, so choosing a mode never moves the controls under the pointer; only its text changes.
        self.friend_hint.setMinimumHeight(self.friend_hint.fontMetrics().lineSpacing() * 3)
        self.friend_hint.setStyleSheet(f"color: {muted_text_colour(self).name()}")
        grid.addWidget(self.friend_hint, 3, 0, 1, 2)
        grid.setColumnStretch(1, 1)
        self.friend_mode.toggled.connect(self._mode_changed)
        return card

    def _mode_changed(self, friend: bool) -> None:
        for widget in (self.friend_name, self.show_question, self.show_timer):
            widget.setEnabled(friend)
        self.friend_hint.setText(FRIEND_HINT if friend else SOLO_HINT)
        self.hint.setText(
            "Keys in the interviewer's window: Space starts and stops the recording, R reads the question aloud, "
            "1-5 score the highlighted point, Enter goes on, F11 fills the screen. You score with 1-5 too."
            if friend
            else "Keys during a session: Space starts and stops your answer, R repeats the question, "
            "1-5 score the highlighted point, Enter goes on, Esc pauses."
        )
        if friend:
            self.friend_name.setFocus()

    def set_known_friends(self, names: list[str]) -> None:
        typed = self.friend_name.currentText()
        self.friend_name.clear()
        self.friend_name.addItems(names)
        self.friend_name.setEditText(typed or (names[0] if names else ""))

    # Content

    def show_library(self, library: Library, setup: PracticeSetup) -> None:
        self._library = library
        self._applying = True
        self.banks.clear()
        for bank in library.catalogue.banks:
            _add_check(self.banks, f"{bank.title}  ({len(bank.questions)})", bank.id)
        self.categories.clear()
        for category in library.catalogue.categories():
            _add_check(self.categories, category_label(category), category)
        _fit_height(self.banks)
        _fit_height(self.categories)
        self.role.blockSignals(True)
        self.role.clear()
        self.role.addItem("No particular role: general questions", "")
        packs = sorted((b for b in library.catalogue.banks if is_role_pack(b.id)), key=lambda b: _role_name(b.title))
        for bank in packs:
            self.role.addItem(_role_name(bank.title), bank.id)
        self.role.blockSignals(False)
        self.rubric.clear()
        for rubric in library.rubrics:
            self.rubric.addItem(rubric.title, rubric.id)
        completer = QCompleter(library.catalogue.tags(), self.tags)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.tags.setCompleter(completer)
        self._applying = False
        self.apply_setup(setup)

    def apply_preset(self, preset_id: str) -> None:
        preset = next(p for p in PRESETS if p.id == preset_id)
        self.apply_setup(practised_as(preset.setup, self.current_setup()))
        self._mark_preset(preset_id)
        self.start_button.setFocus()

    def _mark_preset(self, preset_id: str) -> None:
        self._preset_id = preset_id
        for key, button in self.preset_buttons.items():
            button.setChecked(key == preset_id)
        self._update_count()

    def _role_changed(self) -> None:
        if not self._applying:
            _set_checked(self.banks, set())  # the role decides the sets again
            self._update_count()

    def _show_more(self, shown: bool) -> None:
        self.details.setVisible(shown)
        arrow = "\N{BLACK DOWN-POINTING SMALL TRIANGLE}" if shown else "\N{BLACK RIGHT-POINTING SMALL TRIANGLE}"
        self.more_button.setText(f"{'Fewer' if shown else 'More'} choices {arrow}")

    def apply_setup(self, setup: PracticeSetup) -> None:
        self._applying = True
        self._mock = setup.mock_interview
        _set_checked(self.banks, set(setup.bank_ids))
        _set_checked(self.categories, set(setup.categories))
        self.tags.setText(", ".join(setup.tags))
        self.count.setValue(setup.question_count)
        self.order.setCurrentIndex(max(0, self.order.findData(setup.order)))
        self.think.setValue(OWN_THINK if setup.think_seconds is None else setup.think_seconds)
        self.answer.setValue(OWN_ANSWER if setup.answer_seconds is None else setup.answer_seconds)
        self.rubric.setCurrentIndex(max(0, self.rubric.findData(setup.rubric_id)))
        self.read_aloud.setChecked(setup.read_aloud)
        (self.friend_mode if setup.mode == "friend" else self.solo_mode).setChecked(True)
        if setup.friend_name:
            self.friend_name.setEditText(setup.friend_name)
        self.show_question.setChecked(setup.show_question)
        self.show_timer.setChecked(setup.show_timer)
        self.role.setCurrentIndex(max(0, self.role.findData(setup.target_role)))
        self._applying = False
        self._mark_preset(_preset_matching(setup))

    def current_setup(self) -> PracticeSetup:
        tags = tuple(t.strip().lower() for t in self.tags.text().replace(";", ",").split(",") if t.strip())
        return PracticeSetup(
            bank_ids=_checked(self.banks),
            categories=_checked(self.categories),
            tags=tags,
            question_count=self.count.value(),
            order=self.order.currentData() or "shuffled",
            think_seconds=None if self.think.value() == OWN_THINK else self.think.value(),
            answer_seconds=None if self.answer.value() == OWN_ANSWER else self.answer.value(),
            rubric_id=self.rubric.currentData() or "default",
            read_aloud=self.read_aloud.isChecked(),
            mock_interview=self._mock,
            mode="friend" if self.friend_mode.isChecked() else "solo",
            friend_name=self.friend_name.currentText().strip()[:MAX_NAME_LENGTH],
            show_question=self.show_question.isChecked(),
            show_timer=self.show_timer.isChecked(),
            target_role=self.role.currentData() or "",
        )

    def _choices_changed(self) -> None:
        if not self._applying:
            self._mock = False  # editing the choices leaves the mock-interview structure
            self._mark_preset(_preset_matching(self.current_setup()))
            return
        self._update_count()

    def _update_count(self) -> None:
        if self._library is None:
            return
        setup = self.current_setup()
        catalogue = self._library.catalogue
        found = len(matching_questions(catalogue, setup))
        role = self.role.currentText() if setup.target_role else ""
        source = f"general and {role}" if role else "general"
        if setup.bank_ids:
            source = "the sets you ticked"
        chosen = next((p.title for p in PRESETS if p.id == self._preset_id), "Your choice")
        if setup.mock_interview:
            self.match_count.setText(f"{chosen}: 11 questions from opening to closing ({source}).")
        else:
            asked = min(found, setup.question_count)
            self.match_count.setText(f"{chosen}: {asked} of {found:,} questions ({source}).")
        self.start_button.setEnabled(found > 0)


def _role_name(bank_title: str) -> str:
    """ "Role pack: software engineering" reads "Software engineering" in the role list."""
    name = bank_title.split(":", 1)[1].strip() if bank_title.lower().startswith("role pack:") else bank_title
    return name[:1].upper() + name[1:]


def _preset_matching(setup: PracticeSetup) -> str:
    """The preset these choices are (ignoring how to practise: mode, reading aloud, role), or ""."""
    for preset in PRESETS:
        if practised_as(setup, preset.setup) == preset.setup:
            return preset.id
    return ""


def _heading(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text)
    label.setFont(scaled_font(parent, 1.05, bold=True))
    return label


def _checklist(name: str, accessible: str) -> QListWidget:
    widget = QListWidget()
    widget.setObjectName(name)
    widget.setAccessibleName(f"{accessible} (none ticked means all)")
    return widget


def _fit_height(widget: QListWidget) -> None:
    """Tall enough for every row, so short lists leave no empty box and long ones do not scroll."""
    rows = sum(widget.sizeHintForRow(i) for i in range(widget.count()))
    widget.setFixedHeight(rows + 2 * widget.frameWidth() + 4)


def _add_check(widget: QListWidget, text: str, key: str) -> None:
    item = QListWidgetItem(text)
    item.setData(Qt.ItemDataRole.UserRole, key)
    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
    item.setCheckState(Qt.CheckState.Unchecked)
    widget.addItem(item)


def _set_checked(widget: QListWidget, keys: set[str]) -> None:
    for index in range(widget.count()):
        item = widget.item(index)
        if item is not None:
            wanted = item.data(Qt.ItemDataRole.UserRole) in keys
            item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)


def _checked(widget: QListWidget) -> tuple[str, ...]:
    items = (widget.item(i) for i in range(widget.count()))
    return tuple(
        str(item.data(Qt.ItemDataRole.UserRole))
        for item in items
        if item is not None and item.checkState() == Qt.CheckState.Checked
    )
