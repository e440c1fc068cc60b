"""The house rules of issue 9 that no linter checks: modules stay small enough to read, and
role names are spelled in one place (``gongye.core.roles.Role``). The layers are held by
import-linter and the types by mypy, both in .ci/run."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from gongye.core.roles import Role

GONGYE = Path(__file__).resolve().parent.parent / "gongye"
MAX_LINES = 500
ROLES = {role.value for role in Role}


def _sources(*suffixes: str) -> list[Path]:
    return sorted(
        p
        for suffix in suffixes
        for p in GONGYE.rglob(f"*{suffix}")
        if "migrations" not in p.parts and "tests" not in p.parts
    )


def test_no_module_is_longer_than_500_lines():
    long = {
        str(p.relative_to(GONGYE)): n
        for p in _sources(".py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"modules past {MAX_LINES} lines become packages of named parts: {long}"


# calls whose string arguments name model fields (``select_related("enterprise")``)
FIELD_NAMING_CALLS = {
    "select_related",
    "prefetch_related",
    "only",
    "defer",
    "values",
    "values_list",
    "order_by",
    "distinct",
}


def _role_literals(path: Path) -> list[int]:
    """Lines where a role's value is written as a string, other than as another enum's own
    value (``ObservationSource.STATISTICS = "statistics"`` is a source, not a role) or as the
    name of a field (an ``enterprise`` foreign key in a model's Meta, a ``fields=`` list, a
    queryset's ``select_related``/``order_by``/``values``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    allowed: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name == "Meta":
            allowed.update(id(n) for n in ast.walk(node))
        if isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg == "fields":
                    allowed.update(id(n) for n in ast.walk(keyword.value))
            if getattr(node.func, "attr", "") in FIELD_NAMING_CALLS:
                allowed.update(id(n) for arg in node.args for n in ast.walk(arg))
        if isinstance(node, ast.ClassDef) and any(
            getattr(base, "attr", getattr(base, "id", "")).endswith("Choices")
            for base in node.bases
        ):
            for item in node.body:
                if isinstance(item, ast.Assign):
                    allowed.update(id(n) for n in ast.walk(item.value))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and node.value in ROLES and id(node) not in allowed
    ]


def test_role_names_are_spelled_only_in_their_enum():
    found = []
    for path in _sources(".py"):
        if path == GONGYE / "core" / "roles.py":
            continue
        found += [f"{path.relative_to(GONGYE)}:{n}" for n in _role_literals(path)]
    quoted = re.compile(r"""["']({})["']""".format("|".join(ROLES)))
    for path in _sources(".html"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if quoted.search(line):
                found.append(f"{path.relative_to(GONGYE)}:{number}: {line.strip()}")
    assert not found, "compare with gongye.core.roles.Role instead:\n" + "\n".join(found)


def test_every_spreadsheet_is_written_through_core_xlsx():
    """Issue 10, item 5: ``core.xlsx.workbook_bytes`` neutralises formulas, so no module makes
    or saves an openpyxl workbook on its own."""
    own = re.compile(r"\bWorkbook\(|\b(?:wb|book|workbook)\.save\(")
    found = [
        f"{p.relative_to(GONGYE)}:{n}"
        for p in _sources(".py")
        if p != GONGYE / "core" / "xlsx.py"
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
        if own.search(line)
    ]
    assert not found, f"write spreadsheets with core.xlsx (new_workbook, workbook_bytes): {found}"
