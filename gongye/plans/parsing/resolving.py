"""Unit names as written, resolved against a register of canonical names and aliases.

A name may carry administrative prefixes (``霍山县科技经信局``, ``县科技经信局``,
``六安市霍山县财政局``, ``中共…``). Dropping a prefix is only silent when the prefix fits the
region the plan is imported into: its own name (``霍山县``/``霍山``), its level word (``县``
for a county called …县, ``区`` for a district) or, further out, its ancestors when the
innermost prefix is again the region itself (``六安市霍山县财政局``). ``某某区经信局`` or
``金寨县经信局`` imported into 霍山县, or ``市财政局`` (the city's bureau) into a county, name
another region's unit: they do not resolve, and :meth:`DictUnitResolver.mismatch` says which
prefix did not fit and which of the region's units the rest of the name is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol, runtime_checkable


@runtime_checkable
class UnitResolver(Protocol):
    """Maps a unit name as written to the canonical unit name, or None when unknown."""

    def resolve(self, name: str) -> str | None: ...


@dataclass(frozen=True)
class PrefixMismatch:
    """``name`` would be ``canonical`` without ``prefix``, which names another region
    (``region`` is the one being imported into)."""

    name: str
    prefix: str
    canonical: str
    region: str

    @property
    def message(self) -> str:
        return (
            f"单位“{self.name}”的前缀“{self.prefix}”与导入的区划“{self.region}”不符，"
            f"未自动对应到本区划的“{self.canonical}”"
        )


_WS = re.compile(r"[\s\u3000]+")
_BRACKETS = str.maketrans({"(": "（", ")": "）", "[": "【", "]": "】"})
_ADMIN_SUFFIX = re.compile(r"^(.{1,8}?)(?:省|自治区|市|自治州|州|盟|县|自治县|旗|区)")
_LEVEL_WORD = re.compile(r"(省|自治区|市|自治州|州|盟|自治县|县|旗|区)$")
# Leading words that qualify a unit without changing which unit it is.
_GENERIC_PREFIXES = ("中共", "中国共产党")
_LEVEL_CHARS = "县市区省"


def normalize_name(name: str) -> str:
    """Canonical spelling for comparison: no whitespace, full-width brackets, no trailing 等."""
    text = _WS.sub("", name).translate(_BRACKETS)
    text = text.strip("、，,；;。.:：")
    return text


def _strip_variants(key: str, regions: Iterable[str] = ()) -> list[tuple[str, str, bool, bool]]:
    """Ways to drop one prefix from a name: (rest, prefix, names a region, may be cut
    further), each rest at least 2 characters long."""
    out: list[tuple[str, str, bool, bool]] = []
    for prefix in _GENERIC_PREFIXES:
        if key.startswith(prefix):
            out.append((key[len(prefix) :], prefix, False, True))
    for prefix in regions:
        if key.startswith(prefix):
            out.append((key[len(prefix) :], prefix, True, True))
    m = _ADMIN_SUFFIX.match(key)
    if m:
        out.append((key[m.end() :], key[: m.end()], True, True))
        # a unit whose own name starts with the level word (常山县委办 = 常山 + 县委办); its
        # level word is the region's, so the rest is looked up as it is, never cut again
        out.append((key[m.end() - 1 :], key[: m.end()], True, False))
    if key[:1] in _LEVEL_CHARS:
        out.append((key[1:], key[:1], True, True))
    return [o for o in out if len(o[0]) >= 2]


def _level_char(region: str) -> str:
    m = _LEVEL_WORD.search(region)
    if not m:
        return ""
    word = m.group(1)
    return {"自治区": "区", "自治州": "州", "自治县": "县"}.get(word, word)


class DictUnitResolver:
    """Resolve names against ``{canonical: [aliases…]}``.

    Besides exact names and aliases it strips administrative prefixes generically: a region
    name given in ``region_names`` (``霍山县`` / ``霍山``), a leading ``中共``, or any leading
    ``…省/市/县/区`` when what remains is a known unit (``县科技经信局`` → ``科技经信局``), and
    it accepts a canonical name written without its own ``县`` prefix (``人大办`` → ``县人大办``)
    when that short form is unambiguous and at least three characters long.

    ``region_names`` run from the outermost region to the one imported into (the last); a
    prefix naming any other region is not dropped silently (see the module's docstring).
    Without region names every prefix is dropped.
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
            for short, _prefix, _region, more in _strip_variants(key):
                if not more or len(short) < 3 or short in self._index:
                    continue
                if short in derived and derived[short] != canonical:
                    ambiguous.add(short)
                derived[short] = canonical
        for short, canonical in derived.items():
            if short not in ambiguous:
                self._index[short] = canonical
        names = [n for n in (normalize_name(r) for r in region_names) if n]
        self._home = names[-1] if names else ""
        self._home_forms = set(self._forms(self._home)) if self._home else set()
        self._home_level = _level_char(self._home)
        regions: set[str] = set()
        for region in names:
            regions.update(self._forms(region))
        self._regions = tuple(sorted(regions, key=len, reverse=True))

    @staticmethod
    def _forms(region: str) -> list[str]:
        """A region's name and its short form (霍山县 → 霍山)."""
        m = re.match(r"^(.{2,}?)(?:省|市|县|区|自治县|旗)$", region)
        return [region, m.group(1)] if m else [region]

    @property
    def canonical_names(self) -> set[str]:
        return set(self._index.values())

    def _fits(self, prefix: str | None) -> bool:
        if prefix is None or not self._home:
            return True
        return prefix in self._home_forms or prefix == self._home_level

    def _lookup(self, name: str) -> tuple[str | None, PrefixMismatch | None]:
        key = normalize_name(name)
        if not key:
            return None, None
        found = self._index.get(key)
        if found:
            return found, None
        mismatch: PrefixMismatch | None = None
        seen = {key}
        # (name left, the innermost region prefix dropped on the way)
        frontier: list[tuple[str, str | None]] = [(key, None)]
        for _depth in range(3):
            following: list[tuple[str, str | None]] = []
            for current, innermost in frontier:
                for candidate, prefix, names_region, more in _strip_variants(
                    current, self._regions
                ):
                    if candidate in seen:
                        continue
                    inner = prefix if names_region else innermost
                    found = self._index.get(candidate)
                    if found is None:
                        if more:
                            seen.add(candidate)
                            following.append((candidate, inner))
                    elif self._fits(inner):
                        return found, None
                    elif mismatch is None and inner is not None:
                        # another way of cutting the name may still reach it with a fitting
                        # prefix, so the candidate is not marked as seen
                        mismatch = PrefixMismatch(key, inner, found, self._home)
            frontier = following
        return None, mismatch

    def resolve(self, name: str) -> str | None:
        return self._lookup(name)[0]

    def mismatch(self, name: str) -> PrefixMismatch | None:
        """Why ``name`` did not resolve although the rest of it is a known unit: its region
        prefix names another region. None when it resolves or is simply unknown."""
        return self._lookup(name)[1]


def prefix_mismatch(resolver: UnitResolver, name: str) -> PrefixMismatch | None:
    """The resolver's reason for not resolving ``name`` by a prefix, when it can give one."""
    explain = getattr(resolver, "mismatch", None)
    return explain(name) if callable(explain) else None
