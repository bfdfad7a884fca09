"""Saved web pages: the article only, the page's metadata, and hostile markup kept harmless."""

from __future__ import annotations

import time

import pytest

from desktop.domain.text import normalise_document_text
from desktop.ingest.extract import Document, Limits, Refused, extract, read_bytes

from .pages import ARTICLE_PARAGRAPHS, FURNITURE_MARKERS, news_page


def _page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


def _article(words: str = "The committee met on Thursday to review the harbour budget") -> str:
    return "".join(f"<p>{words}, paragraph {n}, with enough words to count.</p>" for n in range(6))


def test_news_page_keeps_the_article_only(write) -> None:
    document = extract("tanker.html", read_bytes(write("tanker.html", news_page())))
    assert document.media_type == "text/html"
    for paragraph in ARTICLE_PARAGRAPHS:
        assert paragraph in document.text
    for marker in FURNITURE_MARKERS:
        assert marker not in document.text
    assert "Dispute over inspection records" in document.text  # a subheading is text
    assert normalise_document_text(document.text) == document.text


def test_news_page_metadata(write) -> None:
    document = extract("tanker.htm", read_bytes(write("tanker.htm", news_page())))
    assert document.title == "Harbour authority confirms second tanker diverted"
    assert document.author == "Maria Lindqvist"
    assert document.publisher == "The Coastal Ledger"
    assert document.url == "https://ledger.example.org/2026/06/harbour-tanker-diverted"
    assert document.published == "2026-06-02"
    assert document.language == "en-GB"
    assert document.pages == () and document.notes == ()


def test_a_page_dated_by_month_stays_a_month() -> None:
    # htmldate would report the 23rd (or whatever today is) of June.
    document = extract("tanker.html", news_page("2026-06").encode())
    assert document.published == "2026-06"


def test_a_page_dated_by_year_stays_a_year() -> None:
    assert extract("tanker.html", news_page("2026").encode()).published == "2026"


def test_an_undated_page_says_so() -> None:
    document = extract("tanker.html", news_page(None).encode())
    assert document.published is None
    assert "no publication date found" in document.notes


@pytest.mark.parametrize(
    ("head", "body_extra", "expected"),
    [
        ('<meta name="DC.date.issued" content="2026-05-30">', "", "2026-05-30"),
        ('<meta name="citation_publication_date" content="2026/05/30">', "", "2026-05-30"),
        ("", '<span itemprop="datePublished" content="2026-05">May 2026</span>', "2026-05"),
        (
            '<script type="application/ld+json">[{"@graph": [{"@type": "NewsArticle", '
            '"datePublished": "2026-05-30T09:00:00+02:00"}]}]</script>',
            "",
            "2026-05-30",
        ),
        ("", '<p>Posted <time datetime="2026-05-30">Saturday</time></p>', "2026-05-30"),
        ('<script type="application/ld+json">{broken json</script>', "", None),
    ],
)
def test_dates_from_the_markup(head: str, body_extra: str, expected: str | None) -> None:
    page = _page(f"<article>{body_extra}{_article()}</article>", head)
    assert extract("page.html", page.encode()).published == expected


def test_canonical_url_prefers_link_then_og_url_and_must_be_absolute() -> None:
    og = '<meta property="og:url" content="https://example.org/og">'
    relative = '<link rel="canonical" href="/relative/path">'
    assert extract("a.html", _page(_article(), og + relative).encode()).url == (
        "https://example.org/og"
    )
    assert extract("b.html", _page(_article(), relative).encode()).url is None


def test_scripts_styles_and_embeds_never_reach_the_text() -> None:
    body = (
        "<script>var SCRIPT_TEXT = 1;</script><style>.STYLE_TEXT{}</style>"
        "<noscript>NOSCRIPT_TEXT</noscript><template>TEMPLATE_TEXT</template>"
        '<iframe src="https://evil.example/">IFRAME_TEXT</iframe>'
        "<svg><text>SVG_TEXT</text></svg><object>OBJECT_TEXT</object>"
        '<img src="http://tracker.example.com/p.gif"><link rel="stylesheet" href="http://x/s.css">'
        "<p>Only this short line is text.</p>"
    )
    head = (
        '<link rel="stylesheet" href="http://cdn.example.com/a.css">'
        "<style>@import url(http://fonts.example.com/f.css); @font-face {src: url(http://f/x)}"
        '</style><script src="https://tracker.example.com/t.js"></script>'
    )
    document = extract("short.html", _page(body, head).encode())
    assert "Only this short line is text." in document.text
    for marker in ("SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "IFRAME", "SVG", "OBJECT", "http"):
        assert marker not in document.text


@pytest.mark.parametrize(
    "page",
    [
        _page(""),
        _page("<script>var x = 'only code';</script><style>p {}</style><template>T</template>"),
        "<html></html>",
        "   \n  ",
    ],
)
def test_a_page_without_text_is_refused(page: str) -> None:
    with pytest.raises(Refused, match="no article text found|has no text"):
        extract("empty.html", page.encode())


def _finishes(name: str, page: str, seconds: float) -> Document | Refused:
    started = time.perf_counter()
    try:
        result: Document | Refused = extract(name, page.encode())
    except Refused as refused:
        result = refused
    assert time.perf_counter() - started < seconds
    return result


def test_thirty_deep_nested_tables() -> None:
    cells = "<table><tr><td>" * 30 + "Innermost cell text" + "</td></tr></table>" * 30
    result = _finishes("tables.html", _page(cells + _article()), seconds=5)
    assert isinstance(result, Document)
    assert "The committee met on Thursday" in result.text


def test_hundred_thousand_nested_divs() -> None:
    divs = "<div>" * 100_000 + "<p>Deep text</p><script>DEEP_SCRIPT</script>" + "</div>" * 100_000
    result = _finishes("divs.html", _page(divs), seconds=10)
    if isinstance(result, Document):
        assert "DEEP_SCRIPT" not in result.text
    else:
        assert str(result) == "no article text found"


def test_hundred_thousand_nested_divs_around_an_article() -> None:
    page = _page(_article() + "<div>" * 100_000 + "x" + "</div>" * 100_000)
    result = _finishes("divs.html", page, seconds=10)
    assert isinstance(result, Document | Refused)


def test_huge_flat_page_is_bounded() -> None:
    page = _page("<p>A short paragraph of filler text for the test.</p>" * 20_000)  # ~1 MB
    result = _finishes("flat.html", page, seconds=30)
    assert isinstance(result, Document)


def test_a_page_read_by_the_fallback_keeps_its_title_and_byline() -> None:
    # trafilatura finds no article in a one-word page; the fallback strips the header, which
    # must not take the heading and byline with it.
    page = (b"<html><head><title>Site | x</title></head><body><header>"
            b"<h1>Flood closes the river road</h1><p class='byline'>By "
            b"<span class='author'>Jane Roe</span></p></header><div>Short.</div></body></html>")
    doc = extract("p.html", page, Limits())
    assert doc.notes and "could not be told apart" in doc.notes[0]
    assert (doc.title, doc.author) == ("Flood closes the river road", "Jane Roe")
