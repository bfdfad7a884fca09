"""The window's annotation work: the Annotations dock, Annotate on selected words, and the
reading view's note markers opening their threads."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow

from desktop.storage.sources import current_text
from desktop.ui.annotations_pane import AnnotationsPane
from desktop.ui.reading_view import ReadingView
from desktop.ui.undo import Edits


class Annotating(QObject):
    def __init__(self, window: QMainWindow, reading: ReadingView, edits: Edits,
                 beside: QDockWidget):
        super().__init__(window)
        self.window, self.reading, self.edits = window, reading, edits
        self.pane = AnnotationsPane(edits.session.db, edits)
        self.dock = QDockWidget("Annotations", window)
        self.dock.setObjectName("annotations-pane-dock")  # saveState() keys docks by name
        self.dock.setWidget(self.pane)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        window.tabifyDockWidget(beside, self.dock)
        self.dock.hide()
        edits.session.changed.connect(self.pane.on_change)
        self.pane.jump.connect(reading.show_words)
        reading.annotation_clicked.connect(self.open_thread)

    def annotate(self) -> bool:
        """Annotate the selected words, or the whole source shown when none are selected."""
        source_id = self.reading.source_id
        text = current_text(self.edits.session.db, source_id) if source_id is not None else None
        if text is None:
            self.window.statusBar().showMessage("Open a source to annotate first.", 6000)
            return False
        span = self.reading.selected_span()
        if span is None:
            self.pane.new_annotation(source_id)
        else:
            self.pane.new_annotation(source_id, *span, quote=text.text[span[0]:span[1]],
                                     text_sha256=text.text_sha256)
        return True

    def open_thread(self, annotation_id: int) -> None:
        self.dock.show()
        self.dock.raise_()
        self.pane.select(annotation_id)

    def shutdown(self) -> None:
        self.pane.shutdown()
