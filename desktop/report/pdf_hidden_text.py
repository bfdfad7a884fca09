"""Taking out of a page the text Qt drew where no one can see it.

A paragraph that runs from one page onto the next has the last line of the earlier page drawn
again on the later one, outside that page's clip: QTextLayout::draw starts from the last line
above the clip rather than the one after it. Clipped, the line is invisible on paper, but it is
still text in the file, so a reader selecting, copying or searching the page meets a line
twice. This removes each text object whose baselines all lie outside the clip it was drawn
under: of such a line no more than the tips of its letters could show, and a visible line's
baseline is always inside (its top is at or below the clip's).

It reads the content streams Qt's PDF writer makes (a base flip, translations, rectangular
clips, one text object per run with `1 0 0 -1 0 0 Tm` and `Td` moves). Anything else, a
rotation, a scale, a clip that is not a rectangle, leaves the text under it untouched: the
worst a surprise can do is leave a hidden line in, never take a visible one out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_NUM = rb"-?\d+(?:\.\d+)?"
# Between text objects, line by line (Qt writes one operator a line): the graphics state saved
# and restored, a matrix, a clip. Anchored at line starts, so the paths of table borders and
# rules that fill most of a page cost a glance each.
_STATE = re.compile(rb"^(?:(?P<stack>[qQ](?: [qQ])*)|(?P<cm>[-\d. ]+) cm|(?P<clip>W\*?) n)$",
                    re.MULTILINE)
_RECT = re.compile(rb"(%(n)s) (%(n)s) m\s+((?:%(n)s %(n)s l\s+){3,4})h\s*$" % {b"n": _NUM})
_POINT = re.compile(rb"(%(n)s) (%(n)s) l" % {b"n": _NUM})
PATH_LOOKBACK = 400  # bytes before a clip operator that hold its rectangle's path
# A text object as Qt opens it: its font, the flipped matrix, and the move to its first glyph.
# Qt writes one object per run of glyphs on a line, so that move is the line's baseline.
_HEAD = re.compile(rb"BT\s+/\S+ %(n)s Tf\s+1 0 0 -1 0 0 Tm\s+%(n)s (%(n)s) Td" % {b"n": _NUM})


@dataclass(frozen=True)
class _State:
    dx: float = 0.0  # translation since the page's base matrix
    dy: float = 0.0
    known: bool = True  # False under anything but a translation, or a clip of another shape
    top: float | None = None  # the clip's vertical extent, in the base matrix's units
    bottom: float | None = None


def strip_hidden_text(stream: bytes) -> tuple[bytes, int]:
    """The page's content without text wholly outside its clip, and how many runs went."""
    state = _State()
    stack: list[_State] = []
    based = False  # the first matrix of a page is Qt's base (points to device units, flipped)
    kept: list[bytes] = []
    start = position = removed = 0
    for begin, end in _text_objects(stream):
        for token in _STATE.finditer(stream, position, begin):
            state, based = _step(stream, token, state, stack, based)
        position = end
        if _hidden(stream, begin, state):
            kept.append(stream[start:begin])
            start = end
            removed += 1
    if not removed:
        return stream, 0
    kept.append(stream[start:])
    return b"".join(kept), removed


def _text_objects(stream: bytes) -> Iterator[tuple[int, int]]:
    """Where each BT … ET is: Qt puts each operator on a line of its own. Found with find(),
    not a regular expression: a page holds thousands of them and little else."""
    at = 0
    while True:
        begin = stream.find(b"\nBT\n", at)
        if begin < 0:
            return
        end = stream.find(b"\nET\n", begin + 3)
        if end < 0:
            return
        yield begin + 1, end + 3
        at = end + 3


def _step(stream: bytes, token: re.Match, state: _State, stack: list[_State], based: bool
          ) -> tuple[_State, bool]:
    if token.group("stack"):
        for op in token.group("stack").split():
            if op == b"q":
                stack.append(state)
            else:
                state = stack.pop() if stack else _State(known=False)
        return state, based
    if token.group("cm"):
        try:
            matrix = tuple(float(v) for v in token.group("cm").split())
        except ValueError:
            return _State(known=False), based
        if len(matrix) != 6:
            return _State(known=False), based
        if not based and not stack:
            return state, True  # the base: the units everything else is in
        if matrix[:4] == (1.0, 0.0, 0.0, 1.0):
            return _State(state.dx + matrix[4], state.dy + matrix[5], state.known, state.top,
                          state.bottom), based
        return _State(known=False), based
    # A clip: known only when its path is a rectangle drawn square to the page.
    path = _RECT.search(stream, max(0, token.start() - PATH_LOOKBACK), token.start())
    if path is None:
        return _State(known=False), based
    xs = [float(path.group(1))] + [float(m.group(1)) for m in _POINT.finditer(path.group(3))]
    ys = [float(path.group(2))] + [float(m.group(2)) for m in _POINT.finditer(path.group(3))]
    if len(set(xs)) > 2 or len(set(ys)) > 2:
        return _State(known=False), based
    top, bottom = min(ys) + state.dy, max(ys) + state.dy
    if state.top is not None and state.bottom is not None:  # within a clip: both let through
        top, bottom = max(top, state.top), min(bottom, state.bottom)
    return _State(state.dx, state.dy, state.known, top, bottom), based


def _hidden(stream: bytes, at: int, state: _State) -> bool:
    if not state.known or state.top is None or state.bottom is None:
        return False
    head = _HEAD.match(stream, at)
    if head is None:  # not as Qt writes text: leave it
        return False
    baseline = -float(head.group(1)) + state.dy  # the flipped text matrix: down is up
    return baseline < state.top or baseline > state.bottom
