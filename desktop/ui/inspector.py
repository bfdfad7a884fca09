"""The inspector pane: details of whatever is selected, one page per kind of thing."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QStackedWidget, QWidget
from sqlite_utils import Database

from desktop.storage import claim_views, comparison, details, reading
from desktop.ui.inspector_cell import CellPage
from desktop.ui.inspector_pages import (
    ClaimPage,
    EntityPage,
    EventPage,
    Page,
    SourcePage,
    WordsPage,
    label,
)


class Inspector(QStackedWidget):
    """Shows one item at a time and remembers which, so it can redraw it after an edit."""

    jump = Signal(int, int, int)  # open a source at these code points
    open_item = Signal(str, int)  # select this claim, event, entity or source
    rank_requested = Signal(int, str, str)  # claim id, rank, reason (from a cell's page)
    review = Signal(str, int, str)  # kind, id, what: see Page.review

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("inspector")
        self._db = db
        self.empty = label("Select a source, entity, claim or event, or click highlighted words.")
        self.empty.setMargin(12)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.pages: dict[str, Page] = {
            "claim": ClaimPage(), "event": EventPage(), "entity": EntityPage(db),
            "source": SourcePage(), "words": WordsPage(), "cell": CellPage(),
        }
        self.addWidget(self.empty)
        for page in self.pages.values():
            self.addWidget(page)
            page.jump.connect(self.jump)
            page.open_item.connect(self.open_item)
            page.review.connect(self.review)
        self.pages["cell"].rank_requested.connect(self.rank_requested)
        # ("claim", id), ("words", excerpt ids) or ("cell", (entity id, property id))
        self.shown: tuple[str, object] | None = None

    def show_item(self, kind: str, item_id: int) -> object | None:
        """Show a claim, event, entity or source; its storage view, or None when it is gone."""
        loaders = {
            "claim": claim_views.claim_view, "event": details.event_detail,
            "entity": details.entity_detail, "source": details.source_detail,
        }
        found = loaders[kind](self._db, item_id)
        if found is None:
            self.clear()
            return None
        self.pages[kind].present(found)
        self.setCurrentWidget(self.pages[kind])
        self.shown = (kind, item_id)
        return found

    def show_words(self, excerpt_ids: Sequence[int]) -> None:
        ids = sorted(excerpt_ids)
        self.pages["words"].present(reading.citing(self._db, ids))
        self.setCurrentWidget(self.pages["words"])
        self.shown = ("words", tuple(ids))

    def show_cell(self, entity_id: int, property_id: int) -> bool:
        """Show a comparison cell's claims and citations; False if it is gone."""
        evidence = comparison.cell_evidence(self._db, entity_id, property_id)
        if evidence is None:
            self.clear()
            return False
        page = self.pages["cell"]
        keep = page.selected_claim().id if page.isVisible() and page.selected_claim() else None
        page.present(evidence)
        if keep is not None:
            page.select_claim(keep)  # after an edit, stay on the claim that was edited
        self.setCurrentWidget(page)
        self.shown = ("cell", (entity_id, property_id))
        return True

    def release(self) -> None:
        """Empty the entity page's lists before the case closes."""
        self.clear()
        self.pages["entity"].claims.release()
        self.pages["entity"].sources.release()

    def clear(self) -> None:
        self.setCurrentWidget(self.empty)
        self.shown = None

    def redraw(self) -> None:
        """After an edit: show the same item again from storage, or nothing if it is gone."""
        if self.shown is None:
            return
        kind, key = self.shown
        if kind == "words":
            self.show_words(key)  # type: ignore[arg-type]
        elif kind == "cell":
            self.show_cell(*key)  # type: ignore[misc]
        else:
            self.show_item(kind, key)  # type: ignore[arg-type]
