"""The inspector's pages: one per kind of thing selected, each built from storage views."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from desktop.domain.dates import describe_range
from desktop.domain.vocab import KIND_NAMES, RELIABILITY, STANCE_NAMES
from desktop.itemmodels.case_lists import ClaimsModel, SourcesModel
from desktop.itemmodels.citations import CITATION_ROLE, CitationsModel
from desktop.itemmodels.citing import KIND_ROLE, CitingModel
from desktop.itemmodels.id_models import ID_ROLE
from desktop.storage import details, lists
from desktop.storage.claim_views import ClaimView
from desktop.storage.reading import Citing
from desktop.ui.safe_browser import SafeBrowser
from desktop.ui.views import list_view, table_view


def label(text: str = "", bold: bool = False, name: str = "") -> QLabel:
    """A plain-text label: case text is never interpreted as rich text."""
    widget = QLabel(text)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    widget.setWordWrap(True)
    widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if bold:
        font = QFont(widget.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        widget.setFont(font)
    if name:
        widget.setObjectName(name)
    return widget


def facts(*pairs: tuple[str, str | None]) -> str:
    """'Subject: Meta' lines for the pairs that have a value."""
    return "\n".join(f"{key}: {value}" for key, value in pairs if value)


def grade_words(reliability: str | None) -> str | None:
    return f"{reliability} — {RELIABILITY[reliability]}" if reliability in RELIABILITY else None


class Page(QWidget):
    """A titled column; subclasses add their facts and lists."""

    jump = Signal(int, int, int)  # source id, start, end (code points)
    open_item = Signal(str, int)  # kind, id
    review = Signal(str, int, str)  # kind, id, what: edit | grade | status | credibility |
    # history | stance:<stance> | uncite

    def __init__(self, name: str):
        super().__init__()
        self.setObjectName(name)
        self.item_id: int | None = None
        self.title = label(bold=True, name=f"{name}-title")
        self.facts = label(name=f"{name}-facts")
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(6, 6, 6, 6)
        self.column.addWidget(self.title)
        self.column.addWidget(self.facts)

    def review_buttons(self, kind: str, *asks: tuple[str, str]) -> QHBoxLayout:
        """Buttons asking the window to grade the shown item or show its history."""
        row = QHBoxLayout()
        ask = self._asker(kind)
        for what, text in (*asks, ("history", "&History…")):
            button = QPushButton(text)
            button.setObjectName(f"{self.objectName()}-{what}")
            button.clicked.connect(lambda _c=False, w=what: ask(w))
            row.addWidget(button)
        row.addStretch(1)
        self.column.addLayout(row)
        return row

    def citationslist_view(self, model: CitationsModel, kind: str) -> QListView:
        """The item's citations: click to open the words; right-click to grade, change the
        stance of or remove the one under the mouse."""
        view = list_view(model)
        view.setObjectName(f"{self.objectName()}-citations")
        view.clicked.connect(self._cite_clicked)
        view.activated.connect(self._cite_clicked)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(
            lambda pos: self._citation_menu(view, kind, pos))
        self.citations_view = view
        return view

    def selected_citation(self):
        index = self.citations_view.currentIndex()
        return index.data(CITATION_ROLE) if index.isValid() else None

    def citation_menu(self, kind: str) -> QMenu:
        """What can be done to the selected citation, each asked of the window by `review`."""
        menu = QMenu(self)
        ask = self._asker(kind)
        menu.addAction("Grade &citation…", lambda: ask("credibility"))
        stances = menu.addMenu("&Stance")
        current = self.selected_citation()
        for stance, words in STANCE_NAMES.items():
            action = stances.addAction(words, lambda s=stance: ask(f"stance:{s}"))
            action.setCheckable(True)
            action.setChecked(current is not None and current.stance == stance)
        menu.addSeparator()
        menu.addAction("&Remove citation…", lambda: ask("uncite"))
        return menu

    def _citation_menu(self, view: QListView, kind: str, pos) -> None:
        index = view.indexAt(pos)
        if not index.isValid():
            return
        view.setCurrentIndex(index)
        self.citation_menu(kind).exec(view.viewport().mapToGlobal(pos))

    def _asker(self, kind: str):
        return lambda what: self.item_id is not None and self.review.emit(kind, self.item_id,
                                                                          what)

    def _cite_clicked(self, index) -> None:
        cite = index.data(CITATION_ROLE)
        if cite is not None:
            self.jump.emit(*words_of(cite))


def words_of(cite) -> tuple[int, int, int]:
    """Where a citation's words are: an orphan's old positions would point at other words in
    today's text, so it opens its source without a place (the reading view says why)."""
    if cite.anchor == "orphan":
        return cite.source_id, -1, -1
    return cite.source_id, cite.start, cite.end


class ClaimPage(Page):
    def __init__(self):
        super().__init__("inspector-claim")
        self.citations = CitationsModel(self)
        self.column.addWidget(self.citationslist_view(self.citations, "claim"), 1)
        self.review_buttons("claim", ("edit", "&Edit…"), ("status", "&Status…"),
                            ("credibility", "Grade &citation…"))

    def present(self, claim: ClaimView) -> None:
        self.item_id = claim.id
        self.title.setText(claim.text)
        value = f"{claim.property_label or claim.property_key}: {claim.value or '—'}" \
            if claim.property_key else None
        self.facts.setText(facts(
            ("Subject", claim.subject), ("Property", value), ("Status", claim.status),
            ("Likelihood", claim.likelihood), ("Confidence", claim.confidence),
            ("Rank", claim.rank),
        ))
        self.citations.set_citations(claim.citations)


class EventPage(Page):
    def __init__(self):
        super().__init__("inspector-event")
        self.description = label()
        self.citations = CitationsModel(self)
        self.column.addWidget(self.description)
        self.column.addWidget(self.citationslist_view(self.citations, "event"), 1)
        self.review_buttons("event", ("edit", "&Edit…"))

    def present(self, event: details.EventDetail) -> None:
        self.item_id = event.id
        self.title.setText(event.title)
        people = ", ".join(f"{name} ({role})" if role else name for _, name, role in event.entities)
        self.facts.setText(facts(
            ("Date as written", f"“{event.date_phrase}”" if event.date_phrase else None),
            ("Date", f"{event.date_edtf} — {describe_range(event.date_lower, event.date_upper)}"
             if event.date_edtf else "not known"),
            ("Status", event.status), ("Involves", people),
        ))
        self.description.setText(event.description or "")
        self.description.setVisible(bool(event.description))
        self.citations.set_citations(event.citations)


class EntityPage(Page):
    def __init__(self, db: Database):
        super().__init__("inspector-entity")
        self._db = db
        self.description = SafeBrowser()
        self.description.setObjectName("inspector-entity-description")
        self.description.setMaximumHeight(120)
        self.claims = ClaimsModel(db, self)
        self.sources = SourcesModel(db, self)
        self.claims_title = label(bold=False)
        self.sources_title = label(bold=False)
        self.claims_view = table_view(self.claims, shown=(0, 2, 3, 4))
        self.sources_view = table_view(self.sources, shown=(0, 3))
        for widget in (self.description, self.claims_title, self.claims_view,
                       self.sources_title, self.sources_view):
            self.column.addWidget(widget)
        self.column.setStretchFactor(self.claims_view, 2)
        self.column.setStretchFactor(self.sources_view, 1)
        for view, kind, model in ((self.claims_view, "claim", self.claims),
                                  (self.sources_view, "source", self.sources)):
            for signal in (view.clicked, view.activated):  # a click, or Enter on the row
                signal.connect(lambda i, k=kind, m=model: self.open_item.emit(k, m.id_at(i.row())))
        self.review_buttons("entity", ("edit", "&Edit…"))

    def present(self, entity: details.EntityDetail) -> None:
        self.item_id = entity.id
        self.title.setText(entity.name)
        self.facts.setText(facts(
            ("Kind", KIND_NAMES.get(entity.kind, entity.kind)),
            ("Also called", ", ".join(entity.aliases)),
        ))
        self.description.set_markdown(entity.description or "")
        self.description.setVisible(bool(entity.description))
        self.claims.set_loader(lambda: lists.claim_ids_about(self._db, entity.id))
        self.sources.set_loader(lambda: details.sources_mentioning(self._db, entity.id))
        self.claims_title.setText(f"Claims about or naming it ({self.claims.rowCount():,})")
        self.sources_title.setText(f"Sources that mention it ({self.sources.rowCount():,})")

    def most_mentioning(self) -> int | None:
        """The source naming the shown entity most, from the list already loaded."""
        return self.sources.id_at(0) if self.sources.rowCount() else None


class SourcePage(Page):
    def __init__(self):
        super().__init__("inspector-source")
        self.review_buttons("source", ("grade", "&Grade…"))
        self.column.addStretch(1)

    def present(self, source: details.SourceDetail) -> None:
        self.item_id = source.id
        self.title.setText(source.title)
        resolved = describe_range(source.published_lower, source.published_upper)
        self.facts.setText(facts(
            ("Publisher", source.publisher), ("Author", source.author),
            ("Published", f"{source.published} — {resolved}" if source.published else None),
            ("Why that date", source.published_note), ("Address", source.url),
            ("Grade", grade_words(source.reliability)), ("Why that grade", source.reliability_note),
            *((link.relation.title(), link.label) for link in source.derives_from),
            ("Reworked by", "; ".join(link.label for link in source.derived_by)),
        ))


class WordsPage(Page):
    def __init__(self):
        super().__init__("inspector-words")
        self.citing = CitingModel(self)
        self.view = list_view(self.citing)
        self.view.setObjectName("inspector-citing")
        for signal in (self.view.clicked, self.view.activated):
            signal.connect(lambda i: self.open_item.emit(i.data(KIND_ROLE), i.data(ID_ROLE)))
        self.column.addWidget(self.view, 1)
        self.facts.hide()

    def present(self, rows: list[Citing]) -> None:
        self.citing.set_rows(rows)
        claims = sum(1 for kind, _ in self.citing.kinds_and_ids() if kind == "claim")
        events = self.citing.rowCount() - claims
        self.title.setText(
            f"These words are cited by {_count(claims, 'claim')} and {_count(events, 'event')}"
        )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"

