"""Tooltips that show case text as text: Qt guesses rich text in tooltips, so we escape."""

from __future__ import annotations

import html


def plain_tooltip(text: str) -> str:
    """Text from a case (a title, a quote, a claim) as a tooltip that Qt shows literally.

    Qt renders a tooltip as HTML whenever it looks like HTML, and its rich-text engine would
    load any file an <img> names. Escaped and wrapped in our own paragraph, it is only text.
    """
    body = html.escape(text).replace("\n", "<br>")
    return f"<p style='white-space:pre-wrap'>{body}</p>"
