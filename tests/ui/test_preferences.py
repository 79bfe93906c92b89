"""Preferences on the real audio stack: voices from the engine, device tests, settings that persist."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QDialog
from pytestqt.qtbot import QtBot

from interview_coach import app as app_module
from interview_coach.app import AppContext, build_context, create_application
from interview_coach.audio.tts_worker import DRIVER_ENV
from interview_coach.storage.app_settings import read_audio_settings, wording_region
from interview_coach.ui.settings_dialog import SettingsDialog
from tests.support.virtual_audio import VirtualAudio
from tests.unit.test_wav_repair import cut_short_wav

pytestmark = pytest.mark.audio


def open_preferences(qtbot: QtBot, context: AppContext) -> SettingsDialog:
    context.window.findChild(QAction, "preferencesAction").trigger()
    dialog = context.window.findChild(QDialog, "settingsDialog")
    assert isinstance(dialog, SettingsDialog) and dialog.isVisible()
    return dialog


def test_voices_come_from_the_engine_and_the_voice_test_speaks(
    qtbot: QtBot, app_context: AppContext, virtual_audio: VirtualAudio
) -> None:
    dialog = open_preferences(qtbot, app_context)
    qtbot.waitUntil(lambda: dialog.voice.count() > 10, timeout=20_000)
    assert dialog.voice.itemText(0).startswith("Engine default (")
    assert "English" in dialog.voice.itemText(1)
    with qtbot.waitSignal(app_context.audio.speech_started, timeout=20_000):
        qtbot.mouseClick(dialog.test_voice_button, Qt.MouseButton.LeftButton)
    assert not dialog.test_voice_button.isEnabled()
    with qtbot.waitSignal(app_context.audio.speech_finished, timeout=20_000) as finished:
        pass
    assert finished.args == ["ended"] and dialog.test_voice_button.isEnabled()
    dialog.reject()


def test_the_microphone_test_hears_the_speaker_and_plays_it_back(
    qtbot: QtBot, app_context: AppContext, virtual_audio: VirtualAudio, speech_wav: Path
) -> None:
    dialog = open_preferences(qtbot, app_context)
    qtbot.waitUntil(lambda: app_context.audio.microphone_open, timeout=10_000)
    feeder = virtual_audio.play_into_microphone(speech_wav)
    qtbot.mouseClick(dialog.test_mic_button, Qt.MouseButton.LeftButton)
    assert "Recording 3 seconds" in dialog.mic_status.text()
    qtbot.waitUntil(lambda: dialog.meter.value() > 40, timeout=5_000)
    qtbot.waitUntil(lambda: dialog.mic_status.text() == "Playing it back…", timeout=10_000)
    qtbot.waitUntil(lambda: dialog.test_mic_button.isEnabled(), timeout=15_000)
    feeder.terminate()
    feeder.wait()
    assert dialog.mic_status.text() == "Heard you clearly."
    dialog.reject()


def test_the_microphone_test_says_when_it_hears_nothing(
    qtbot: QtBot, app_context: AppContext, virtual_audio: VirtualAudio
) -> None:
    dialog = open_preferences(qtbot, app_context)
    qtbot.waitUntil(lambda: app_context.audio.microphone_open, timeout=10_000)
    qtbot.mouseClick(dialog.test_mic_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.test_mic_button.isEnabled(), timeout=15_000)
    assert dialog.mic_status.text().startswith("Heard nothing.")
    dialog.reject()


def test_changed_settings_are_saved_and_used_next_time(
    qtbot: QtBot, data_dir: Path, virtual_audio: VirtualAudio
) -> None:
    create_application()
    context = build_context(data_dir)
    qtbot.addWidget(context.window)
    try:
        context.start()
        dialog = open_preferences(qtbot, context)
        dialog.rate.setValue(140)
        dialog.volume.setValue(60)
        dialog.read_aloud.setChecked(False)
        dialog.reject()
        assert context.audio.settings.rate == 140
    finally:
        context.window.close()
        context.close()  # waits for the settings write
    context = build_context(data_dir)
    qtbot.addWidget(context.window)
    try:
        settings = read_audio_settings(context.database)
        assert (settings.rate, settings.volume, settings.read_aloud) == (140, 0.6, False)
        assert context.audio.settings == settings
    finally:
        context.close()


def test_a_missing_speech_engine_shows_a_banner_with_the_hint(
    qtbot: QtBot, data_dir: Path, monkeypatch: pytest.MonkeyPatch, virtual_audio: VirtualAudio
) -> None:
    monkeypatch.setenv(DRIVER_ENV, "missing-engine")
    create_application()
    context = build_context(data_dir)
    qtbot.addWidget(context.window)
    try:
        context.start()
        qtbot.waitUntil(lambda: "speech" in context.window.banners.visible_texts(), timeout=20_000)
        text = context.window.banners.visible_texts()["speech"]
        assert "sudo apt-get install espeak-ng" in text and "The questions stay on screen." in text
    finally:
        context.window.close()
        context.close()


def test_a_recording_cut_short_last_time_is_offered_back(
    qtbot: QtBot, data_dir: Path, virtual_audio: VirtualAudio
) -> None:
    take = data_dir / "recordings" / "session-3" / "answer-2.wav"
    take.parent.mkdir(parents=True)
    cut_short_wav(take, 16000 * 4)
    create_application()
    context = build_context(data_dir)
    qtbot.addWidget(context.window)
    try:
        context.start()
        qtbot.waitUntil(lambda: "recovered" in context.window.banners.visible_texts(), timeout=10_000)
        assert "Recovered 1 answer recording" in context.window.banners.visible_texts()["recovered"]
        assert "(4.0 s in all)" in context.window.banners.visible_texts()["recovered"]
        banner = context.window.banners.banner("recovered")
        assert banner is not None
        with qtbot.waitSignal(context.audio.playback_finished, timeout=15_000) as finished:
            banner._action.click()
        assert finished.args == ["ended"]
    finally:
        context.window.close()
        context.close()


def test_the_question_wording_follows_the_locale_until_chosen_then_persists(
    qtbot: QtBot, data_dir: Path, virtual_audio: VirtualAudio, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_module, "default_region", lambda: "en-GB")  # as on a UK system
    create_application()
    context = build_context(data_dir)
    qtbot.addWidget(context.window)
    try:
        with qtbot.waitSignal(context.library.loaded, timeout=10_000):
            context.start()
        assert context.library.library is not None
        assert "CV" in context.library.library.catalogue.question("opening/walk-through-cv").text
        dialog = open_preferences(qtbot, context)
        combo = dialog.findChild(QComboBox, "wordingCombo")
        assert combo.currentText() == "English (UK)"
        with qtbot.waitSignal(context.library.loaded, timeout=10_000):
            combo.setCurrentIndex(combo.findData("en-US"))
        question = context.library.library.catalogue.question("opening/walk-through-cv")
        assert question is not None and question.text == "Can you walk me through your résumé?"
        dialog.reject()
    finally:
        context.window.close()
        context.close()  # waits for the settings write
    monkeypatch.setattr(app_module, "default_region", lambda: "en-GB")
    context = build_context(data_dir)  # the choice, not the locale, decides from now on
    qtbot.addWidget(context.window)
    try:
        assert context.library.region == "en-US" and wording_region(context.database) == "en-US"
    finally:
        context.close()
