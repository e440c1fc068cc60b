"""Split a unit cell (牵头单位/配合单位) into unit names and resolve them.

Separators 、，,；; always split. A line break (or a space) is ambiguous: Word wraps long
names inside narrow cells (``中药产业⏎发展中心``) but officials also put one unit per line
(``农业农村局⏎中药产业发展中心``). Each way of joining the lines is scored by whether the pieces
resolve to known units, or at least look like unit names, and the best reading wins.
A name that resolves to nothing is returned as written and flagged; nothing is dropped.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable


@runtime_checkable
class UnitResolver(Protocol):
    """Maps a unit name as written to the canonical unit name, or None when unknown."""

    def resolve(self, name: str) -> str | None: ...


_WS = re.compile(r"[\s\u3000]+")
_BRACKETS = str.maketrans({"(": "（", ")": "）", "[": "【", "]": "】"})
_ADMIN_SUFFIX = re.compile(r"^(.{1,8}?)(?:省|自治区|市|自治州|州|盟|县|自治县|旗|区)")
# Leading words that qualify a unit without changing which unit it is.
_GENERIC_PREFIXES = ("中共", "中国共产党")


def normalize_name(name: str) -> str:
    """Canonical spelling for comparison: no whitespace, full-width brackets, no trailing 等."""
    text = _WS.sub("", name).translate(_BRACKETS)
    text = text.strip("、，,；;。.:：")
    return text


def _strip_variants(key: str, regions: Iterable[str] = ()) -> list[str]:
    """Ways to drop one administrative prefix from a name (each at least 2 characters long)."""
    out: list[str] = []
    for prefix in (*_GENERIC_PREFIXES, *regions):
        if key.startswith(prefix):
            out.append(key[len(prefix) :])
    m = _ADMIN_SUFFIX.match(key)
    if m:
        out.append(key[m.end() :])
    if key[:1] in "县市区省":
        out.append(key[1:])
    return [o for o in out if len(o) >= 2]


class DictUnitResolver:
    """Resolve names against ``{canonical: [aliases…]}``.

    Besides exact names and aliases it strips administrative prefixes generically: a region
    name given in ``region_names`` (``霍山县`` / ``霍山``), a leading ``中共``, or any leading
    ``…省/市/县/区`` when what remains is a known unit (``县科技经信局`` → ``科技经信局``), and
    it accepts a canonical name written without its own ``县`` prefix (``人大办`` → ``县人大办``)
    when that short form is unambiguous and at least three characters long.
    """

    def __init__(
        self,
        canonical_to_aliases: Mapping[str, Iterable[str]],
        *,
        region_names: Iterable[str] = (),
    ) -> None:
        self._index: dict[str, str] = {}
        for canonical in canonical_to_aliases:
            self._index[normalize_name(canonical)] = canonical
        for canonical, aliases in canonical_to_aliases.items():
            for alias in aliases:
                self._index.setdefault(normalize_name(alias), canonical)
        derived: dict[str, str] = {}
        ambiguous: set[str] = set()
        for key, canonical in list(self._index.items()):
            for short in _strip_variants(key):
                if len(short) < 3 or short in self._index:
                    continue
                if short in derived and derived[short] != canonical:
                    ambiguous.add(short)
                derived[short] = canonical
        for short, canonical in derived.items():
            if short not in ambiguous:
                self._index[short] = canonical
        regions: set[str] = set()
        for region in region_names:
            region = normalize_name(region)
            if region:
                regions.add(region)
                m = re.match(r"^(.{2,}?)(?:省|市|县|区|自治县|旗)$", region)
                if m:
                    regions.add(m.group(1))
        self._regions = tuple(sorted(regions, key=len, reverse=True))

    @property
    def canonical_names(self) -> set[str]:
        return set(self._index.values())

    def resolve(self, name: str) -> str | None:
        key = normalize_name(name)
        if not key:
            return None
        found = self._index.get(key)
        if found:
            return found
        seen = {key}
        frontier = [key]
        for _depth in range(3):
            following: list[str] = []
            for current in frontier:
                for candidate in _strip_variants(current, self._regions):
                    if candidate in seen:
                        continue
                    found = self._index.get(candidate)
                    if found:
                        return found
                    seen.add(candidate)
                    following.append(candidate)
            frontier = following
        return None


@dataclass(frozen=True)
class UnitRef:
    """One unit name from a cell: as written, and its canonical name when known."""

    raw: str
    canonical: str | None

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
        result.refs.append(UnitRef(raw=base, canonical=canonical))
    return result


# Words that show a "unit" cell actually holds people (责任领导 columns are people).
PERSON_TITLE = re.compile(r"(县长|书记|主任|局长|部长|委员|同志|主席|区长|镇长|乡长|市长|厅长)")


def split_people(text: str) -> list[str]:
    """People named in a 责任领导/责任人 cell: split like units, never resolved to units."""
    parts = re.split(r"[、，,；;／/\n\s]+", (text or "").strip())
    return [p.strip("。.") for p in parts if p.strip("。.")]
