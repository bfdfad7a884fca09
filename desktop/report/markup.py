"""Markdown written by users (descriptions, notes) to HTML that is safe for Qt's rich text."""

from __future__ import annotations

from html import escape as html_escape

import markdown
import nh3

# What Qt's rich-text engine may see. No img/svg/math (Qt would read the named files), no
# style (it could hide words), no tables (nesting them costs Qt exponential layout time).
ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "em", "strong", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "h3", "h4", "h5", "h6", "a", "sub", "sup",
})
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})  # shown as text to copy; never followed


# python-markdown's inline matching is quadratic in brackets: 2,000 "[" take a second, 20,000
# over a minute (as entities, still three seconds). A text with more brackets than any note
# needs has them set aside as a private-use character markdown ignores, then put back as text.
MAX_BRACKETS = 200
_BRACKET = "\ue000"
# Other constructs are quadratic too ("- " list items: 20,000 characters of them take over a
# second), so longer texts are shown as the words typed, without Markdown: a note is not a book.
MAX_RENDERED = 10_000


def render_markdown(text: str) -> str:
    """Markdown to an HTML fragment holding only allowlisted tags; other HTML is stripped."""
    text = (text or "").replace(_BRACKET, "")
    if len(text) > MAX_RENDERED:
        return "<p>" + html_escape(text).replace("\n", "<br>") + "</p>"
    literal = text.count("[") > MAX_BRACKETS
    if literal:
        text = text.replace("[", _BRACKET)
    # Headings 1 and 2 would outshout the pane's own title: shift them down to h3.
    try:
        html = markdown.markdown(text, output_format="html")
    except RecursionError:  # deeply nested lists ("1. 1. 1. …"): shown as typed instead
        return "<p>" + html_escape(text).replace("\n", "<br>") + "</p>"
    html = html.replace("<h1>", "<h3>").replace("</h1>", "</h3>")
    html = html.replace("<h2>", "<h3>").replace("</h2>", "</h3>")
    cleaned = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},  # other tags go, their words stay
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )
    return cleaned.replace(_BRACKET, "[") if literal else cleaned
