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
from dataclasses import dataclass

_NUM = rb"-?\d+(?:\.\d+)?"
_TOKENS = re.compile(
    rb"(?P<clip>(?P<x0>%(n)s) (?P<y0>%(n)s) m\s+(?P<x1>%(n)s) (?P<y1>%(n)s) l\s+"
    rb"(?P<x2>%(n)s) (?P<y2>%(n)s) l\s+(?P<x3>%(n)s) (?P<y3>%(n)s) l\s+"
    rb"(?:%(n)s %(n)s l\s+)?h\s+W\*? n)"
    rb"|(?P<other_clip>(?<!\S)W\*?(?!\S))"
    rb"|(?P<cm>(?P<a>%(n)s) (?P<b>%(n)s) (?P<c>%(n)s) (?P<d>%(n)s) (?P<e>%(n)s) (?P<f>%(n)s) cm)"
    rb"|(?P<text>(?<!\S)BT(?!\S).*?(?<!\S)ET(?!\S))"
    rb"|(?P<push>(?<!\S)q(?!\S))"
    rb"|(?P<pop>(?<!\S)Q(?!\S))" % {b"n": _NUM},
    re.DOTALL,
)
_MATRIX = re.compile(rb"(%(n)s) (%(n)s) (%(n)s) (%(n)s) (%(n)s) (%(n)s) Tm" % {b"n": _NUM})
_MOVE = re.compile(rb"(%(n)s) (%(n)s) Td" % {b"n": _NUM})
_FLIPPED = (1.0, 0.0, 0.0, -1.0, 0.0, 0.0)


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
    start = removed = 0
    for token in _TOKENS.finditer(stream):
        kind = token.lastgroup
        if kind == "push":
            stack.append(state)
        elif kind == "pop":
            state = stack.pop() if stack else _State(known=False)
        elif kind == "cm":
            matrix = tuple(float(token.group(k)) for k in "abcdef")
            if not based and not stack:
                based = True  # the base: the units everything else is in
            elif matrix[:4] == (1.0, 0.0, 0.0, 1.0):
                state = _State(state.dx + matrix[4], state.dy + matrix[5], state.known,
                               state.top, state.bottom)
            else:
                state = _State(known=False)
        elif kind == "clip":
            ys = [float(token.group(f"y{i}")) + state.dy for i in range(4)]
            top, bottom = min(ys), max(ys)
            if state.top is not None:  # a clip within a clip: what both let through
                top, bottom = max(top, state.top), min(bottom, state.bottom)
            state = _State(state.dx, state.dy, state.known, top, bottom)
        elif kind == "other_clip":
            state = _State(known=False)
        elif kind == "text" and _hidden(token.group(0), state):
            kept.append(stream[start:token.start()])
            start = token.end()
            removed += 1
    if not removed:
        return stream, 0
    kept.append(stream[start:])
    return b"".join(kept), removed


def _hidden(text: bytes, state: _State) -> bool:
    if not state.known or state.top is None:
        return False
    matrix = _MATRIX.search(text)
    if matrix is None or tuple(float(v) for v in matrix.groups()) != _FLIPPED:
        return False
    y = 0.0
    baselines = []
    for move in _MOVE.finditer(text):
        y += float(move.group(2))
        baselines.append(-y + state.dy)  # the flipped text matrix: down the page is up
    if not baselines:
        return False
    return max(baselines) < state.top or min(baselines) > state.bottom
