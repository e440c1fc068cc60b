"""A scheme document (YAML or JSON) read into plain values that remember their line, so every
error can say where it is (“第 12 行”)."""

from __future__ import annotations

import json
from typing import Any

import yaml
from django.utils.translation import gettext as _

MAX_CHARS = 200_000


class DocumentError(ValueError):
    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class Mapping(dict[str, Any]):
    """A mapping of the document, with the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class Sequence(list[Any]):
    """A list of the document, with the line of each item (1-based)."""

    line: int = 0
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


MAX_NODES = 20_000


def _check_tree(node: yaml.Node) -> None:
    """No anchors and aliases (a scheme has no use for them, and an alias repeated inside
    aliases grows a small file into billions of nodes), and not too many nodes."""
    seen: set[int] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            raise DocumentError(
                _("方案中不能使用锚点和别名（& 和 *），请把内容直接写出来"),
                current.start_mark.line + 1,
            )
        seen.add(id(current))
        if len(seen) > MAX_NODES:
            raise DocumentError(_("方案太复杂（超过 %(n)s 项）") % {"n": MAX_NODES})
        if isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                stack += [key, value]
        elif isinstance(current, yaml.SequenceNode):
            stack += current.value


def _value(node: yaml.Node, loader: yaml.SafeLoader) -> Any:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        mapping = Mapping()
        mapping.line = line
        mapping.key_lines = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str | int | float):
                raise DocumentError(_("键必须是文字"), key_node.start_mark.line + 1)
            key = str(key)
            if key in mapping:
                raise DocumentError(
                    _("“%(key)s”写了两次") % {"key": key}, key_node.start_mark.line + 1
                )
            mapping[key] = _value(value_node, loader)
            mapping.key_lines[key] = key_node.start_mark.line + 1
        return mapping
    if isinstance(node, yaml.SequenceNode):
        sequence = Sequence(_value(item, loader) for item in node.value)
        sequence.line = line
        sequence.item_lines = [item.start_mark.line + 1 for item in node.value]
        return sequence
    return loader.construct_object(node, deep=True)


def read_document(text: str) -> Mapping:
    """The document's top mapping, or DocumentError with the line of the first fault."""
    if len(text) > MAX_CHARS:
        raise DocumentError(_("方案文件太大（最多 %(n)s 个字符）") % {"n": MAX_CHARS})
    if "\x00" in text:
        raise DocumentError(_("方案文本含有不可见的控制字符（NUL），请另存为纯文本后再上传"))
    if text.lstrip().startswith(("{", "[")):
        try:
            json.loads(text)
        except json.JSONDecodeError as error:
            raise DocumentError(
                _("JSON 写法有误：%(msg)s") % {"msg": error.msg}, error.lineno
            ) from None
        text = text.replace("\t", " ")  # JSON allows tabs where YAML does not; same values
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise DocumentError(_("方案是空的"))
        _check_tree(node)
        document = _value(node, loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise DocumentError(
            _("YAML 写法有误：%(msg)s") % {"msg": error.problem or error.context or ""},
            mark.line + 1 if mark else None,
        ) from None
    except yaml.YAMLError as error:
        raise DocumentError(_("YAML 写法有误：%(msg)s") % {"msg": error}) from None
    finally:
        loader.dispose()
    if not isinstance(document, Mapping):
        raise DocumentError(_("方案的最外层要是“键: 值”的形式（name、groups、classes …）"), 1)
    return document
