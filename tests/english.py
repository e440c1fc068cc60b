"""What an English page may still show in Chinese: only data (unit, region, task, plan and
target names and texts, people's names …). The helpers of ``tests/test_english_pages.py``:
the text a person reads on a page, the data texts of the database, and what is left of a
page's Chinese once the data is taken out."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser

import yaml
from django.apps import apps
from django.db import models

# Han characters, CJK punctuation (、。「」【】) and full-width forms (（），：)
CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
CHINESE_RUN = re.compile(
    r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]"
    r"(?:[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef0-9.%\s·—-]*"
    r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef])?"
)

# attributes a reader meets (tooltips, placeholders, labels read aloud, button values, the
# words handed to the charts); addresses, classes and ids are not read
_READ_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt", "content", "label"}
# a value is read on a button-like input only (an option's or a field's value is a key or data)
_BUTTON_INPUTS = {"submit", "button", "reset"}
_SKIPPED_ELEMENTS = {"style"}

# fields that hold words the system wrote rather than data, so they must read in English
# (the qualifiers a target's sentence carries, 以上 / 力争 / 突破, are the parser's vocabulary;
# a task's period label, 1月 / 每月, is a month the page names in its own language; a
# reminder's rule label, 临期提醒, is the rule's name)
LABEL_FIELDS = {
    ("plans.Target", "qualifiers"),
    ("plans.Task", "period_label"),
    ("notifications.Notification", "rule_label"),
}
# text fields holding a YAML or JSON document the region wrote (an evaluation scheme): the
# strings inside it (names of groups, indicators, rules, policies) are data as they stand
DOCUMENT_FIELDS = {("evaluation.SchemeVersion", "document")}
# a date or a month is the page's to write in its language, wherever a copy of it is kept
_DATE_LIKE = re.compile(r"^[\d\s年月日号\-—~～至到]+$")


class _Reader(HTMLParser):
    """Collects the text nodes, the read attributes and the JSON handed to scripts, each as
    one piece; the language switch's own "中文" is its label in its own language."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self._stack: list[tuple[str, bool]] = []

    def _skipping(self) -> bool:
        return any(skip for _, skip in self._stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        # a document shown as it is written (a scheme's YAML, where ``key: value`` is syntax)
        # is data in a machine format, not the page's words
        skip = (
            tag in _SKIPPED_ELEMENTS or named.get("id") == "lang-toggle" or "data-verbatim" in named
        )
        if tag == "input" and named.get("type") == "hidden":
            return
        if not skip and not self._skipping():
            shown = set(_READ_ATTRIBUTES)
            if tag == "input" and named.get("type") in _BUTTON_INPUTS:
                shown.add("value")
            for name, value in attrs:
                if value and (name in shown or name.startswith("data-label")):
                    self.pieces.append(value)
        if tag not in {"input", "br", "img", "meta", "link", "hr", "wbr", "source", "col"}:
            self._stack.append((tag, skip))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if self._stack and self._stack[-1][0] == tag:
            self._stack.pop()

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._stack) - 1, -1, -1):
            if self._stack[index][0] == tag:
                del self._stack[index:]
                break

    def handle_data(self, data: str) -> None:
        if self._skipping() or not data.strip():
            return
        if self._stack and self._stack[-1][0] == "script":
            self.pieces.extend(_json_strings(data))
        else:
            self.pieces.append(data)


def _json_strings(raw: str) -> Iterator[str]:
    try:
        value = json.loads(raw)
    except ValueError:
        yield raw
        return
    yield from _strings_in(value)


def _strings_in(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings_in(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings_in(item)


def page_pieces(html: str) -> list[str]:
    """The pieces of text a person reads on the page, whitespace collapsed."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return [" ".join(piece.split()) for piece in reader.pieces]


def _document_strings(text: object) -> list[str]:
    """The strings (keys and values) of a YAML or JSON document; none when it does not parse."""
    try:
        loaded = yaml.safe_load(str(text))
    except yaml.YAMLError:
        return []
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                found.append(str(key))
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str):
            found.append(value)

    walk(loaded)
    return found


def data_texts() -> list[str]:
    """Every Chinese text the database holds as data: each character and text field of the
    project's models that has no choices (a field with choices stores a code whose label is
    translated), and the strings inside JSON fields. Longest first, so a name inside a longer
    text is taken out with it."""
    texts: set[str] = set()
    for model in apps.get_models():
        if not model.__module__.startswith("gongye."):
            continue
        for field in model._meta.concrete_fields:
            if (model._meta.label, field.name) in LABEL_FIELDS:
                continue
            if isinstance(field, models.CharField | models.TextField) and not field.choices:
                values: Iterable[object] = (
                    model._base_manager.exclude(**{field.attname: ""})
                    .values_list(field.attname, flat=True)
                    .distinct()
                )
            elif isinstance(field, models.JSONField):
                values = (
                    s
                    for value in model._base_manager.values_list(field.attname, flat=True)
                    for s in _strings_in(value)
                )
            else:
                continue
            if (model._meta.label, field.name) in DOCUMENT_FIELDS:
                values = [s for value in list(values) for s in (value, *_document_strings(value))]
            for value in values:
                if isinstance(value, str) and CHINESE.search(value) and not _DATE_LIKE.match(value):
                    texts.add(" ".join(value.split()))
                    texts.update(" ".join(line.split()) for line in value.splitlines())
    texts.discard("")
    return sorted(texts, key=len, reverse=True)


def _shortened(piece: str, data: list[str]) -> str:
    """Takes out the beginnings of data texts that the page shortens with "…"
    (``truncatechars``): before each "…", the longest stretch that starts a data text."""
    out, start = [], 0
    for at in (i for i, ch in enumerate(piece) if ch == "…"):
        longest = 0
        for text in data:
            for size in range(min(len(text), at - start), longest, -1):
                if piece[at - size : at] == text[:size]:
                    longest = size
                    break
        if longest >= 4:
            out.append(piece[start : at - longest] + " ")
        else:
            out.append(piece[start:at])
        start = at + 1
    out.append(piece[start:])
    return "".join(out)


def chinese_left(pieces: Iterable[str], data: list[str]) -> list[str]:
    """The runs of Chinese left in the pieces once the data texts are taken out, whole or
    shortened by the page ("…"). A character is data when it lies in an occurrence of some
    data text (so 霍山县科技经信局, a region's name and a unit's, is data though the register
    also knows 县科技经信局)."""
    left: list[str] = []
    whole = set(data)
    for piece in pieces:
        if not CHINESE.search(piece) or piece.strip() in whole:
            continue  # (a measure, 家, standing alone in its cell is the target's own)
        if "…" in piece:
            piece = _shortened(piece, data)
        covered = [False] * len(piece)
        for text in data:
            if text not in piece:
                continue
            if len(text) == 1:  # a measure (家, 项, 个) counts as data only after its number
                spans = [m.span() for m in re.finditer(rf"(?<=[0-9]) ?{re.escape(text)}", piece)]
            else:
                spans, at = [], piece.find(text)
                while at >= 0:
                    spans.append((at, at + len(text)))
                    at = piece.find(text, at + 1)
            for begin, end in spans:
                covered[begin:end] = [True] * (end - begin)
        rest = "".join(" " if hit else ch for ch, hit in zip(piece, covered, strict=True))
        left.extend(match.group() for match in CHINESE_RUN.finditer(rest))
    return left
