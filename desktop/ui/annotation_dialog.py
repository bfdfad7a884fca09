"""Annotate, Reply and Edit note: Markdown beside a live preview made off the GUI thread."""

from __future__ import annotations

import html
import sqlite3
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.report.markup import render_markdown
from desktop.storage import annotations
from desktop.storage.annotations import MAX_BODY_CHARS, AnnotationView
from desktop.storage.errors import CaseError
from desktop.ui.safe_browser import SafeBrowser
from desktop.ui.undo import Edits
from desktop.ui.views import when

QUOTE_SHOWN = 300
PREVIEW_DELAY_MS = 150
PREVIEW_CHARS = 20_000  # a preview of the start of a very long note is enough
PATIENCE_MS = 1_000  # a render taking longer is shown as typed until it ends
MAX_LIVE = 3  # render threads running at once, abandoned ones included
MOTIVATION_CHOICES = (("Comment", "commenting"), ("Question", "questioning"),
                      ("Assessment", "assessing"), ("Highlight", "highlighting"))
STATUS_CHOICES = (("Open", "open"), ("Resolved", "resolved"))
_WORDS = {value: text for text, value in MOTIVATION_CHOICES}
EDIT_ERRORS = (ValueError, CaseError, sqlite3.Error)


@dataclass(frozen=True)
class AnnotationRequest:
    body: str
    tags: tuple[str, ...]
    motivation: str
    status: str
    private: bool


def parse_tags(text: str) -> tuple[str, ...]:
    """Comma-separated tags, trimmed, each once, in the order typed."""
    return tuple(dict.fromkeys(tag for part in text.split(",") if (tag := " ".join(part.split()))))


def thread_html(notes: Sequence[AnnotationView], plain: bool = False) -> str:
    """A thread's notes, each under who wrote it and when; bodies through render_markdown
    (or, plain, escaped as typed). Run in a worker thread: it reads nothing from the case."""
    parts = []
    for note in notes:
        edited = f" · edited {when(note.modified)}" if note.modified != note.created else ""
        facts = [note.reviewer or "someone", _WORDS.get(note.motivation, note.motivation),
                 when(note.created) + edited] + (["private"] if note.private else [])
        tags = f" · tags: {', '.join(note.tags)}" if note.tags else ""
        head = f"<p style='color:#555555'>{html.escape(' · '.join(facts) + tags)}</p>"
        body = (f"<p style='white-space:pre-wrap'>{html.escape(note.body)}</p>" if plain
                else render_markdown(note.body))
        parts.append(head + body)
    return "<hr>".join(parts)


class _Job:
    def __init__(self, make: Callable[[Any], str], arg: Any):
        self.make, self.arg = make, arg
        self.html: str | None = None
        self.done = threading.Event()
        self.began = time.monotonic()
        self.reported = False

    def run(self) -> None:
        try:
            self.html = self.make(self.arg)
        except Exception:  # RecursionError on deep lists: reported as not formatted
            self.html = None
        finally:
            self.done.set()

    def slow(self) -> bool:
        return (time.monotonic() - self.began) * 1000 >= PATIENCE_MS


_LIVE: list[_Job] = []  # every renderer's jobs still running


class BackgroundHtml(QObject):
    """HTML made in a worker thread: python-markdown takes time quadratic in some texts, and
    although render_markdown bounds the known cases (report/markup.py), a preview made on the
    GUI thread must never be able to freeze the window. The latest request wins. A job that
    is slow (over PATIENCE_MS) or fails (a deep list) is reported by `unformatted`: show the
    text as typed.
    Asked again while slow, the job is left to end alone, a daemon thread that touches no Qt
    object: its result is collected here, by a timer."""

    ready = Signal(str)
    unformatted = Signal(object)  # the argument of a job that is slow or failed

    def __init__(self, make: Callable[[Any], str], parent: QObject | None = None):
        super().__init__(parent)
        self._make = make
        self._job: _Job | None = None
        self._pending: tuple[Any] | None = None
        self._poll = QTimer(self, interval=25)
        self._poll.timeout.connect(self._collect)

    @property
    def busy(self) -> bool:
        return self._job is not None or self._pending is not None

    def request(self, arg: Any) -> None:
        self._pending = (arg,)
        self._collect()
        if self.busy:
            self._poll.start()

    def stop(self) -> None:
        self._job = self._pending = None
        self._poll.stop()

    def _collect(self) -> None:
        job = self._job
        if job is not None:
            if job.done.is_set():
                self._job = None
                if self._pending is None and job.html is not None:
                    self.ready.emit(job.html)
                elif self._pending is None and not job.reported:
                    self.unformatted.emit(job.arg)
            elif job.slow():
                if not job.reported:
                    job.reported = True
                    self.unformatted.emit(job.arg)
                if self._pending is not None:
                    self._job = None  # abandoned: it ends alone
        _LIVE[:] = [j for j in _LIVE if not j.done.is_set()]
        if self._job is None and self._pending is not None and len(_LIVE) < MAX_LIVE:
            (arg,), self._pending = self._pending, None
            self._job = _Job(self._make, arg)
            _LIVE.append(self._job)
            threading.Thread(target=self._job.run, name="casefile-markdown", daemon=True).start()
        if not self.busy:
            self._poll.stop()


class AnnotationDialog(QDialog):
    """A new note on quoted words or a source (mode "new"), a reply ("reply": the thread's
    status is its first note's) or a note edited ("edit": privacy is fixed when made)."""

    requested = Signal(object)  # an AnnotationRequest; the caller saves, then accepts or not

    def __init__(self, quote: str | None = None, *, title: str = "Annotate", body: str = "",
                 tags: Sequence[str] = (), motivation: str = "commenting",
                 status: str = "open", private: bool = False, mode: str = "new",
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("annotation-dialog")
        self.setWindowTitle(title)
        self.mode = mode
        self.editor = QPlainTextEdit(body, objectName="annotation-body")
        self.editor.setTabChangesFocus(True)
        self.editor.setPlaceholderText("Markdown: *emphasis*, **strong**, - lists, > quotes, "
                                       "`code`, [links](https://…)")
        self.preview = SafeBrowser()
        self.preview.setObjectName("annotation-preview")
        self.renderer = BackgroundHtml(render_markdown, self)
        self.renderer.ready.connect(self.preview.setHtml)
        self.renderer.unformatted.connect(self._show_typed)
        self._debounce = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._debounce.timeout.connect(self._render)
        self.editor.textChanged.connect(self._debounce.start)
        self.tags = QLineEdit(", ".join(tags), objectName="annotation-tags")
        self.tags.setPlaceholderText("comma-separated, e.g. timeline, check later")
        self.motivation = self._combo("annotation-motivation", MOTIVATION_CHOICES, motivation)
        self.status = self._combo("annotation-status", STATUS_CHOICES, status)
        self.private = QCheckBox("Private note (not exported unless asked for)",
                                 objectName="annotation-private", checked=private)
        if mode == "reply":
            self.status.setEnabled(False)
            self.status.setToolTip("A thread is open or resolved as its first note is")
        if mode == "edit":
            self.private.setEnabled(False)
            self.private.setToolTip("Whether a note is private is chosen when it is made")
        self.problem = QLabel("", objectName="annotation-problem")
        self.problem.setStyleSheet("color: #b3261e")
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("annotation-save")
        self.save_button.setToolTip("Save (Ctrl+Return)")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.save)
        self._layout(quote, buttons)
        self.finished.connect(self.renderer.stop)
        self._render()

    def _layout(self, quote: str | None, buttons: QDialogButtonBox) -> None:
        layout = QVBoxLayout(self)
        if quote is not None:
            shown = quote[:QUOTE_SHOWN] + ("…" if len(quote) > QUOTE_SHOWN else "")
            words = QLabel(f"“{shown}”", objectName="annotation-quote")
            words.setTextFormat(Qt.TextFormat.PlainText)
            words.setWordWrap(True)
            words.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(words)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.editor)
        split.addWidget(self.preview)
        split.setChildrenCollapsible(False)
        layout.addWidget(split, 1)
        form = QFormLayout()
        form.addRow("&Tags:", self.tags)
        form.addRow("&Kind:", self.motivation)
        form.addRow("&Status:", self.status)
        form.addRow(self.private)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.editor.setFocus()
        self.resize(760, 480)

    @staticmethod
    def _combo(name: str, choices: Sequence[tuple[str, str]], current: str) -> QComboBox:
        combo = QComboBox(objectName=name)
        for text, value in choices:
            combo.addItem(text, value)
        combo.setCurrentIndex(max(0, combo.findData(current)))
        return combo

    def _render(self) -> None:
        self.renderer.request(self.editor.toPlainText()[:PREVIEW_CHARS])

    def _show_typed(self, text: str) -> None:
        self.preview.setPlainText(f"(Shown as typed: this text is slow or impossible to "
                                  f"format.)\n\n{text}")

    def request(self) -> AnnotationRequest | None:
        """What was asked for, or None after saying what is missing."""
        body = self.editor.toPlainText()
        motivation = self.motivation.currentData()
        if not body.strip() and (self.mode != "new" or motivation != "highlighting"):
            self.show_problem("Write the note first (only a highlight may be left empty).")
            return None
        if len(body) > MAX_BODY_CHARS:
            self.show_problem(f"The note has {len(body):,} characters; at most "
                              f"{MAX_BODY_CHARS:,} are kept.")
            return None
        return AnnotationRequest(body, parse_tags(self.tags.text()), motivation,
                                 self.status.currentData(), self.private.isChecked())

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)

    def save(self) -> None:
        request = self.request()
        if request is not None:
            self.problem.setText("")
            self.requested.emit(request)  # the caller saves, then accepts or says why not


def save_through(dialog: AnnotationDialog, edits: Edits, text: str, fn: Callable[..., Any],
                 *args: Any, **kwargs: Any) -> None:
    """On Save: fn(*args, **kwargs, and what the dialog asks) as one undoable edit; the dialog
    closes when it is made, or stays open saying why not."""
    def save(request: AnnotationRequest) -> None:
        values: dict[str, Any] = {"body": request.body, "tags": request.tags,
                                  "motivation": request.motivation, "status": request.status}
        if fn is not annotations.update_annotation:
            values["private"] = request.private
        if kwargs.get("reply_to") is not None:
            del values["status"]  # a thread is open or resolved as its first note is
        try:
            edits.perform(text, fn, *args, **kwargs, **values)
        except EDIT_ERRORS as exc:
            dialog.show_problem(f"Not saved: {exc}")
            return
        dialog.accept()

    dialog.requested.connect(save)
