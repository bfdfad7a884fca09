"""Preferences: the reviewer's name, set once and stamped on every change and annotation."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from desktop.itemmodels.session import CaseSession

REVIEWER_KEY = "reviewer/name"
MAX_NAME = 100


def clean_name(name: str) -> str:
    """A name as stamped: one line of printable characters, at most MAX_NAME of them. Control
    and format characters (a newline, a right-to-left override) would forge log lines and
    History rows."""
    printable = "".join(c if c.isprintable() else " " for c in name)
    return " ".join(printable.split())[:MAX_NAME]


def apply_saved(settings: QSettings | None, session: CaseSession) -> None:
    """Use the name saved in Preferences (else the account's name, as the case was opened)."""
    name = settings.value(REVIEWER_KEY) if settings is not None else None
    if isinstance(name, str) and clean_name(name):
        session.case.actor = clean_name(name)


def set_reviewer(settings: QSettings | None, session: CaseSession, name: str) -> str:
    """Stamp this name on every later change; saved for the next start. Empty: refused."""
    name = clean_name(name)
    if not name:
        raise ValueError("the reviewer's name is empty")
    session.case.actor = name
    if settings is not None:
        settings.setValue(REVIEWER_KEY, name)
    return name


def ask_reviewer(parent: QWidget, settings: QSettings | None, session: CaseSession) -> None:
    name, ok = QInputDialog.getText(
        parent, "Preferences", "Your name as a reviewer (stamped on every change you make):",
        QLineEdit.EchoMode.Normal, session.case.actor)
    if ok and clean_name(name):
        set_reviewer(settings, session, name)
