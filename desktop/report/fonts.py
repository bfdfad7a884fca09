"""The fonts a briefing is printed in: the DejaVu families where installed (their glyphs embed
in a PDF and cover the case's scripts), Qt's serif or sans otherwise, never ligatured."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase

BODY_FAMILIES = ("DejaVu Serif", "DejaVu Sans")
BAND_FAMILIES = ("DejaVu Sans", "DejaVu Serif")  # header, footer, figure


def family(preferred: tuple[str, ...]) -> str | None:
    available = set(QFontDatabase.families())
    return next((name for name in preferred if name in available), None)


def font(preferred: tuple[str, ...], points: float, *, bold: bool = False) -> QFont:
    found = family(preferred)
    chosen = QFont(found) if found else QFont()
    if not found:
        chosen.setStyleHint(QFont.StyleHint.Serif if "Serif" in preferred[0]
                            else QFont.StyleHint.SansSerif)
    chosen.setPointSizeF(points)
    chosen.setBold(bold)
    # No "fi"/"fl" ligatures: the text copied or searched in the PDF must be the words as written,
    # not U+FB01.
    for tag in ("liga", "clig"):
        chosen.setFeature(QFont.Tag(tag), 0)
    return chosen
