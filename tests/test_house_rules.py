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


# where a role's value, written as a string, would be standing in for a role: compared
# (``acting.role == "leader"``, ``role in {"leader", …}``), passed as a role
# (``role="leader"``, ``Role("leader")``) or kept as one (``{"role": "leader"}``,
# ``LEADER_ROLES = {"leader"}``). The same word as a field's name (an ``enterprise`` foreign
# key, a form's ``enterprise`` field) is not a role.
ROLE_ARGS = {"role", "roles", "audience"}


def _role_literals(path: Path) -> list[int]:
    """Lines where a role's value stands in for a role (see ``ROLE_ARGS`` above)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    suspect: list[ast.AST] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            suspect.append(node)
        elif isinstance(node, ast.keyword) and node.arg in ROLE_ARGS:
            suspect.append(node.value)
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Role":
            suspect.extend(node.args)
        elif isinstance(node, ast.Dict):
            suspect.extend(
                v
                for k, v in zip(node.keys, node.values, strict=True)
                if isinstance(k, ast.Constant) and k.value in ROLE_ARGS
            )
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any("role" in getattr(t, "id", getattr(t, "attr", "")).lower() for t in targets):
                suspect.append(node.value)  # type: ignore[arg-type]
    return sorted(
        {
            n.lineno
            for root in suspect
            if root is not None
            for n in ast.walk(root)
            if isinstance(n, ast.Constant) and n.value in ROLES
        }
    )


def test_role_names_are_spelled_only_in_their_enum():
    found = []
    for path in _sources(".py"):
        if path == GONGYE / "core" / "roles.py":
            continue
        found += [f"{path.relative_to(GONGYE)}:{n}" for n in _role_literals(path)]
    # in a template, a role compared: ``{% if acting.role == 'leader' %}``
    quoted = re.compile(r"""(?:==|!=|\bin)\s*["']({})["']""".format("|".join(ROLES)))
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
