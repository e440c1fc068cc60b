"""The phrasing table (issue 11, item 15): every way plans state a target that the importer
must read, each to its name, kind, comparator, value and unit."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongye.plans.parsing.targets import scan_text

from .shapes.phrasings import NOT_TARGETS, PHRASINGS


def test_the_table_has_at_least_sixty_phrasings() -> None:
    assert len(PHRASINGS) >= 60
    assert len({text for text, _ in PHRASINGS}) == len(PHRASINGS)


@pytest.mark.parametrize(("text", "expected"), PHRASINGS, ids=[t for t, _ in PHRASINGS])
def test_phrasing(text: str, expected: list[tuple[str, str, str, str, str]]) -> None:
    got = [(t.name, t.kind, t.comparator, t.value, t.unit) for t in scan_text(text).targets]
    assert got == [(n, k, c, Decimal(v), u) for n, k, c, v, u in expected]


@pytest.mark.parametrize("text", NOT_TARGETS)
def test_numbers_that_are_not_targets(text: str) -> None:
    assert scan_text(text).targets == []
