"""The comparison cell rules as a table of cases: ranks, conflicts, lineage, contradiction."""

from __future__ import annotations

import pytest

from desktop.domain.comparison import (
    NO_DATA,
    Lineage,
    RankedValue,
    compute_cell,
    display_value,
    independent_origins,
    sort_key,
)

NYT, AGG1, AGG2, AGG3, AP, BLOG = 1, 2, 3, 4, 5, 6
# Three aggregators rework The Times; a blog reposts a wire story that is not in the case;
# AP is independent. A "cites" link does not make a copy.
LINEAGE = Lineage([
    (AGG1, NYT, None, "reworks"),
    (AGG2, NYT, None, "reposts"),
    (AGG3, AGG1, None, "translates"),  # a copy of a copy
    (BLOG, None, "Reuters wire", "reposts"),
    (AP, NYT, None, "cites"),
])


def v(claim: int, value: str, rank: str = "normal", *cites: tuple[str, int]) -> RankedValue:
    return RankedValue(claim, value, rank, tuple(cites))


S, C, X = "supports", "contradicts", "context"

CASES = [
    # (name, claims, values shown, conflict, single origin, contradicted, origins)
    ("no claims", [], (), False, False, False, 0),
    ("one claim, one source", [v(1, "yes", "normal", (S, NYT))], ("yes",), False, True, False, 1),
    ("preferred wins over normal",
     [v(1, "yes", "normal", (S, NYT)), v(2, "no", "preferred", (S, AP))],
     ("no",), False, True, False, 1),
    ("deprecated is hidden",
     [v(1, "yes", "deprecated", (S, NYT)), v(2, "no", "normal", (S, AP))],
     ("no",), False, True, False, 1),
    ("all deprecated: no data", [v(1, "yes", "deprecated", (S, NYT))], (), False, False, False, 0),
    ("two normal values conflict",
     [v(1, "yes", "normal", (S, NYT)), v(2, "no", "normal", (S, AP))],
     ("yes", "no"), True, False, False, 2),
    ("two preferred values conflict",
     [v(1, "yes", "preferred", (S, NYT)), v(2, "no", "preferred", (S, AP)),
      v(3, "maybe", "normal", (S, BLOG))],
     ("yes", "no"), True, False, False, 2),
    ("same value twice is no conflict",
     [v(1, "yes", "normal", (S, NYT)), v(2, "yes", "normal", (S, AP))],
     ("yes",), False, False, False, 2),
    ("three rewrites of one report count once",
     [v(1, "yes", "normal", (S, AGG1), (S, AGG2), (S, AGG3))],
     ("yes",), False, True, False, 1),
    ("rewrites plus the report itself: still one",
     [v(1, "yes", "normal", (S, NYT), (S, AGG1), (S, AGG3))],
     ("yes",), False, True, False, 1),
    ("a source that only cites is independent",
     [v(1, "yes", "normal", (S, NYT), (S, AP))], ("yes",), False, False, False, 2),
    ("an outside parent is an origin of its own",
     [v(1, "yes", "normal", (S, BLOG), (S, AGG2))], ("yes",), False, False, False, 2),
    ("context and contradiction are no support",
     [v(1, "yes", "normal", (S, NYT), (X, AP), (C, BLOG))], ("yes",), False, True, True, 1),
    ("contradicted shown value",
     [v(1, "yes", "normal", (S, NYT), (S, AP), (C, BLOG))], ("yes",), False, False, True, 2),
    ("contradiction of a hidden claim does not count",
     [v(1, "yes", "preferred", (S, NYT)), v(2, "no", "normal", (C, AP))],
     ("yes",), False, True, False, 1),
    ("a value with no supporting citation has no origin",
     [v(1, "yes", "normal", (X, NYT))], ("yes",), False, False, False, 0),
]


@pytest.mark.parametrize(
    ("claims", "values", "conflict", "single", "contradicted", "origins"),
    [case[1:] for case in CASES], ids=[case[0] for case in CASES],
)
def test_cell_rules(claims, values, conflict, single, contradicted, origins):
    cell = compute_cell(claims, LINEAGE)
    assert cell.values == values
    assert cell.conflict is conflict
    assert cell.single_origin is single
    assert cell.contradicted is contradicted
    assert cell.origins == origins
    assert cell.no_data is (not values)


def test_cell_counts_citations_of_shown_claims_and_hidden_ones():
    cell = compute_cell(
        [v(1, "yes", "preferred", (S, NYT), (X, AP)), v(2, "no", "normal", (S, AP)),
         v(3, "no", "deprecated", (S, BLOG))], LINEAGE)
    assert cell.claim_ids == (1,)
    assert cell.citations == 2
    assert cell.hidden == 1


def test_single_origin_names_the_root_report():
    cell = compute_cell([v(1, "yes", "normal", (S, AGG3), (S, AGG2))], LINEAGE)
    assert cell.origin_names == (NYT,)
    wire = compute_cell([v(1, "yes", "normal", (S, BLOG))], LINEAGE)
    assert wire.origin_names == (("label", "Reuters wire"),)


def test_lineage_cycles_end_as_one_origin():
    looped = Lineage([(1, 2, None, "reworks"), (2, 1, None, "reworks")])
    assert looped.roots(1) == looped.roots(2) == frozenset({1})
    cell = compute_cell([v(1, "yes", "normal", (S, 1), (S, 2))], looped)
    assert cell.single_origin


def test_deep_and_shared_lineage_is_walked_quickly():
    # Every source reworks both of the two before it: 2^n paths, one root.
    links = [(n, n - 1, None, "reworks") for n in range(2, 400)]
    links += [(n, n - 2, None, "reworks") for n in range(3, 400)]
    assert Lineage(links).roots(399) == frozenset({1})


def test_a_source_with_two_origins_is_no_single_origin():
    both = Lineage([(3, 1, None, "reworks"), (3, 2, None, "reposts")])
    cell = compute_cell([v(1, "yes", "normal", (S, 3))], both)
    assert not cell.single_origin and cell.origins == 1  # one witness, two possible origins
    overlapping = Lineage([(4, 1, None, "reworks"), (4, 2, None, "reworks"),
                           (5, 2, None, "reworks"), (5, 3, None, "reworks")])
    cell = compute_cell([v(1, "yes", "normal", (S, 4), (S, 5))], overlapping)
    assert not cell.single_origin and cell.origin_names == (1, 2, 3)


def test_a_rewrite_of_two_reports_does_not_stand_for_either():
    assert len(independent_origins([frozenset({1}), frozenset({1, 2}), frozenset({2})])) == 2
    assert len(independent_origins([frozenset({1, 2})])) == 1


def test_booleans_read_as_words_and_sorting_puts_empty_last():
    assert display_value("bool", "true") == "Yes"
    assert display_value("bool", "FALSE") == "No"
    assert display_value("text", "true") == "true"
    cell = compute_cell([v(1, "true", "normal", (S, NYT))], LINEAGE, "bool")
    assert cell.text == "Yes"
    assert sorted([NO_DATA, cell, None], key=sort_key)[0] is cell
