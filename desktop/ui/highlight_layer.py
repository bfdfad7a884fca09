"""Highlight and mention formats drawn over the reading view's plain text, block by block."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument

# One colour per citation kind; light enough that text stays readable where they stack.
COLOURS = {
    "supports": "#cdebd3", "contradicts": "#f6c9c5", "event": "#cfe0f7", "context": "#e8e8e8",
}
MENTION_COLOUR = "#5f6b7a"
ANNOTATION_COLOUR = "#c77700"  # reviewers' notes: a wavy amber line, unlike any highlight
UNDERLINES = {  # style: (line, colour)
    "mention": (QTextCharFormat.UnderlineStyle.DotLine, MENTION_COLOUR),
    "annotation": (QTextCharFormat.UnderlineStyle.WaveUnderline, ANNOTATION_COLOUR),
}
NEAR_UNITS = 8_000  # text around the focus drawn at once: more than any screen shows


class HighlightLayer(QSyntaxHighlighter):
    """Formats live in each block's layout, not in the document: applying 5,000 of them is
    one pass over the blocks with no undo records or change signals, and the text itself
    is never touched. Spans are in UTF-16 units, as Qt counts, and must not overlap.

    On a long source the blocks around the focus (the quote being opened) are drawn at once
    and the rest in one pass from the event loop, after the quote is on screen; a newer set
    of spans cancels a pass not yet run. (Drawing the rest block by block costs three times
    as much: each rehighlightBlock() is its own edit.)"""

    def __init__(self, document: QTextDocument):
        super().__init__(document)
        self._starts: list[int] = []
        self._spans: list[tuple[int, int, str, int]] = []  # (start, end, kind, depth)
        self._underlines: list[tuple[int, int, str]] = []  # mentions: (start, end, style)
        self._notes: list[tuple[int, int, str]] = []  # annotations, apart (see set_spans)
        self._longest = 0
        self._formats: dict[tuple[str | None, int, str | None], QTextCharFormat] = {}
        self._timer = QTimer(self, singleShot=True, interval=0)  # the deferred full pass
        self._timer.timeout.connect(self.rehighlight)

    def set_spans(
        self,
        spans: list[tuple[int, int, str, int]],
        underlines: list[tuple[int, int]] | list[tuple[int, int, str]],
        focus: int = 0,
        rest: bool = True,
    ) -> None:
        """Replace every highlight and underline (a mention's unless a style is given); draw
        around focus now, the rest soon (rest=False: not at all, a fuller set is coming).
        Where underlines overlap, annotations are drawn over mentions."""
        self._spans = spans
        self._starts = [s[0] for s in spans]
        styled = [u if len(u) == 3 else (*u, "mention") for u in underlines]
        # Mentions are many and short: found by bisection. Notes are few and may be long (a
        # note on a whole article): looked through in full, so that one long note never makes
        # every block scan every mention.
        self._underlines = sorted(u for u in styled if u[2] != "annotation")
        self._notes = sorted(u for u in styled if u[2] == "annotation")
        self._longest = max((u[1] - u[0] for u in self._underlines), default=0)
        document = self.document()
        self._timer.stop()
        if document.characterCount() <= 2 * NEAR_UNITS:
            self.rehighlight()
            return
        focus_block = document.findBlock(min(focus, document.characterCount() - 1))
        near = [focus_block]
        while near[0].previous().isValid() and focus - near[0].position() < NEAR_UNITS:
            near.insert(0, near[0].previous())
        while near[-1].next().isValid() and near[-1].position() - focus < NEAR_UNITS:
            near.append(near[-1].next())
        for block in near:
            self.rehighlightBlock(block)
        if rest:
            self._timer.start()

    def forget(self) -> None:
        """Drop every span without redrawing: the text is about to be replaced."""
        self._spans, self._starts, self._underlines, self._notes = [], [], [], []
        self._timer.stop()

    def finish(self) -> None:
        """Run the deferred full pass now, if one is waiting (for snapshots and tests)."""
        if self._timer.isActive():
            self._timer.stop()
            self.rehighlight()

    def highlightBlock(self, text: str) -> None:
        if not self._spans and not self._underlines and not self._notes:
            return  # a text being replaced, before its spans arrive
        block = self.currentBlock()
        first, last = block.position(), block.position() + block.length() - 1
        # The first span that may reach into this block: spans are sorted and disjoint.
        i = max(0, bisect_right(self._starts, first) - 1)
        while i < len(self._spans) and self._spans[i][0] < last:
            start, end, kind, depth = self._spans[i]
            if end > first:
                begin = max(start, first)
                self.setFormat(begin - first, min(end, last) - begin, self._format(kind, depth))
            i += 1
        for start, end, style in self._underlines_in(first, last):
            self._underline(start, end, first, style)

    # -- internals -----------------------------------------------------------------------------

    def _underlines_in(self, first: int, last: int) -> list[tuple[int, int, str]]:
        j = bisect_right(self._underlines, (first, -1))
        # Underlines may overlap (a note on a named entity): look back past every one that
        # could still reach this block, as far as the longest underline goes.
        k = bisect_left(self._underlines, (first - self._longest, -1))
        found = [u for u in self._underlines[k:j] if u[1] > first]
        while j < len(self._underlines) and self._underlines[j][0] < last:
            found.append(self._underlines[j])
            j += 1
        found += [u for u in self._notes if u[0] < last and u[1] > first]  # drawn last, on top
        return [(max(s, first), min(e, last), style) for s, e, style in found]

    def _underline(self, start: int, end: int, first: int, style: str = "mention") -> None:
        """Underline [start, end) keeping each piece's highlight: split at span boundaries."""
        cut = start
        i = max(0, bisect_right(self._starts, start) - 1)
        while cut < end:
            span = self._spans[i] if i < len(self._spans) else None
            if span is not None and span[1] <= cut:
                i += 1
                continue
            if span is None or span[0] >= end:  # no highlight under the rest
                self.setFormat(cut - first, end - cut, self._format(None, 0, style))
                return
            if span[0] > cut:  # a gap before the next highlight
                self.setFormat(cut - first, span[0] - cut, self._format(None, 0, style))
                cut = span[0]
            stop = min(span[1], end)
            self.setFormat(cut - first, stop - cut, self._format(span[2], span[3], style))
            cut = stop
            i += 1

    def _format(self, kind: str | None, depth: int, underline: str | None = None
                ) -> QTextCharFormat:
        key = (kind, depth, underline)
        if key not in self._formats:
            fmt = QTextCharFormat()
            if kind is not None:
                colour = QColor(COLOURS.get(kind, COLOURS["context"]))
                fmt.setBackground(colour.darker(100 + 12 * (depth - 1)))  # deeper, darker
            if underline in UNDERLINES:
                line, colour = UNDERLINES[underline]
                fmt.setUnderlineStyle(line)
                fmt.setUnderlineColor(QColor(colour))
            self._formats[key] = fmt
        return self._formats[key]
