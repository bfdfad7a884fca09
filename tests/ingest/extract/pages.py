"""Saved web pages for the tests, shaped like the real thing (furniture, trackers, comments)."""

from __future__ import annotations

from pathlib import Path

# Words that appear only in page furniture: none may reach an extracted text.
FURNITURE_MARKERS = (
    "COOKIE-BANNER-TEXT", "NAV-NEWS-LINK", "NAV-SPORT-LINK", "TRACKING-SCRIPT-TEXT",
    "IFRAME-TEXT", "COMMENT-TEXT-ONE", "COMMENT-TEXT-TWO", "RELATED-ARTICLE-LINK",
    "FOOTER-TEXT", "DOCWRITE-SCRIPT-TEXT", "font-family", "dataLayer",
)  # fmt: skip

ARTICLE_PARAGRAPHS = (
    "The harbour authority in Port Elsen confirmed on Tuesday that a second fuel tanker had",
    "the tanker Nordlys Star was instructed to anchor eleven nautical miles offshore",
    '"We are following the procedure that applies to every vessel," said harbour master',
    "costing the company roughly forty thousand euros a day in charter fees and crew wages.",
    "The first diverted tanker, the Aurora Bay, was allowed to dock after a four-day review",
)

NEWS_PAGE = (Path(__file__).parent / "news_page.html").read_text(encoding="utf-8")


def news_page(published_meta: str | None = "2026-06-02T08:15:00+00:00") -> str:
    """The news page, with its article:published_time set (or removed, with all other dates)."""
    page = NEWS_PAGE
    page = page.replace('content="2026-06-02T08:15:00+00:00"', f'content="{published_meta}"')
    if published_meta is None or "2026-06-02" not in published_meta:
        # Leave the page no other date to find: no <time>, no JSON-LD date.
        page = page.replace('<time datetime="2026-06-02T08:15:00Z">2 June 2026</time>', "")
        page = page.replace('"datePublished":"2026-06-02T08:15:00Z",', "")
    if published_meta is None:
        page = page.replace('<meta property="article:published_time" content="None">\n', "")
    return page
