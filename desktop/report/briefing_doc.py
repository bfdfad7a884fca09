"""A briefing's content in which every statement carries its source: HTML for Qt's rich-text
engine (printed to PDF elsewhere), a standalone HTML file, and Markdown with [^n] notes. The
analyst's body goes through desktop.report.body_render; the sections drawn from the case are
desktop.report.sections'."""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass

from sqlite_utils import Database

from desktop.report.body_render import Reference, plain, render, token
from desktop.report.footnotes import Footnote, Notes
from desktop.report.sections import (
    Part,
    annotations,
    claims,
    comparison,
    contents,
    first_line,
    notes_list,
    section,
    sources,
    standalone,
    timeline,
    title_page,
)
from desktop.report.timeline_figure import Figure
from desktop.storage.briefings import (
    REFERENCE,
    SECTIONS,
    Briefing,
    referenced_ids,
    references,
)
from desktop.storage.claim_views import citations_of, claim_views

__all__ = ["BriefingDoc", "Footnote", "Heading", "build_briefing"]


@dataclass(frozen=True)
class Heading:
    anchor: str  # the HTML anchor name, e.g. "sec-key_judgments"
    title: str
    level: int  # 1 for sections


@dataclass(frozen=True)
class BriefingDoc:
    html: str  # body HTML for QTextDocument: title page, contents, sections, notes
    standalone_html: str  # a complete HTML file, nothing remote
    markdown: str  # the same briefing as Markdown with [^n] footnotes
    headings: tuple[Heading, ...]
    footnotes: tuple[Footnote, ...]
    problems: tuple[str, ...]  # dangling references and the like, also marked in the text
    title: str
    author: str
    subject: str  # for the PDF's metadata: the subtitle, else the body's first line
    figures: tuple[Figure, ...] = ()  # the images html names (by Figure.name), as PNG


NOTES_ANCHOR = "sec-notes"


def build_briefing(db: Database, briefing: Briefing, *,
                   include_private: bool = False) -> BriefingDoc:
    notes = Notes(db)
    problems: list[str] = []
    headings: list[Heading] = []
    parts: list[Part] = []
    for key in briefing.sections:
        if key not in SECTIONS:
            continue
        if key == "key_judgments":
            part = key_judgments(db, briefing.body, notes, problems)
        elif key == "timeline":
            part = timeline(db, notes)
        elif key == "comparison":
            part = comparison(db, notes)
        elif key == "claims":
            part = claims(db, notes)
        elif key == "sources":
            part = sources(db)
        else:
            part = annotations(db, notes, render_body, include_private=include_private)
        heading = Heading(f"sec-{key}", SECTIONS[key], 1)
        headings.append(heading)
        parts.append(section(heading.anchor, heading.title, part))
    footnotes = notes.footnotes()
    if footnotes:
        heading = Heading(NOTES_ANCHOR, "Notes", 1)
        headings.append(heading)
        parts.append(section(heading.anchor, heading.title, notes_list(footnotes)))
    title = briefing.title or "Briefing"
    front = title_page(briefing, title)
    listed = contents([(h.anchor, h.title) for h in headings])
    html = front.html + listed.html + "".join(p.html for p in parts)
    figures = tuple(f for p in parts for f in p.figures)
    markdown = "\n\n".join([front.markdown, listed.markdown, *(p.markdown for p in parts)])
    return BriefingDoc(
        html=html,
        standalone_html=standalone(title, html, figures),
        markdown=markdown.rstrip() + "\n",
        headings=tuple(headings),
        footnotes=footnotes,
        problems=tuple(dict.fromkeys(problems)),
        title=title,
        author=briefing.author or "",
        subject=(briefing.subtitle or "").strip() or first_line(briefing.body),
        figures=figures,
    )


# --- Key judgments: the body with its references as notes -----------------------------------


def render_body(text: str) -> Part:
    """Markdown written in the case as HTML and as Markdown holding only what is allowed."""
    return render(plain(text))


def key_judgments(db: Database, body: str, notes: Notes, problems: list[str]) -> Part:
    body = plain(body)
    if not body.strip():
        return Part("<p><i>No key judgments have been written.</i></p>",
                    "*No key judgments have been written.*")
    refs = references(body)
    claim_ids = referenced_ids(db, "claim", [uid for kind, uid in refs if kind == "claim"])
    event_ids = referenced_ids(db, "event", [uid for kind, uid in refs if kind == "event"])
    views = {view.id: view for view in claim_views(db, list(claim_ids.values()))}
    event_cites = citations_of(db, "event_citations", "event_id", list(event_ids.values()))
    event_dates = dict(db.execute(
        "SELECT id, date_edtf FROM events WHERE id IN (SELECT value FROM json_each(?))",
        [json.dumps(list(event_ids.values()))]).fetchall())
    found_refs: list[Reference] = []

    def replace(match: re.Match) -> str:
        kind, uid = match.group(1), match.group(2).lower()
        found = (claim_ids if kind == "claim" else event_ids).get(uid)
        if found is None or (kind == "claim" and found not in views):
            article = "an" if kind == "event" else "a"
            problems.append(f"[[{kind}:{uid}]] refers to {article} {kind} no longer in the case")
            number = None
        elif kind == "claim":
            cites = views[found].citations
            number = functools.partial(notes.number, ("claim", found), "claim", cites,
                                       empty="No source is cited for this claim.")
        else:
            cites = tuple(event_cites.get(found, ()))
            number = functools.partial(notes.number, ("event", found), "event", cites,
                                       empty="No source is cited for this event.",
                                       event_date=event_dates.get(found))
        if number is not None and not cites:
            problems.append(f"[[{kind}:{uid}]] cites no source")
        found_refs.append(Reference(match.group(0), kind, number))
        return token(len(found_refs) - 1)

    text = REFERENCE.sub(replace, body)
    return render(text, found_refs)
