"""The reading view: a source as plain text with every cited excerpt highlighted and clickable."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QMouseEvent, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from desktop.domain.spans import Segment, Span, Utf16Index, flatten, segment_at, segment_index
from desktop.itemmodels.tooltips import plain_tooltip
from desktop.storage import annotations, reading, sources
from desktop.storage.sources import SourceText
from desktop.ui.annotation_margin import WIDTH as MARGIN_WIDTH
from desktop.ui.annotation_margin import AnnotationMargin
from desktop.ui.highlight_layer import COLOURS, HighlightLayer

__all__ = ["COLOURS", "ReadingView"]

FLASH = QColor("#ffe066")
FLASH_MS = 900
TOOLTIP_ITEMS = 6
NEAR_SPANS = 400  # more highlights than this: those near the focus are flattened first
NEAR_CHARS = 8_000  # code points either side of the focus: more than any screen shows


class ReadingView(QPlainTextEdit):
    """Shows one source; emits the excerpt ids under a click. Never renders the text as HTML."""

    excerpts_clicked = Signal(object)  # frozenset[int]
    annotation_clicked = Signal(int)  # a note's marker in the margin
    position_changed = Signal(str)  # "3 of 11"

    def __init__(self, db, parent: QWidget | None = None):
        super().__init__(parent)
        self._db = db
        self.setReadOnly(True)
        self.setObjectName("reading")
        self.setPlaceholderText("Select a source, claim or event to read its words.")
        # A scroll bar that comes and goes re-wraps every line just after we centred the
        # quote, pushing it out of view on long sources: keep it.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.source_id: int | None = None
        self._text: SourceText | None = None
        self._index = Utf16Index("")
        self._segments: list[Segment] = []
        self._spans: list[Span] = []
        self._partial = False  # segments only near the focus; the rest on the way
        self._generation = 0  # a newer load makes a pending completion moot
        self._current = -1
        self._mentions_visible = True
        # No undo history: the reader cannot edit, and recording every format change of a
        # long source costs time and memory.
        self.document().setUndoRedoEnabled(False)
        self._layer = HighlightLayer(self.document())
        self.word_actions: list = []  # offered on selected words (Cite as Value for…)
        self.margin = AnnotationMargin(self, self._top_of, self._visible_span)
        self.margin.clicked.connect(self.annotation_clicked)
        self.setViewportMargins(MARGIN_WIDTH, 0, 0, 0)
        self.verticalScrollBar().valueChanged.connect(self.margin.update)

    # -- showing -------------------------------------------------------------------------------

    def show_source(self, source_id: int, focus: int = 0) -> None:
        if source_id != self.source_id:
            self.reload(source_id, focus)

    def reload(self, source_id: int | None = None, focus: int | None = None) -> None:
        """(Re)load a source's text and highlights: after an edit, or to show another source.

        focus (code points) is where the reader will look first; its highlights come first."""
        same = source_id is None or source_id == self.source_id
        source_id = self.source_id if source_id is None else source_id
        if source_id is None:
            return
        scrolled = self.verticalScrollBar().value() if same else 0
        if focus is None:  # an edit: draw first what is on screen
            focus = self._visible_focus() if same else 0
        text = sources.current_text(self._db, source_id)
        if text is None and not sources.source_exists(self._db, source_id):
            self.clear()  # the source was deleted
            return
        self.source_id, self._text = source_id, text
        self._layer.forget()  # the old spans mean nothing in the new text
        # Plain text only: a source's words are never handed to a rich-text engine.
        self.setPlainText(text.text if text else "")
        self._index = Utf16Index(text.text if text else "")
        focus = min(max(focus, 0), self._index.length)
        self._spans = self._load_spans() if text else []
        self._current = -1
        self._segments = self._segments_near(focus)
        self._paint(focus, rest=not self._partial)
        if same:
            self.verticalScrollBar().setValue(scrolled)  # an edit must not lose the reader's place
        self.position_changed.emit(self.position_text())

    def drop_if_gone(self) -> None:
        """After sources changed: empty the view if its source was deleted (texts and
        mentions go with it by cascade), without reloading a source that is still there."""
        if self.source_id is not None and not sources.source_exists(self._db, self.source_id):
            self.clear()

    def clear(self) -> None:
        """Show no source (it was deleted, or what is selected has no words to show)."""
        self._layer.forget()
        self.source_id, self._text = None, None
        self.setPlainText("")
        self._index, self._segments, self._current = Utf16Index(""), [], -1
        self._spans, self._partial = [], False
        self.margin.set_marks([])
        self._generation += 1
        self.position_changed.emit("")

    def show_words(self, source_id: int, start: int, end: int) -> None:
        """Open the source at these code points, scroll them into view and flash them."""
        self.show_source(source_id, focus=start)
        if not 0 <= start <= end <= self._index.length:
            # Words anchored to an older text of the source (re-anchoring comes with imports):
            # show the source, but never jump to positions that are not in it.
            self.position_changed.emit("the cited words are not in this version of the source")
            return
        u_start, u_end = self._index.to_utf16(start), self._index.to_utf16(end)
        cursor = QTextCursor(self.document())
        cursor.setPosition(u_end)
        self.setTextCursor(cursor)
        cursor.setPosition(u_start)
        self.setTextCursor(cursor)
        self.centerCursor()
        found = segment_index(self._segments, start)
        self._current = found if found >= 0 else self._current
        self.position_changed.emit(self.position_text())
        self._flash(u_start, u_end)

    def set_mentions_visible(self, visible: bool) -> None:
        self._mentions_visible = visible
        self._paint(self._visible_focus())

    # -- navigation ----------------------------------------------------------------------------

    def step(self, delta: int) -> None:
        """Move to the next (+1) or previous (-1) highlight, wrapping around."""
        if not self._segments or self.source_id is None:
            return
        self._current = (self._current + delta) % len(self._segments)
        segment = self._segments[self._current]
        self.show_words(self.source_id, segment.start, segment.end)
        self.excerpts_clicked.emit(segment.ids)

    def position_text(self) -> str:
        if not self._segments:
            return "no highlights"
        if self._current < 0:
            return f"{len(self._segments)} highlights"
        return f"{self._current + 1} of {len(self._segments)}"

    def visible_text(self) -> str:
        """The text between the first and last visible lines (for tests and snapshots)."""
        top = self.cursorForPosition(self.viewport().rect().topLeft()).position()
        bottom = self.cursorForPosition(self.viewport().rect().bottomRight()).position()
        shown = self._text.text if self._text else ""
        # Qt's positions count UTF-16 units; the text is sliced in code points.
        return shown[self._index.to_code_point(top):self._index.to_code_point(bottom)]

    def segment_at_utf16(self, position: int) -> Segment | None:
        return segment_at(self._segments, self._index.to_code_point(position))

    # -- events --------------------------------------------------------------------------------

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self.textCursor().hasSelection():
            return
        where = self.cursorForPosition(event.position().toPoint()).position()
        found = segment_index(self._segments, self._index.to_code_point(where))
        if found >= 0:
            self._current = found
            self.position_changed.emit(self.position_text())
            self.excerpts_clicked.emit(self._segments[found].ids)

    def selected_span(self) -> tuple[int, int] | None:
        """The words selected, as code points of the shown text, without edge whitespace."""
        cursor = self.textCursor()
        if self._text is None or not cursor.hasSelection():
            return None
        start = self._index.to_code_point(cursor.selectionStart())
        end = self._index.to_code_point(cursor.selectionEnd())
        words = self._text.text[start:end]
        start += len(words) - len(words.lstrip())
        end -= len(words) - len(words.rstrip())
        return (start, end) if start < end else None

    def contextMenuEvent(self, event) -> None:
        menu = self.createStandardContextMenu(event.pos())
        if self.word_actions:
            menu.addSeparator()
            for action in self.word_actions:
                menu.addAction(action)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def _top_of(self, position: int) -> int | None:
        """Where a UTF-16 position's line is, in viewport pixels (for the margin's markers)."""
        if position > self.document().characterCount():
            return None
        cursor = QTextCursor(self.document())
        cursor.setPosition(position)
        return self.cursorRect(cursor).top()

    def _visible_span(self) -> tuple[int, int]:
        """The first and last UTF-16 positions in the viewport."""
        viewport = self.viewport().rect()
        return (self.cursorForPosition(viewport.topLeft()).position(),
                self.cursorForPosition(viewport.bottomRight()).position())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        rect = self.contentsRect()
        self.margin.setGeometry(rect.left(), rect.top(), MARGIN_WIDTH, rect.height())

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            segment = self.segment_at_utf16(self.cursorForPosition(event.pos()).position())
            if segment is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self._tooltip(segment), self)
            return True
        return super().viewportEvent(event)

    # -- internals -----------------------------------------------------------------------------

    def _segments_near(self, focus: int) -> list[Segment]:
        """The highlights around the focus, now; all of them from the event loop, once the
        quote is on screen (flattening 5,000 overlapping excerpts takes ~50 ms)."""
        self._generation += 1
        self._partial = len(self._spans) > NEAR_SPANS
        if not self._partial:
            return flatten(self._spans)
        near = [s for s in self._spans if s.end > focus - NEAR_CHARS and s.start < focus +
                NEAR_CHARS]
        QTimer.singleShot(0, lambda generation=self._generation: self._complete(generation))
        return flatten(near)

    def _complete(self, generation: int | None = None) -> None:
        """Every highlight's segment, replacing the ones near the focus."""
        if not self._partial or (generation is not None and generation != self._generation):
            return
        self._partial = False
        current = self._segments[self._current].start if self._current >= 0 else None
        self._segments = flatten(self._spans)
        if current is not None:
            self._current = segment_index(self._segments, current)
        self._paint(self._visible_focus())
        self.position_changed.emit(self.position_text())

    def _load_spans(self) -> list[Span]:
        spans = []
        for h in reading.highlights(self._db, self._text.source_id, self._text.text_sha256):
            ids = frozenset({h.excerpt_id})
            if h.supports:
                spans.append(Span(h.start, h.end, "supports", ids))
            if h.contradicts:
                spans.append(Span(h.start, h.end, "contradicts", ids))
            if h.events and not (h.supports or h.contradicts):
                spans.append(Span(h.start, h.end, "event", ids))
        return spans

    def _visible_focus(self) -> int:
        """The code point at the top of the view."""
        return self._index.to_code_point(self.firstVisibleBlock().position())

    def _paint(self, focus: int, rest: bool = True) -> None:
        """Hand the highlights (by kind, deeper overlaps darker) and underlines to the layer;
        rest=False: draw only around the focus (the full set follows)."""
        # Segments are disjoint and sorted, so their edges convert in one ascending walk.
        edges = self._index.to_utf16_sorted([p for s in self._segments for p in (s.start, s.end)])
        spans = [(edges[2 * n], edges[2 * n + 1], s.kind, s.depth)
                 for n, s in enumerate(self._segments)]
        underlines: list[tuple[int, int, str]] = []
        if self.source_id is not None and self._text is not None:
            length, to_utf16 = self._index.length, self._index.to_utf16
            notes = [n for n in annotations.spans_for_source(
                self._db, self.source_id, self._text.text_sha256) if 0 <= n[1] <= n[2] <= length]
            marks = [(note, to_utf16(start)) for note, start, _end in notes]
            underlines += [(to_utf16(start), to_utf16(end), "annotation")
                           for _note, start, end in notes]
            self.margin.set_marks(marks)
        if self._mentions_visible and self.source_id is not None:
            to_utf16, length = self._index.to_utf16, self._index.length
            # Mentions found in an older text of the source may lie past this one's end
            # until they are found again; an underline is never worth refusing to show text.
            underlines += [(to_utf16(start), to_utf16(end), "mention") for start, end, _entity
                           in reading.mention_spans(self._db, self.source_id)
                           if 0 <= start <= end <= length]
        self._layer.set_spans(spans, underlines, self._index.to_utf16(focus), rest=rest)

    def finish_highlighting(self) -> None:
        """Draw every highlight now rather than a chunk per event loop turn."""
        self._complete()
        self._layer.finish()

    def format_at_utf16(self, position: int) -> QTextCharFormat:
        """The format drawn at a position, highlights included (for tests and snapshots)."""
        block = self.document().findBlock(position)
        offset = position - block.position()
        for found in block.layout().formats():
            if found.start <= offset < found.start + found.length:
                return QTextCharFormat(found.format)  # a copy: the range dies with the list
        return block.charFormat()

    def _flash(self, u_start: int, u_end: int) -> None:
        selection = QTextEdit.ExtraSelection()
        selection.cursor = QTextCursor(self.document())
        selection.cursor.setPosition(u_start)
        selection.cursor.setPosition(u_end, QTextCursor.MoveMode.KeepAnchor)
        selection.format.setBackground(FLASH)
        selection.format.setProperty(QTextFormat.Property.FullWidthSelection, False)
        self.setExtraSelections([selection])
        QTimer.singleShot(FLASH_MS, self.stop_flash)

    def stop_flash(self) -> None:
        self.setExtraSelections([])

    def _tooltip(self, segment: Segment) -> str:
        rows = reading.citing(self._db, sorted(segment.ids))
        lines = [
            f"{'✗ ' if r.stance == 'contradicts' else ''}{r.kind.title()}: {r.text}"
            for r in rows[:TOOLTIP_ITEMS]
        ]
        if len(rows) > TOOLTIP_ITEMS:
            lines.append(f"… and {len(rows) - TOOLTIP_ITEMS} more")
        return plain_tooltip("\n".join(lines) or "No claim cites these words")
