"""Small dialogs for grading: a source's reliability, a citation's credibility, a claim's status
with ICD 203 likelihood and confidence; and an item's history read from the change log."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import vocab
from desktop.storage.grades import MAX_NOTE
from desktop.storage.history import HistoryEntry
from desktop.ui.views import choice_combo, when

NOT_SAID = "— not said —"


class _FormDialog(QDialog):
    def __init__(self, title: str, parent: QWidget | None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout(self)

    def finish(self) -> None:
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.form.addRow(buttons)


class ReliabilityDialog(_FormDialog):
    """The Admiralty reliability of a source, with its standard meaning, and why."""

    def __init__(self, reliability: str | None, note: str | None, parent: QWidget | None = None):
        super().__init__("Grade source", parent)
        self.grade = choice_combo("grade-reliability",
                            [(NOT_SAID, None)] + [(f"{k} — {v}", k)
                                                  for k, v in vocab.RELIABILITY.items()],
                            reliability)
        self.note = QLineEdit(note or "")
        self.note.setObjectName("grade-note")
        self.note.setMaxLength(MAX_NOTE)  # what storage keeps: a longer one is never typed
        self.note.setPlaceholderText("why: e.g. “established newsroom, named sources”")
        self.form.addRow("&Reliability:", self.grade)
        self.form.addRow("&Descriptor:", self.note)
        self.finish()

    def values(self) -> tuple[str | None, str]:
        return self.grade.currentData(), self.note.text()


class CredibilityDialog(_FormDialog):
    def __init__(self, credibility: int | None, parent: QWidget | None = None):
        super().__init__("Grade citation", parent)
        self.grade = choice_combo("grade-credibility",
                            [(NOT_SAID, None)] + [(f"{k} — {v}", k)
                                                  for k, v in vocab.CREDIBILITY.items()],
                            credibility)
        self.form.addRow("&Credibility:", self.grade)
        self.finish()

    def value(self) -> int | None:
        return self.grade.currentData()


class StatusDialog(_FormDialog):
    """A claim's review status, and the analyst's ICD 203 likelihood and confidence."""

    def __init__(self, status: str, likelihood: str | None, confidence: str | None,
                 parent: QWidget | None = None):
        super().__init__("Claim status", parent)
        self.status = choice_combo("grade-status", [(s, s) for s in vocab.STATUSES], status)
        self.likelihood = choice_combo("grade-likelihood",
                                 [(NOT_SAID, None)] + [(w, w) for w in vocab.LIKELIHOODS],
                                 likelihood)
        self.confidence = choice_combo("grade-confidence",
                                 [(NOT_SAID, None)] + [(w, w) for w in vocab.CONFIDENCES],
                                 confidence)
        self.form.addRow("&Status:", self.status)
        self.form.addRow("&Likelihood:", self.likelihood)
        self.form.addRow("C&onfidence:", self.confidence)
        self.finish()

    def values(self) -> tuple[str, str | None, str | None]:
        return (self.status.currentData(), self.likelihood.currentData(),
                self.confidence.currentData())


class HistoryModel(QAbstractTableModel):
    """One row per logged change: when, who, what action, and the values it changed."""

    HEADINGS = ("When", "Who", "Action", "Change")

    def __init__(self, entries: list[HistoryEntry], parent=None):
        super().__init__(parent)
        self._entries = entries

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADINGS)

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid() \
                or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        return (when(entry.at), entry.actor or "", entry.action,
                describe(entry))[index.column()]

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.HEADINGS):
            return self.HEADINGS[section]
        return None


def describe(entry: HistoryEntry) -> str:
    """'citations added', or 'rank: normal → deprecated; rank_reason: — → misread'."""
    what = entry.table.replace("_", " ")
    if entry.op != "update":
        return f"{what}: {'added' if entry.op == 'insert' else 'removed'}"
    parts = [f"{column}: {_short(old)} → {_short(new)}" for column, old, new in entry.changes]
    return f"{what}: " + ("; ".join(parts) or "touched")


def _short(value: object) -> str:
    text = "—" if value is None else str(value)
    return text if len(text) <= 60 else text[:59] + "…"


class HistoryDialog(QDialog):
    def __init__(self, title: str, entries: list[HistoryEntry], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("history-dialog")
        self.setWindowTitle(f"History — {title}")
        self.model = HistoryModel(entries, self)
        view = QTableView()
        view.setModel(self.model)
        view.setWordWrap(False)
        view.verticalHeader().hide()
        view.horizontalHeader().setStretchLastSection(True)
        view.resizeColumnsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(view)
        layout.addWidget(buttons)
        self.resize(820, 420)
