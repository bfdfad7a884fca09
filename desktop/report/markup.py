"""Markdown written by users (descriptions, notes) to HTML that is safe for Qt's rich text."""

from __future__ import annotations

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


def render_markdown(text: str) -> str:
    """Markdown to an HTML fragment holding only allowlisted tags; other HTML is stripped."""
    # Headings 1 and 2 would outshout the pane's own title: shift them down to h3.
    html = markdown.markdown(text or "", output_format="html")
    html = html.replace("<h1>", "<h3>").replace("</h1>", "</h3>")
    html = html.replace("<h2>", "<h3>").replace("</h2>", "</h3>")
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},  # other tags go, their words stay
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )
