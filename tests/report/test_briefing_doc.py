"""A briefing's content built from the real sample case: every note quotes its sources' words
and is listed once, references that lead nowhere are reported and marked, hostile Markdown comes
out inert in every form, and only the sections (and notes) asked for are printed."""

from __future__ import annotations

import json
import re
from html import escape

import markdown
import pytest

from desktop.report.briefing_doc import BriefingDoc, Footnote, Heading, build_briefing
from desktop.report.footnotes import md_line
from desktop.report.markup import MAX_RENDERED
from desktop.storage.annotations import add_annotation
from desktop.storage.briefings import SECTIONS, briefing_by_title
from desktop.storage.changes import new_uid, write

CLAIM_META_NOT_AGREED = "f9aa005a-9652-5cb8-be4f-5e2c56444c35"
CLAIM_META_WEIGHTS_CLOSED = "8805687b-2b4a-5bec-aa6c-5e5e25ea2f25"  # TNW contradicted by others
EVENT_ORDER_SIGNED = "bbf4002f-83ad-502b-a755-d6a5ae4b0bbf"
GONE = "00000000-0000-4000-8000-000000000000"

# The timeline figure is drawn with text: Qt needs an application for its fonts.
pytestmark = pytest.mark.usefixtures("qapp")

# The one image a briefing may hold: its own timeline figure, named, or inlined as a PNG.
FIGURE_TAG = re.compile(r'<img src="(?:casefile-figure:timeline|data:image/png;base64,'
                        r'[A-Za-z0-9+/=]+)" width="\d+" height="\d+">')


def without_figures(form: str) -> str:
    return FIGURE_TAG.sub("", form)

BODY = f"""# Where Meta stands

Meta has not agreed to a review [[claim:{CLAIM_META_NOT_AGREED}]], although the order was
signed [[event:{EVENT_ORDER_SIGNED}]]. As said before [[claim:{CLAIM_META_NOT_AGREED.upper()}]].

- Its weights [[claim:{CLAIM_META_WEIGHTS_CLOSED}]]
- A **strong** point with [a link](https://example.com/a_(b))
"""

HOSTILE = (
    "<script>alert(1)</script>\n\n"
    '<img src="/dev/zero" onerror="alert(2)">\n\n'
    '<iframe src="http://example.com/frame"></iframe>\n\n'
    "<style>p { display: none }</style>\n\n"
    '<p onclick="alert(3)" style="color: white">hidden?</p>\n\n'
    "[click](javascript:alert(4)) [again](JaVaScRiPt:alert(5)) <javascript:alert(6)>\n\n"
    "![pic](/dev/zero) ![also](file:///etc/passwd)\n\n"
    + "<table><tr><td>" * 30 + "deep" + "</td></tr></table>" * 30 + "\n\n"
    + "`<script>alert(7)</script>`\n\n"
    + "    <script>alert(8)</script>\n\n"
    # Code right after a list: indented in the Markdown export, it would join the list as words.
    + "- item\n\n<!-- -->\n\n    <script>alert(9)</script>\n"
)
BANNED = ("<script", "<img", "<iframe", "<style", "onerror", "onclick", "javascript:",
          "<table", "/dev/zero", "file:", *(f"alert({n})" for n in range(1, 7)))


def add(case, *, body: str = BODY, sections=tuple(SECTIONS), title: str = "Meta briefing",
        **fields):
    """A briefing stored in the case as the window would store it, read back."""
    row = {"uid": new_uid(), "title": title, "subtitle": "Where the review stands",
           "author": "A. Analyst", "date": "2026-07~", "caveat": "NOT FOR PUBLICATION",
           "body": body, "sections": json.dumps(list(sections)), "page_size": "A4",
           "is_default": 0, "created": "2026-07-01T00:00:00+00:00",
           "modified": "2026-07-01T00:00:00+00:00", **fields}
    with write(case, "Add briefing") as w:
        w.insert("briefings", row)
    return briefing_by_title(case.db, title)


def notes_in(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<a name="fn-(\d+)"></a>', html)]


def rendered_markdown(doc: BriefingDoc) -> list[str]:
    """The Markdown export as two renderers show it, neither of them sanitising."""
    forms = [markdown.markdown(doc.markdown, extensions=["tables", "footnotes"])]
    try:
        from markdown_it import MarkdownIt
    except ImportError:  # pragma: no cover - one renderer is enough where the other is absent
        return forms
    return [*forms, MarkdownIt("commonmark", {"html": True}).enable("table").render(doc.markdown)]


@pytest.fixture
def full(sample_case) -> BriefingDoc:
    return build_briefing(sample_case.db, add(sample_case))


def test_every_note_quotes_words_that_are_printed_in_each_form(full):
    assert full.footnotes and all(isinstance(f, Footnote) for f in full.footnotes)
    quoted = [q for f in full.footnotes for q in f.quotes]
    assert len(quoted) > 50
    for note in full.footnotes:
        for words in note.quotes:
            assert escape(words) in full.html
            assert escape(words) in full.standalone_html
            assert md_line(words) in full.markdown
            assert f"\u201c{words}\u201d" in note.text


def test_each_note_is_listed_once_in_order_of_first_use(full):
    numbers = [f.number for f in full.footnotes]
    assert numbers == list(range(1, len(numbers) + 1))
    assert notes_in(full.html) == numbers
    for n in numbers:
        assert full.markdown.count(f"\n[^{n}]: ") == 1
    # Markers: each links to its note, and numbers first appear in increasing order.
    body = full.html.split('<a name="sec-notes">')[0]
    used = [int(n) for n in re.findall(r'<sup><a href="#fn-(\d+)">\1</a></sup>', body)]
    assert set(used) == set(numbers)
    assert list(dict.fromkeys(used)) == numbers


def test_the_same_claim_referred_to_twice_keeps_its_number(full):
    judgments = full.html.split('<a name="sec-timeline">')[0]
    markers = re.findall(r'href="#fn-(\d+)"', judgments.split('<a name="sec-key_judgments">')[1])
    assert markers[:4] == ["1", "2", "1", "3"]
    assert [f.kind for f in full.footnotes[:3]] == ["claim", "event", "claim"]
    # Claims by entity reuse the number the key judgments gave the claim.
    claims = full.html.split('<a name="sec-claims">')[1].split('<a name="sec-sources">')[0]
    assert 'Meta has not agreed to submit its models for CAISI review.<sup><a href="#fn-1">' \
        in claims


def test_a_note_names_its_source_in_words_and_says_who_contradicts(full):
    first = full.footnotes[0].text
    assert "The New York Times, \u201cU.S. Presses Meta" in first
    assert "about June 2026" in first and "[B2]" in first
    weights = full.footnotes[2].text
    assert "Contradicted by: " in weights
    assert weights.index("Contradicted by: ") > 0


def test_a_dangling_reference_is_reported_and_marked(sample_case):
    body = f"Still here [[claim:{CLAIM_META_NOT_AGREED}]]; gone [[claim:{GONE}]] and" \
           f" [[event:{GONE}]]."
    doc = build_briefing(sample_case.db, add(sample_case, body=body,
                                            sections=["key_judgments"]))
    assert f"[[claim:{GONE}]] refers to a claim no longer in the case" in doc.problems
    assert f"[[event:{GONE}]] refers to an event no longer in the case" in doc.problems
    assert "[missing claim]" in doc.html and "[missing event]" in doc.html
    assert "[missing claim]" in doc.standalone_html
    assert "\\[missing claim\\]" in doc.markdown
    assert len(doc.footnotes) == 1


@pytest.mark.parametrize("place", ["top", "inside"])
def test_hostile_markdown_comes_out_inert_in_every_form(sample_case, place):
    body = HOSTILE if place == "top" else "\n".join("> " + line for line in HOSTILE.splitlines())
    doc = build_briefing(sample_case.db, add(sample_case, body=body,
                                            sections=["key_judgments"]))
    head, _, page = doc.standalone_html.partition("<body>")
    forms = [doc.html, page, *rendered_markdown(doc)]
    for form in forms:
        lowered = form.lower()
        for banned in BANNED:
            assert banned not in lowered, (banned, form)
    assert "deep" in doc.html  # the words stay, the tables go
    for n in (7, 8, 9):  # code is shown as the words typed
        assert f"&lt;script&gt;alert({n})" in doc.html
    assert head.count("<style>") == 1 and "src=" not in doc.standalone_html


def test_values_from_the_case_are_escaped(sample_case):
    with write(sample_case, "Rename") as w:
        w.update("sources", 4, {"title": '<img src="/dev/zero"><script>alert(1)</script>',
                                "publisher": "[x](javascript:alert(2)) & <b>"})
    doc = build_briefing(sample_case.db, add(sample_case, title="<script>x</script>"))
    _, _, page = doc.standalone_html.partition("<body>")
    for form in [doc.html, page, *rendered_markdown(doc)]:
        lowered = without_figures(form).lower()
        assert "<img" not in lowered and "<script" not in lowered
        assert 'href="javascript' not in lowered
    assert "&lt;img src=&quot;/dev/zero&quot;&gt;" in doc.html
    assert doc.title == "<script>x</script>"


def test_only_the_sections_chosen_are_printed_in_their_order(sample_case):
    doc = build_briefing(sample_case.db, add(sample_case, sections=["sources", "timeline"]))
    assert [h.anchor for h in doc.headings] == ["sec-timeline", "sec-sources", "sec-notes"]
    assert all(h.level == 1 for h in doc.headings)
    for key in ("key_judgments", "comparison", "claims", "annotations"):
        assert f"sec-{key}" not in doc.html
    assert doc.html.index('name="sec-timeline"') < doc.html.index('name="sec-sources"')
    assert {f.kind for f in doc.footnotes} == {"event"}
    assert "## Timeline" in doc.markdown and "## Comparison" not in doc.markdown

    only_sources = build_briefing(sample_case.db, add(sample_case, title="Sources only",
                                                      sections=["sources"]))
    assert only_sources.footnotes == () and "sec-notes" not in only_sources.html
    assert "Grade B: Usually reliable." in only_sources.html
    assert "reworks: U.S. Presses Meta" in only_sources.html


def test_the_html_keeps_the_contract_the_pdf_writer_relies_on(full):
    html = full.html
    assert isinstance(full.headings[0], Heading)
    for heading in full.headings:
        assert f'<h1><a name="{heading.anchor}"></a>{escape(heading.title)}</h1>' in html
        assert f'<a href="#{heading.anchor}">{escape(heading.title)}</a>' in html
    first_section = html.index("<h1>")
    assert html.index("<p style='page-break-before: always'>") < html.index('href="#sec-')
    assert html.index('href="#sec-notes"') < first_section
    title_page = html[:html.index("page-break-before")]
    for words in ("Meta briefing", "Where the review stands", "A. Analyst", "about July 2026",
                  "NOT FOR PUBLICATION"):
        assert words in title_page
    tables = re.findall(r"<table[^>]*>", html)
    assert tables and all('border="1"' in t and 'cellpadding="3"' in t for t in tables)
    assert html.count("<thead>") == len(tables)
    assert "<style" not in html and "<img" not in without_figures(html)
    assert len(FIGURE_TAG.findall(html)) == 1 == len(full.figures)
    assert (full.title, full.author, full.subject) == (
        "Meta briefing", "A. Analyst", "Where the review stands")
    assert full.problems == ()


def test_the_subject_falls_back_to_the_first_line(sample_case):
    doc = build_briefing(sample_case.db, add(sample_case, subtitle=None, title="No subtitle"))
    assert doc.subject == "Where Meta stands"


def test_the_comparison_marks_disagreement_and_splits_wide_tables(full):
    part = full.html.split('<a name="sec-comparison">')[1].split("<h1>")[0]
    assert "\u2260" in part
    tables = re.findall(r"<table.*?</table>", part)
    assert len(tables) == 2  # seven properties: six columns at most to a table
    for table in tables:
        header = re.search(r"<thead>.*?</thead>", table).group(0)
        assert header.count("</th>") <= 6
    assert "Open weights?" in part and "Model family" in part
    assert {"cell"} <= {f.kind for f in full.footnotes}
    assert "| Company | Agreed to CAISI review? |" in full.markdown


def test_standalone_html_is_a_complete_file_that_fetches_nothing(full):
    page = full.standalone_html
    assert page.startswith("<!doctype html>")
    assert '<meta charset="utf-8">' in page and "default-src 'none'" in page
    assert "<link" not in page and "@import" not in page
    assert "src=" not in without_figures(page)  # the figure is in the file itself
    assert "img-src data:" in page and 'src="data:image/png;base64,' in page
    assert without_figures(full.html) in without_figures(page)


def test_private_review_notes_only_when_asked(sample_case):
    db = sample_case.db
    excerpt, source = db.execute("SELECT id, source_id FROM excerpts ORDER BY id").fetchone()
    exact = db.execute("SELECT exact FROM excerpts WHERE id = ?", [excerpt]).fetchone()[0]
    with write(sample_case, "Notes") as w:
        add_annotation(w, source, excerpt_id=excerpt, body="Shared **doubt** here",
                       motivation="questioning")
        add_annotation(w, source, body="My private hunch", private=True)
        add_annotation(w, source, body="Settled already", status="resolved")
    briefing = add(sample_case, sections=["annotations"])
    public = build_briefing(db, briefing)
    assert "Shared <strong>doubt</strong> here" in public.html
    assert "Shared **doubt** here" in public.markdown
    assert "My private hunch" not in public.html + public.markdown
    assert "Settled already" not in public.html
    assert [f.kind for f in public.footnotes] == ["source"]
    assert public.footnotes[0].quotes == (exact,)
    private = build_briefing(db, briefing, include_private=True)
    assert "My private hunch" in private.html and "(private)" in private.html
    assert "My private hunch" in private.markdown


def test_a_long_body_is_rendered_piece_by_piece(sample_case):
    paragraph = (f"Meta has not agreed [[claim:{CLAIM_META_NOT_AGREED}]] and *stands* apart. "
                 * 8)
    body = "\n\n".join([paragraph] * 200)
    assert len(body) > 10 * MAX_RENDERED
    doc = build_briefing(sample_case.db, add(sample_case, body=body,
                                            sections=["key_judgments"]))
    assert doc.html.count("<em>stands</em>") == 8 * 200  # Markdown, not text as typed
    assert doc.html.count('<sup><a href="#fn-1">1</a></sup>') == 8 * 200
    assert len(doc.footnotes) == 1 and doc.problems == ()


def test_a_body_without_references_or_sections_still_builds(sample_case):
    doc = build_briefing(sample_case.db, add(sample_case, body="", sections=[]))
    assert doc.headings == () and doc.footnotes == ()
    assert "Meta briefing" in doc.html and doc.markdown.startswith("# Meta briefing")


def test_markers_in_the_markdown_export_never_become_images_links_or_definitions(sample_case):
    body = (f"[[claim:{CLAIM_META_NOT_AGREED}]]: opens a line, and then!"
            f"[[claim:{CLAIM_META_WEIGHTS_CLOSED}]](javascript:alert(1))")
    doc = build_briefing(sample_case.db, add(sample_case, body=body,
                                            sections=["key_judgments"]))
    for form in rendered_markdown(doc):
        assert "<img" not in form and 'href="javascript' not in form.lower()
    assert "[^1]&#58; opens a line" in doc.markdown
    assert doc.markdown.count("\n[^1]: ") == 1


def test_references_the_sanitiser_drops_take_no_number_and_code_reads_as_typed(sample_case):
    other = "8805687b-2b4a-5bec-aa6c-5e5e25ea2f25"
    body = (f"<!-- [[claim:{other}]] -->\n\n![alt [[claim:{other}]]](x.png)\n\n"
            f"[a link](https://example.org/[[claim:{other}]])\n\n"
            f"Shown [[claim:{CLAIM_META_NOT_AGREED}]].\n\n`[[claim:{other}]]`\n\n"
            f"    [[claim:{other}]]\n")
    doc = build_briefing(sample_case.db, add(sample_case, body=body,
                                            sections=["key_judgments"]))
    assert [f.number for f in doc.footnotes] == [1]
    assert notes_in(doc.html) == [1] and "[^1]" in doc.markdown and "[^2]" not in doc.markdown
    for form in (doc.html, doc.markdown, doc.standalone_html):
        assert "\ue001" not in form and "\ue002" not in form and "%EE%80" not in form
    assert f"<code>[[claim:{other}]]</code>" in doc.html
    assert f"`[[claim:{other}]]`" in doc.markdown
    assert 'href="https://example.org/"' in doc.html


def test_claims_resting_on_the_same_quotes_share_one_note_marked_once(full, sample_case):
    texts = [f.text for f in full.footnotes]
    assert len(texts) == len(set(texts))
    default = build_briefing(sample_case.db, briefing_by_title(
        sample_case.db, "Meta and pre-release review of AI models: key judgments"))
    texts = [(f.text, f.quotes) for f in default.footnotes]
    assert len(texts) == len(set(texts))
    for number in range(1, len(default.footnotes) + 1):  # never "³ ³" side by side
        assert f'<sup><a href="#fn-{number}">{number}</a></sup> <sup><a href="#fn-{number}">' \
            not in default.html
