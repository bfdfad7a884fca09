"""The sections of a briefing drawn from the case: a chronology, the comparison table, claims by
entity, the sources with their grades and lineage, and open review notes. Each gives HTML for
Qt's rich-text engine (and browsers) and the same as Markdown; every value from the case is
escaped, every statement marked with the note that names its source."""

from __future__ import annotations

import base64
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from sqlite_utils import Database

from desktop.domain.comparison import display_value
from desktop.domain.dates import describe_edtf
from desktop.domain.vocab import ENTITY_KINDS, KIND_LABELS, KIND_NAMES, RELIABILITY
from desktop.report.footnotes import (
    Footnote,
    Notes,
    html_text,
    marker_md,
    markers,
    md_cell,
    md_line,
)
from desktop.report.timeline_figure import Figure, timeline_figure
from desktop.storage.annotations import annotation_ids, annotation_views
from desktop.storage.briefings import REFERENCE, Briefing
from desktop.storage.claim_views import CitationView, citations_of, claim_views
from desktop.storage.comparison import load_grid
from desktop.storage.timeline import timeline_events

# More than a reader will read on paper: the rest is counted, never silently left out.
MAX_ROWS = 1000
# Columns per comparison table, the entity's own included: wider tables are split.
MAX_COLUMNS = 6
COMPARISON_KIND = "company"
TABLE = '<table border="1" cellpadding="3" cellspacing="0" width="100%">'
CONFLICT = "\u2260"  # ≠


@dataclass(frozen=True)
class Part:
    """A piece of a briefing in both of its forms."""

    html: str
    markdown: str
    figures: tuple[Figure, ...] = ()  # the images its HTML names, which only the document holds


def _more(count: int, what: str) -> Part:
    """The line that says how much a section leaves out."""
    if count <= 0:
        return Part("", "")
    text = f"{count:,} more {what} are in the case but not printed here."
    return Part(f"<p><i>{html_text(text)}</i></p>", f"*{md_line(text)}*")


def _table(header: list[str], rows: list[list[Part]], widths: list[str] | None = None) -> Part:
    """A table whose heading row Qt repeats on each page, and the same as a pipe table."""
    widths = widths or [""] * len(header)
    head = "".join(
        '<th' + (f' width="{w}"' if w else "") + f' bgcolor="#eeeeee" align="left">'
        f"{html_text(h)}</th>" for h, w in zip(header, widths, strict=True))
    body = "".join("<tr>" + "".join(f'<td valign="top">{cell.html}</td>' for cell in row)
                   + "</tr>" for row in rows)
    html = f"{TABLE}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    lines = ["| " + " | ".join(md_cell(md_line(h)) for h in header) + " |",
             "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(md_cell(cell.markdown) or " " for cell in row) + " |"
              for row in rows]
    return Part(html, "\n".join(lines))


def _join(parts: list[Part], md_sep: str = "\n\n") -> Part:
    parts = [p for p in parts if p.html or p.markdown]
    return Part("".join(p.html for p in parts), md_sep.join(p.markdown for p in parts),
                tuple(f for p in parts for f in p.figures))


def _source_names(cites: list[CitationView]) -> str:
    names = []
    for cite in cites:
        name = cite.publisher or cite.source_title
        if cite.stance == "contradicts":
            name += " (against)"
        names.append(name)
    return "; ".join(dict.fromkeys(names))


# --- The front and the back ------------------------------------------------------------------

def section(anchor: str, title: str, part: Part) -> Part:
    """A section under its heading: the anchor is what the contents and the PDF's outline
    link to."""
    return Part(f'<h1><a name="{anchor}"></a>{html_text(title)}</h1>{part.html}',
                f"## {md_line(title)}\n\n{part.markdown}", part.figures)


def title_page(briefing: Briefing, title: str) -> Part:
    rows = [(title, "margin-top: 140px; font-size: 26pt; font-weight: 600;", "# {}")]
    if briefing.subtitle:
        rows.append((briefing.subtitle, "margin-top: 12px; font-size: 15pt;", "*{}*"))
    if briefing.author:
        rows.append((briefing.author, "margin-top: 48px; font-size: 12pt;", "{}"))
    if briefing.date:
        rows.append((describe_edtf(briefing.date), "font-size: 12pt;", "{}"))
    if briefing.caveat:
        rows.append((briefing.caveat, "margin-top: 64px; font-weight: 600;", "**{}**"))
    # Qt ignores the top margin of a document's first block: an empty line carries the title.
    html = "<p>&nbsp;</p>" + "".join(f'<p align="center" style="{style}">{html_text(text)}</p>'
                                     for text, style, _ in rows)
    return Part(html, "\n\n".join(form.format(md_line(text)) for text, _, form in rows))


def contents(headings: list[tuple[str, str]]) -> Part:
    """A link to each (anchor, title), on a page of its own."""
    entries = [f'<p><a href="#{anchor}">{html_text(title)}</a></p>' for anchor, title in headings]
    if entries:  # the sections begin on a page of their own
        entries[-1] = entries[-1].replace("<p>", "<p style='page-break-after: always'>", 1)
    html = ("<p style='page-break-before: always'>"
            "<span style='font-size: 18pt; font-weight: 600;'>Contents</span></p>"
            + "".join(entries))
    markdown = "## Contents\n\n" + "\n".join(f"- {md_line(title)}" for _, title in headings)
    return Part(html, markdown)


def notes_list(footnotes: tuple[Footnote, ...]) -> Part:
    html = "".join(f'<p><a name="fn-{f.number}"></a><b>{f.number}.</b> {html_text(f.text)}</p>'
                   for f in footnotes)
    markdown = "\n\n".join(f"{marker_md(f.number)}: {md_line(f.text)}" for f in footnotes)
    return Part(html, markdown)


def first_line(body: str) -> str:
    """The body's first line of words, for a PDF's subject."""
    for line in (body or "").splitlines():
        line = " ".join(REFERENCE.sub("", line).split()).lstrip("#>*-+ ").strip()
        if line:
            return line[:200]
    return ""


STYLE = """
body { font-family: Georgia, "Times New Roman", serif; max-width: 46em; margin: 2em auto;
       padding: 0 1em; line-height: 1.45; color: #111; background: #fff; }
h1 { font-size: 1.6em; border-bottom: 1px solid #999; margin-top: 2.2em; }
h2 { font-size: 1.2em; margin-top: 1.6em; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #888; padding: 3px 6px; vertical-align: top; text-align: left; }
sup a { text-decoration: none; }
img { max-width: 100%; height: auto; }
blockquote { border-left: 3px solid #ccc; margin-left: 0; padding-left: 1em; color: #333; }
@media print { body { max-width: none; } h1 { page-break-after: avoid; } }
"""


def standalone(title: str, body: str, figures: tuple[Figure, ...] = ()) -> str:
    """A complete HTML file: UTF-8, its style and figures inline, and a policy that fetches
    nothing."""
    for drawn in figures:  # the one place a figure's name is swapped for its bytes
        data = base64.b64encode(drawn.png).decode("ascii")
        body = body.replace(f'src="{drawn.name}"', f'src="data:image/png;base64,{data}"')
    return ("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "style-src 'unsafe-inline'; img-src data:\">\n"
            "<meta name=\"referrer\" content=\"no-referrer\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{html_text(title)}</title>\n<style>{STYLE}</style>\n</head>\n"
            f"<body>\n{body}\n</body>\n</html>\n")


# --- Timeline --------------------------------------------------------------------------------

def timeline(db: Database, notes: Notes) -> Part:
    """The figure, then every event, earliest first, the undated last: date in words, event,
    its sources."""
    events = timeline_events(db)
    rows = [(e.id, e.edtf, e.title, e.disputed) for e in events]
    undated = [(row[0], None, row[1], row[2] == "disputed") for row in db.execute(
        "SELECT id, title, status FROM events WHERE date_lower IS NULL AND date_upper IS NULL"
        " ORDER BY title COLLATE NOCASE, id")]
    rows += undated
    if not rows:
        return Part("<p>The case has no events.</p>", "The case has no events.")
    drawn = timeline_figure(events, undated=len(undated))
    shown, left = rows[:MAX_ROWS], len(rows) - MAX_ROWS
    cites = citations_of(db, "event_citations", "event_id", [r[0] for r in shown])
    table: list[list[Part]] = []
    for event_id, edtf, title, disputed in shown:
        own = cites.get(event_id, [])
        when = describe_edtf(edtf) if edtf else "undated"
        event = Part(html_text(title), md_line(title))
        if own:
            n = notes.number(("event", event_id), "event", own, event_date=edtf)
            html, md = markers([n])
            event = Part(event.html + html, event.markdown + md)
        else:
            event = Part(event.html + " <i>(no source cited)</i>",
                         event.markdown + " *(no source cited)*")
        if disputed:
            event = Part(event.html + "<br><i>Sources give different dates.</i>",
                         event.markdown + " *Sources give different dates.*")
        names = _source_names(own)
        table.append([Part(html_text(when), md_line(when)), event,
                      Part(html_text(names), md_line(names))])
    return _join([figure(drawn) if drawn else Part("", ""),
                  _table(["Date", "Event", "Sources"], table, ["22%", "53%", "25%"]),
                  _more(left, "events")])


def figure(drawn: Figure) -> Part:
    """The image at the text's width with its caption; in Markdown the caption alone, as the
    file stays text."""
    caption = f"Figure: {drawn.caption}"
    html = (f'<p align="center"><img src="{drawn.name}" width="{drawn.width}" '
            f'height="{drawn.height}"></p>'
            f'<p align="center"><i>{html_text(caption)}</i></p>')
    markdown = f"*{md_line(caption + ' The drawing is in the PDF and HTML exports.')}*"
    return Part(html, markdown, (drawn,))


# --- Comparison ------------------------------------------------------------------------------

def comparison(db: Database, notes: Notes, kind: str = COMPARISON_KIND) -> Part:
    """The comparison table of one kind: values with their notes, ≠ where sources disagree;
    only the properties the case has values for, split into tables of a few columns."""
    grid = load_grid(db, kind)
    used = set(grid.used_properties())
    columns = [p for p in grid.properties if p.id in used]
    entities = [(e, name) for e, name in grid.entities
                if any((c := grid.cell(e, p.id)) is not None and not c.no_data for p in columns)]
    label = KIND_LABELS.get(kind, "Entities").lower()
    if not columns or not entities:
        text = f"No {label} in the case have values to compare."
        return Part(f"<p>{html_text(text)}</p>", md_line(text))
    entities, left = entities[:MAX_ROWS], len(entities) - MAX_ROWS
    ids = [i for e, _ in entities for p in columns
           if (c := grid.cell(e, p.id)) is not None for i in c.claim_ids]
    views = {view.id: view for view in claim_views(db, ids)}
    per_table = MAX_COLUMNS - 1
    groups = [columns[i:i + per_table] for i in range(0, len(columns), per_table)]
    legend = (f"{CONFLICT} marks a cell whose sources disagree; each number is a note quoting"
              " the words of its sources.")
    parts = [Part(f"<p><i>{html_text(legend)}</i></p>", f"*{md_line(legend)}*")]
    for number, group in enumerate(groups, 1):
        if len(groups) > 1:
            caption = f"Table {number} of {len(groups)}"
            parts.append(Part(f"<p><b>{caption}</b></p>", f"**{caption}**"))
        rows = [[Part(html_text(name), md_line(name)),
                 *(_cell(notes, grid.cell(e, p.id), e, p.id, p.datatype, views) for p in group)]
                for e, name in entities]
        parts.append(_table([KIND_NAMES.get(kind, "Entity"), *(p.label for p in group)], rows))
    parts.append(_more(left, label))
    return _join(parts)


def _cell(notes: Notes, cell, entity_id: int, property_id: int, datatype: str,
          views: dict) -> Part:
    """`No¹ ≠ Yes²`, each value with the note quoting the citations of its claims."""
    if cell is None or cell.no_data:
        return Part("\u2014", "\u2014")
    by_value: dict[str, list[CitationView]] = {value: [] for value in cell.values}
    claim_of: dict[str, list[int]] = {}
    for claim_id in cell.claim_ids:
        view = views.get(claim_id)
        if view is not None:
            value = display_value(datatype, view.value or "")
            by_value.setdefault(value, []).extend(view.citations)
            claim_of.setdefault(value, []).append(claim_id)
    html, md = [], []
    for value, cites in by_value.items():
        h, m = html_text(value), md_line(value)
        if cites:
            # A value one claim makes shares that claim's note wherever else it is cited.
            key = (("claim", claim_of[value][0]) if len(claim_of.get(value, ())) == 1
                   else ("cell", entity_id, property_id, value))
            n = notes.number(key, "cell", cites)
            mark_html, mark_md = markers([n])
            h, m = h + mark_html, m + mark_md
            if any(c.stance == "contradicts" for c in cites):
                h, m = h + " <i>(contradicted)</i>", m + " *(contradicted)*"
        else:
            h, m = h + " <i>(no source cited)</i>", m + " *(no source cited)*"
        html.append(h)
        md.append(m)
    sep = f" <b>{CONFLICT}</b> " if cell.conflict else "; "
    part = Part(sep.join(html), (f" {CONFLICT} " if cell.conflict else "; ").join(md))
    if cell.single_origin and cell.citations > 1:
        part = Part(part.html + " <i>(one origin)</i>", part.markdown + " *(one origin)*")
    return part


# --- Claims by entity ------------------------------------------------------------------------

def claims(db: Database, notes: Notes) -> Part:
    """Claims not deprecated, grouped by the entity they are about, each with its note."""
    order = {kind: n for n, kind in enumerate(ENTITY_KINDS)}
    rows = sorted(db.execute(
        "SELECT c.id, e.id, e.name, e.kind FROM claims c JOIN entities e ON e.id = c.subject_id"
        " WHERE c.rank != 'deprecated'").fetchall(),
        key=lambda r: (order.get(r[3], len(order)), r[2].casefold(), r[1], r[0]))
    if not rows:
        return Part("<p>The case has no claims.</p>", "The case has no claims.")
    shown, left = rows[:MAX_ROWS], len(rows) - MAX_ROWS
    views = {view.id: view for view in claim_views(db, [r[0] for r in shown])}
    grouped: dict[int, list[int]] = defaultdict(list)
    heads: dict[int, tuple[str, str]] = {}
    for claim_id, entity_id, name, kind in shown:
        grouped[entity_id].append(claim_id)
        heads[entity_id] = (name, KIND_NAMES.get(kind, kind))
    parts = []
    for entity_id, claim_ids in grouped.items():
        name, kind = heads[entity_id]
        items_html, items_md = [], []
        for claim_id in claim_ids:
            view = views.get(claim_id)
            if view is None:
                continue
            h, m = html_text(view.text), md_line(view.text)
            if view.citations:
                mark_html, mark_md = markers([notes.number(("claim", view.id), "claim",
                                                           view.citations)])
                h, m = h + mark_html, m + mark_md
            else:
                h, m = h + " <i>(no source cited)</i>", m + " *(no source cited)*"
            qualifiers = [q for q in (view.likelihood,
                                      view.confidence and f"{view.confidence} confidence",
                                      view.status if view.status in ("disputed", "retracted")
                                      else None) if q]
            if qualifiers:
                words = "; ".join(qualifiers)
                h, m = h + f" <i>({html_text(words)})</i>", m + f" *({md_line(words)})*"
            items_html.append(f"<li>{h}</li>")
            items_md.append(f"- {m}")
        parts.append(Part(f"<h2>{html_text(name)} <i>({html_text(kind)})</i></h2>"
                          f"<ul>{''.join(items_html)}</ul>",
                          f"### {md_line(name)} *({md_line(kind)})*\n\n" + "\n".join(items_md)))
    parts.append(_more(left, "claims"))
    return _join(parts)


# --- Sources ---------------------------------------------------------------------------------

def sources(db: Database) -> Part:
    """Each source with its grade and what the grade means, its descriptor, publisher, date in
    words, address (as text) and what it reworks, cites, reposts or translates."""
    rows = db.execute(
        "SELECT id, title, publisher, published, url, reliability, reliability_note"
        " FROM sources ORDER BY title COLLATE NOCASE, id").fetchall()
    if not rows:
        return Part("<p>The case has no sources.</p>", "The case has no sources.")
    shown, left = rows[:MAX_ROWS], len(rows) - MAX_ROWS
    lineage: dict[int, list[str]] = defaultdict(list)
    for source_id, relation, label in db.execute(
            "SELECT l.source_id, l.relation, COALESCE(p.title, l.parent_label)"
            " FROM source_lineage l LEFT JOIN sources p ON p.id = l.parent_id ORDER BY l.id"):
        lineage[source_id].append(f"{relation}: {label}")
    parts = []
    for source_id, title, publisher, published, url, reliability, note in shown:
        grade = (f"Grade {reliability}: {RELIABILITY[reliability]}" if reliability in RELIABILITY
                 else "Reliability not graded")
        lines = [", ".join(p for p in (publisher,
                                       describe_edtf(published) if published else None) if p),
                 f"{grade}." + (f" {note}" if note else ""),
                 f"Address: {url}" if url else "",
                 "; ".join(lineage.get(source_id, ()))]
        lines = [line for line in lines if line]
        parts.append(Part(
            f"<p><b>{html_text(title)}</b><br>" + "<br>".join(map(html_text, lines)) + "</p>",
            f"**{md_line(title)}**  \n" + "  \n".join(map(md_line, lines))))
    parts.append(_more(left, "sources"))
    return _join(parts)


# --- Open review notes -----------------------------------------------------------------------

def annotations(db: Database, notes: Notes, render: Callable[[str], Part], *,
                include_private: bool = False) -> Part:
    """Open threads' first notes, each with a note quoting the words it is on; private notes
    only when asked for."""
    views = [v for v in annotation_views(db, annotation_ids(db, status="open"))
             if include_private or not v.private]
    if not views:
        return Part("<p>No open review notes.</p>", "No open review notes.")
    shown, left = views[:MAX_ROWS], len(views) - MAX_ROWS
    parts = []
    for view in shown:
        n = notes.source_note(("source", view.source_id, view.excerpt_id), view.source_id,
                              view.source_title, view.exact)
        mark_html, mark_md = markers([n])
        head = [view.motivation.capitalize(), view.reviewer or "",
                f"on \u201c{view.source_title}\u201d"]
        head_text = " \u00b7 ".join(h for h in head if h)
        private = " (private)" if view.private else ""
        body = render(view.body)
        tags = f"Tags: {', '.join(view.tags)}" if view.tags else ""
        parts.append(Part(
            f"<p><b>{html_text(head_text)}</b>{mark_html}<i>{private}</i></p>{body.html}"
            + (f"<p><i>{html_text(tags)}</i></p>" if tags else ""),
            f"**{md_line(head_text)}**{mark_md}{f' *{private.strip()}*' if private else ''}"
            f"\n\n{body.markdown}" + (f"\n\n*{md_line(tags)}*" if tags else "")))
    parts.append(_more(left, "open review notes"))
    return _join(parts)
