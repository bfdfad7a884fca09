"""Publication dates to EDTF: precision kept, nothing filled in from today."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.ingest.extract.published import edtf_from_metadata


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026", "2026"),
        ("2026-06", "2026-06"),
        ("2026-06-02", "2026-06-02"),
        ("2026-06-02T10:00:00Z", "2026-06-02"),
        ("2026-06-02T23:30:00-05:00", "2026-06-02"),  # the day the publisher wrote
        ("June 2026", "2026-06"),
        ("June 2, 2026", "2026-06-02"),
        ("2 June 2026", "2026-06-02"),
        ("Tuesday, 2 June 2026 10:00 BST", "2026-06-02"),
        ("2. Juni 2026", "2026-06-02"),
        ("juin 2026", "2026-06"),
        ("D:20260602101500+02'00'", "2026-06-02"),
        ("D:202606", "2026-06"),
        ("20260602", "2026-06-02"),
        ("2026/06/02", "2026-06-02"),
        ("02.06.2026", "2026-06-02"),
        ("13/06/2026", "2026-06-13"),
        ("02/06/2026", "2026"),  # June 2 or February 6: only the year is certain
        ("2026-06~", "2026-06~"),  # already EDTF
        (dt.date(2026, 6, 2), "2026-06-02"),
        (dt.datetime(2026, 6, 2, 10, 30), "2026-06-02"),
    ],
)
def test_precision_is_kept(value, expected: str) -> None:
    assert edtf_from_metadata(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        None, "", "   ", "yesterday", "3 days ago", "last June", "June 2", "Tuesday", "10:00",
        "2026-13", "2026-02-30", "1717315200", "not a date at all", "x" * 500,
    ],
)  # fmt: skip
def test_unreadable_or_relative_is_none(value) -> None:
    assert edtf_from_metadata(value) is None
