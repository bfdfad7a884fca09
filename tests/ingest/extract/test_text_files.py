"""Plain-text and Markdown files: text, title and front-matter metadata."""

from __future__ import annotations

import time

import pytest

from desktop.domain.text import normalise_document_text
from desktop.ingest.extract import extract, read_bytes

REPORT = """\
Situation report: northern terminal, week 23

Two tankers were held at anchor this week.\u00a0The first, Aurora Bay, docked on Friday.

\tInspectors  reviewed   the manifests of the second vessel,
Nordlys Star, and asked for further certificates.\x20\x20\x20



Next report due on 9 June.
"""


def test_txt_title_is_the_first_short_line(write) -> None:
    document = extract("sitrep.txt", read_bytes(write("sitrep.txt", REPORT)))
    assert document.media_type == "text/plain"
    assert document.title == "Situation report: northern terminal, week 23"
    assert document.text == (
        "Situation report: northern terminal, week 23\n\n"
        "Two tankers were held at anchor this week. The first, Aurora Bay, docked on Friday.\n\n"
        "Inspectors reviewed the manifests of the second vessel,\n"
        "Nordlys Star, and asked for further certificates.\n\n"
        "Next report due on 9 June."
    )
    assert (document.author, document.published, document.pages, document.notes) == (
        None,
        None,
        (),
        (),
    )


def test_txt_with_a_long_first_line_is_titled_by_its_name(write) -> None:
    text = "An opening paragraph without any line breaks in it " * 10
    assert extract("field-notes.txt", text.encode()).title == "field-notes"


YAML_NOTE = """\
---
Title: "Tanker diversions at Port Elsen"
author:
  - Maria Lindqvist
  - name: Jens Aalto
site_name: The Coastal Ledger
date: 2026-06-02
canonical_url: https://ledger.example.org/2026/06/harbour-tanker-diverted
lang: en
tags: [shipping, ports]
---

# Harbour authority confirms second tanker diverted

The harbour authority in **Port Elsen** confirmed that a [second tanker](https://x.example/t)
had been diverted. ![map of the harbour](https://tracker.example.com/map.png)

- Aurora Bay: docked after four days
- Nordlys Star: at anchor
    1. manifests reviewed
    2. certificates requested

> "We are following the procedure," said the harbour master.

| Vessel | Status |
|--------|--------|
| Aurora Bay | docked |

<script>alert("SCRIPT-IN-MARKDOWN")</script>
<style>.x { color: red }</style>
<iframe src="https://ads.example.net/">IFRAME-IN-MARKDOWN</iframe>
"""


def test_markdown_with_yaml_front_matter(write) -> None:
    document = extract("tankers.md", read_bytes(write("tankers.md", YAML_NOTE)))
    assert document.media_type == "text/markdown"
    assert document.title == "Tanker diversions at Port Elsen"
    assert document.author == "Maria Lindqvist, Jens Aalto"
    assert document.publisher == "The Coastal Ledger"
    assert document.published == "2026-06-02"  # YAML's date object, day precision kept
    assert document.url == "https://ledger.example.org/2026/06/harbour-tanker-diverted"
    assert document.language == "en"
    assert document.text == (
        "Harbour authority confirms second tanker diverted\n\n"
        # a soft line break inside a paragraph is a space, as when rendered
        "The harbour authority in Port Elsen confirmed that a second tanker had been diverted.\n\n"
        "- Aurora Bay: docked after four days\n"
        "- Nordlys Star: at anchor\n"
        "1. manifests reviewed\n"
        "2. certificates requested\n\n"
        '"We are following the procedure," said the harbour master.\n\n'
        "Vessel | Status\n"
        "Aurora Bay | docked"
    )
    assert "tags" not in document.text and "---" not in document.text


TOML_NOTE = """\
+++
title = "Port Elsen: inspection dispute"
authors = ["Maria Lindqvist"]
publisher = "Coastal Ledger Weekly"
published = "June 2026"
link = "https://ledger.example.org/weekly/23"
language = "en-GB"
+++

The dispute over inspection records continued into a second week.
"""


def test_markdown_with_toml_front_matter(write) -> None:
    document = extract("dispute.markdown", read_bytes(write("dispute.markdown", TOML_NOTE)))
    assert document.title == "Port Elsen: inspection dispute"
    assert document.author == "Maria Lindqvist"
    assert document.publisher == "Coastal Ledger Weekly"
    assert document.published == "2026-06"  # month precision kept
    assert document.url == "https://ledger.example.org/weekly/23"
    assert document.language == "en-GB"
    assert document.text == "The dispute over inspection records continued into a second week."


@pytest.mark.parametrize(
    "front",
    [
        "---\ntitle: [unclosed\n---\n",
        "---\ntitle: !!python/object/apply:os.system ['echo pwned']\n---\n",
        "+++\ntitle = \n+++\n",
        "---\n- just\n- a list\n---\n",
    ],
)
def test_malformed_front_matter_imports_with_a_note(front: str) -> None:
    document = extract("memo.md", (front + "# Memo heading\n\nBody text.\n").encode())
    assert document.text == "Memo heading\n\nBody text."
    assert document.title == "Memo heading"  # the first heading
    assert any(note.startswith("front matter could not be read") for note in document.notes)


def test_markdown_without_heading_or_front_matter_is_titled_by_its_name() -> None:
    document = extract("minutes-0602.md", b"Just a paragraph of minutes.\n")
    assert document.title == "minutes-0602"
    assert document.published is None


def test_yaml_alias_bomb_in_front_matter_is_harmless() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8)
    )
    source = f"---\n{bomb}author: *i\ntitle: *i\n---\nText.\n"
    started = time.perf_counter()
    document = extract("bomb.md", source.encode())
    assert time.perf_counter() - started < 2
    assert document.text == "Text."
    assert document.author is None and document.title == "bomb"


@pytest.mark.parametrize(
    "source",
    [
        "".join("  " * depth + "- item\n" for depth in range(2000)),  # cubic, then recursion
        "[a](" * 20_000,  # quadratic: minutes in Python-Markdown
        "<a " * 20_000,
        ">" * 5000 + " deep quote\n",  # deeper than the HTML parser keeps
        "<div>" * 100_000 + "deep" + "</div>" * 100_000,
    ],
)
def test_hostile_markdown_is_kept_as_written_and_quick(source: str) -> None:
    started = time.perf_counter()
    document = extract("hostile.md", source.encode())
    assert time.perf_counter() - started < 5
    assert document.text == normalise_document_text(source)
    assert any(note.endswith("the text is kept as written") for note in document.notes)


def test_ordinary_markdown_with_many_links_is_converted() -> None:
    source = "".join(
        f"- [Project {n}](https://example.org/p/{n}) - a tool (for ports) <b>new</b>\n"
        for n in range(3000)
    )
    document = extract("links.md", source.encode())
    assert document.notes == ()
    assert document.text.startswith("- Project 0 - a tool (for ports) new\n- Project 1")


def test_markdown_text_is_normalised() -> None:
    document = extract("x.md", YAML_NOTE.encode())
    assert normalise_document_text(document.text) == document.text
