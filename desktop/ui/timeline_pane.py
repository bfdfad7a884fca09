"""The timeline pane: the canvas with its lane choice, filters, Fit all and PNG/SVG export."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from desktop.domain import vocab
from desktop.domain.dates import DateError, describe_edtf, parse_edtf
from desktop.storage import timeline
from desktop.storage.casefile import Case
from desktop.ui import views
from desktop.ui.timeline_loader import Loaded, TimelineLoader
from desktop.ui.timeline_view import TimelineView


class TimelinePane(QWidget):
    """Loads what the filters let through; the canvas does the drawing."""

    mark_clicked = Signal(str, int)

    def __init__(self, db: Database, case: Case | None = None, parent: QWidget | None = None):
        """case: for loading a large case's events in the background (None: always at once)."""
        super().__init__(parent)
        self.setObjectName("timeline-pane")
        self._db = db
        self._stale = True
        self._choices_stale = True
        self._followed: tuple[str, int] | None = None
        self._debounce = QTimer(self, singleShot=True, interval=300)
        self._debounce.timeout.connect(self.reload)
        self.loader = TimelineLoader(db, case, self)
        self.loader.loaded.connect(self._apply)
        self.loader.failed.connect(self._failed)
        self.events: dict[int, timeline.TimelineEvent] = {}
        self._publications: dict[int, timeline.Publication] = {}
        self._titles: dict[int, str] = {}
        self.view = TimelineView(self)
        self.view.tooltip_for = self.tooltip
        self.view.mark_clicked.connect(self.mark_clicked)
        self.lanes_by = QComboBox(objectName="timeline-lanes")
        self.lanes_by.addItem("Lanes by kind", "kind")
        self.lanes_by.addItem("Lanes by entity", "entity")
        self.entity = QComboBox(objectName="timeline-entity")
        self.source = QComboBox(objectName="timeline-source")
        self.status = QComboBox(objectName="timeline-status")
        self.status.addItem("Any status", None)
        for status in vocab.STATUSES:
            self.status.addItem(status.capitalize(), status)
        self.start = QLineEdit(objectName="timeline-from", placeholderText="From (2026-06)")
        self.end = QLineEdit(objectName="timeline-to", placeholderText="To (2026-08-01)")
        for edit in (self.start, self.end):
            edit.setMaximumWidth(120)
            edit.setToolTip("A date in EDTF: 2026, 2026-06, 2026-06-02")
            edit.editingFinished.connect(self.reload)
        for combo in (self.lanes_by, self.entity, self.source, self.status):
            combo.currentIndexChanged.connect(self.reload)
            combo.setMaximumWidth(220)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(12)
        self.message = QLabel(objectName="timeline-message")
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # it repeats what was typed
        fit = QPushButton("Fit all", toolTip="Show every event (Home)")
        fit.clicked.connect(self.view.fit_all)
        png = QPushButton("Export PNG…")
        png.clicked.connect(lambda: self._choose_export("png"))
        svg = QPushButton("Export SVG…")
        svg.clicked.connect(lambda: self._choose_export("svg"))
        bar = QHBoxLayout()
        for widget in (self.lanes_by, self.entity, self.source, self.status, self.start,
                       self.end, fit, png, svg):
            bar.addWidget(widget)
        bar.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)

    # -- loading -------------------------------------------------------------------------------

    def mark_stale(self) -> None:
        """The case changed: reload soon if shown, else when next shown. Soon, not now: an
        import announces every file, and one reload after the burst is enough."""
        self._stale = True
        self._choices_stale = True
        if self.isVisible():
            self._debounce.start()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self) -> None:
        """Read the events the filters let through and lay out the lanes (in the background
        for a large case: the current lanes stay until the new ones are ready)."""
        self._stale = False
        if self._choices_stale:
            self._fill_choices()
        flt = self._filter()
        if flt is None:
            return
        if not self.loader.request(flt, self.lanes_by.currentData() or "kind"):
            self.message.setText("Loading events…")

    def shutdown(self) -> None:
        self.loader.shutdown()

    def _apply(self, loaded: Loaded) -> None:
        self.events = loaded.events
        self._publications = loaded.publications
        self._titles = loaded.titles
        self.view.set_lanes(loaded.lanes)
        self._follow()
        disputed = sum(e.disputed for e in self.events.values())
        self.message.setText(f"{len(self.events):,} events" + (
            f" · {disputed} disputed" if disputed else ""))

    def _failed(self, reason: str) -> None:
        self.message.setText(reason)

    def _fill_choices(self) -> None:
        """The entities and sources to filter by, keeping what is chosen."""
        self._choices_stale = False
        for combo, first, items in (
            (self.entity, "Any entity", sorted(
                ((name, entity_id) for entity_id, (name, _k) in
                 timeline.entity_names(self._db).items()), key=lambda i: i[0].casefold())),
            (self.source, "Any source", sorted(
                ((title[:60], source_id) for source_id, title in
                 timeline.source_titles(self._db).items()), key=lambda i: i[0].casefold())),
        ):
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(first, None)
            for text, item_id in items:
                combo.addItem(text, item_id)
            combo.setCurrentIndex(max(0, combo.findData(chosen)) if chosen is not None else 0)
            combo.blockSignals(False)

    def _filter(self) -> timeline.TimelineFilter | None:
        bounds = []
        for edit, side in ((self.start, 0), (self.end, 1)):
            text = edit.text().strip()
            if not text:
                bounds.append(None)
                edit.setStyleSheet("")
                continue
            try:
                parsed = parse_edtf(text)
            except DateError as exc:
                edit.setStyleSheet("border: 1px solid #c0392b")
                self.message.setText(f"Not a date: {exc}")
                return None
            edit.setStyleSheet("")
            bounds.append(parsed.lower if side == 0 else parsed.upper)
        return timeline.TimelineFilter(
            entity_id=self.entity.currentData(), source_id=self.source.currentData(),
            start=bounds[0], end=bounds[1], status=self.status.currentData())

    # -- linking -------------------------------------------------------------------------------

    def select(self, kind: str, item_id: int) -> None:
        """Follow the window's selection: an event is selected, an entity's or a source's
        events stand out and the rest fade (again after every load)."""
        self._followed = (kind, item_id)
        self._follow()

    def _follow(self) -> None:
        if self._followed is None:
            return
        kind, item_id = self._followed
        if kind == "event":
            self.view.highlighted = None
            if ("event", item_id) != self.view.selected:
                self.view.show_mark(("event", item_id))
            return
        self.view.selected = None
        if not self.events:  # not loaded yet: the load follows the selection
            self.view.highlighted = None
        elif kind == "entity":
            self.view.highlighted = frozenset(
                ("event", e.id) for e in self.events.values() if item_id in e.entities)
        elif kind == "source":
            self.view.highlighted = frozenset(
                {("event", e.id) for e in self.events.values() if item_id in e.sources}
                | {("source", item_id)})
        else:
            self.view.highlighted = None
        self.view.viewport().update()

    def tooltip(self, key: tuple[str, int]) -> str:
        """What a mark says on hover: the date as written, as resolved, and its sources."""
        kind, item_id = key
        if kind == "source":
            pub = self._publications.get(item_id)
            if pub is None:
                return ""
            return _html([f"<b>{_e(pub.title)}</b>",
                          f"Published {_e(pub.edtf)} ({_e(describe_edtf(pub.edtf))})"])
        event = self.events.get(item_id)
        if event is None:
            return ""
        lines = [f"<b>{_e(event.title)}</b>"]
        if event.phrase:
            lines.append(f"Written: “{_e(event.phrase)}”")
        lines.append(f"Resolved: {_e(event.edtf or '')} ({_e(describe_edtf(event.edtf))})")
        if event.rule:
            lines.append(f"Rule: {_e(event.rule)}")
        names = [self._titles.get(s, "?") for s in event.sources]
        if names:
            lines.append("Sources: " + _e("; ".join(names)))
        if event.disputed:
            given = [f"{g.edtf} ({self._titles.get(g.source_id, '?')})" for g in event.given]
            lines.append("<span style='color:#c0392b'>Disputed: " + _e("; ".join(given))
                         + "</span>")
        return _html(lines)

    # -- export --------------------------------------------------------------------------------

    def export(self, path: Path) -> None:
        """The current view, every lane, as PNG or SVG by the file's suffix; raises OSError."""
        if path.suffix.lower() == ".svg":
            size = self.view.export_size()
            generator = QSvgGenerator()
            generator.setFileName(str(path))
            generator.setSize(size)
            generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
            generator.setTitle("Casefile timeline")
            if not self.view.render_to(generator):
                raise OSError(f"could not write {path}")
        elif not self.view.render_image().save(str(path), "PNG"):
            raise OSError(f"could not write {path}")

    def _choose_export(self, kind: str) -> None:
        name, _ = QFileDialog.getSaveFileName(self, f"Export timeline as {kind.upper()}",
                                              f"timeline.{kind}", f"{kind.upper()} (*.{kind})")
        if not name:
            return
        try:
            self.export(Path(name))
        except OSError as exc:
            views.warn(self, "Export failed", str(exc))


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def _html(lines: list[str]) -> str:
    return "<p style='white-space:pre-wrap'>" + "<br>".join(lines) + "</p>"
