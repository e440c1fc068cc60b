"""Split a unit cell (牵头单位/配合单位) into unit names and resolve them.

Separators 、，,；; always split. A line break (or a space) is ambiguous: Word wraps long
names inside narrow cells (``中药产业⏎发展中心``) but officials also put one unit per line
(``农业农村局⏎中药产业发展中心``). Each way of joining the lines is scored by whether the pieces
resolve to known units, or at least look like unit names, and the best reading wins.
A name that resolves to nothing is returned as written and flagged; nothing is dropped.
Resolving a name (and when a region prefix keeps it from resolving) is ``resolving``'s part.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from .resolving import (
    DictUnitResolver,
    PrefixMismatch,
    UnitResolver,
    normalize_name,
    prefix_mismatch,
)

__all__ = [
    "DictUnitResolver",
    "PrefixMismatch",
    "UnitList",
    "UnitRef",
    "UnitResolver",
    "normalize_name",
    "split_people",
    "split_units",
]


@dataclass(frozen=True)
class UnitRef:
    """One unit name from a cell: as written, and its canonical name when known; when a
    region prefix that does not fit kept it from resolving, ``mismatch`` says so."""

    raw: str
    canonical: str | None
    mismatch: PrefixMismatch | None = None

    @property
    def name(self) -> str:
        return self.canonical or self.raw


@dataclass
class UnitList:
    """The units of one cell, in order, without duplicates."""

    refs: list[UnitRef] = field(default_factory=list)
    open_ended: bool = False

    @property
    def names(self) -> list[str]:
        return [r.name for r in self.refs]

    @property
    def unresolved(self) -> list[str]:
        return [r.raw for r in self.refs if r.canonical is None]


_WS = re.compile(r"[\s\u3000]+")
_HARD_SEP = re.compile(r"[、，,；;／/]+")
_SOFT_SEP = re.compile(r"[ \t\u3000]*\n[ \t\u3000\n]*|[ \t\u3000]+")
_CONNECTORS = ("及", "和", "与", "以及")
_PLAUSIBLE_SUFFIXES = (
    "局",
    "办",
    "委",
    "委员会",
    "区",
    "中心",
    "公司",
    "集团",
    "镇",
    "乡",
    "街道",
    "村",
    "会",
    "室",
    "所",
    "院",
    "站",
    "队",
    "厅",
    "部",
    "处",
    "科",
    "股",
    "组",
    "社",
    "行",
    "商",
    "馆",
    "署",
    "府",
    "单位",
    "部门",
    "企业",
    "管委",
    "工委",
    "园",
    "校",
    "台",
    "司",
    "团",
    "联",
)
_OPEN_ENDED = re.compile(r"(?:等单位|等部门|等)$")


def _strip_open(name: str) -> tuple[str, bool]:
    m = _OPEN_ENDED.search(name)
    if m and m.start() >= 2:
        return name[: m.start()], True
    return name, False


def _plausible(name: str) -> bool:
    return len(name) >= 2 and name.endswith(_PLAUSIBLE_SUFFIXES)


def _score(name: str, resolver: UnitResolver) -> int:
    base, _ = _strip_open(name)
    if not base:
        return -3
    if resolver.resolve(base):
        return 4
    if _connector_split(base, resolver):
        return 4
    if _plausible(base):
        return 1
    return -2


def _connector_split(name: str, resolver: UnitResolver) -> list[str] | None:
    for conn in _CONNECTORS:
        if conn in name:
            parts = [p for p in name.split(conn) if p]
            if len(parts) > 1 and all(resolver.resolve(p) for p in parts):
                return parts
    return None


def _best_grouping(lines: list[str], resolver: UnitResolver) -> list[str]:
    """Join wrapped lines back into names: try every way of joining adjacent lines."""
    n = len(lines)
    if n == 1:
        return lines
    if n > 10:  # pathological cell: join greedily, pairwise
        out: list[str] = []
        for line in lines:
            if out and _score(out[-1] + line, resolver) > max(
                _score(out[-1], resolver), _score(line, resolver)
            ):
                out[-1] += line
            else:
                out.append(line)
        return out
    best: tuple[int, int, list[str]] | None = None
    for cuts in itertools.product((False, True), repeat=n - 1):
        groups: list[str] = [lines[0]]
        for cut, line in zip(cuts, lines[1:], strict=True):
            if cut:
                groups.append(line)
            else:
                groups[-1] += line
        score = sum(_score(g, resolver) for g in groups)
        key = (score, len(groups), groups)
        if best is None or key[:2] > best[:2]:
            best = key
    assert best is not None
    return best[2]


def split_units(text: str, resolver: UnitResolver) -> UnitList:
    """Read one unit cell.

    ``"开发区、中药产业\\n发展中心等"`` → [开发区, 中药产业发展中心], open-ended.
    """
    result = UnitList()
    text = (text or "").strip()
    if not text:
        return result
    text = text.replace("\r", "\n")
    # Split on hard separators, remembering them so that an alias containing one
    # (经济开发区工委、管委) can be put back together.
    tokens = _HARD_SEP.split(text)
    seps = _HARD_SEP.findall(text)
    pieces: list[str] = []
    i = 0
    while i < len(tokens):
        piece = tokens[i]
        j = i
        while j + 1 < len(tokens):
            joined = piece + seps[j] + tokens[j + 1]
            if resolver.resolve(_WS.sub("", joined)) and not (
                resolver.resolve(_WS.sub("", piece))
                and resolver.resolve(_WS.sub("", tokens[j + 1]))
            ):
                piece = joined
                j += 1
            else:
                break
        pieces.append(piece)
        i = j + 1
    names: list[str] = []
    for piece in pieces:
        lines = [ln for ln in _SOFT_SEP.split(piece.strip()) if ln]
        if not lines:
            continue
        for group in _best_grouping(lines, resolver):
            split = _connector_split(_strip_open(group)[0], resolver)
            if split and not resolver.resolve(group):
                names.extend(split[:-1])
                tail_open = _strip_open(group)[1]
                names.append(split[-1] + ("等" if tail_open else ""))
            else:
                names.append(group)
    seen: set[str] = set()
    for raw in names:
        raw = raw.strip("、，,；;。.:： ")
        base, open_ended = _strip_open(raw)
        if open_ended:
            result.open_ended = True
        base = base.strip()
        if not base:
            continue
        canonical = resolver.resolve(base)
        key = canonical or normalize_name(base)
        if key in seen:
            continue
        seen.add(key)
        mismatch = prefix_mismatch(resolver, base) if canonical is None else None
        result.refs.append(UnitRef(raw=base, canonical=canonical, mismatch=mismatch))
    return result


# Words that show a "unit" cell actually holds people (责任领导 columns are people).
PERSON_TITLE = re.compile(r"(县长|书记|主任|局长|部长|委员|同志|主席|区长|镇长|乡长|市长|厅长)")


def split_people(text: str) -> list[str]:
    """People named in a 责任领导/责任人 cell: split like units, never resolved to units."""
    parts = re.split(r"[、，,；;／/\n\s]+", (text or "").strip())
    return [p.strip("。.") for p in parts if p.strip("。.")]
