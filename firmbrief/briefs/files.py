"""Reading brief files safely: every file is untrusted.

YAML is read with a loader of our own: libyaml's parser where PyYAML has it (else PyYAML's), and
PyYAML's pure-Python composer and constructor, with our limits (libyaml's own composer crashes
the process on deep nesting):

* only mappings, sequences and plain text; ``true``/``false`` and ``null``/``~`` are the only
  words with a meaning. Every other scalar stays text exactly as written, and the schema turns
  it into a number where a number is expected, so YAML 1.1 coercions cannot change a value
  (``NO`` stays ``"NO"``, ``010`` stays ``"010"``, ``1:30`` stays ``"1:30"``, an amount
  ``1200.10`` becomes ``Decimal("1200.10")`` without passing through a float);
* no aliases (so no "billion laughs"), no explicit tags (``!!python/object`` and friends), no
  duplicate keys, no keys that are not text, at most :data:`MAX_DEPTH` levels of nesting;
* one document per file, a mapping at the top.

JSON is read with the standard library, numbers with a fraction as :class:`~decimal.Decimal`,
``NaN`` and ``Infinity`` refused, duplicate keys refused.

Whatever the format: at most :data:`MAX_BYTES`, UTF-8 (a BOM is allowed), no NUL bytes, no
lone surrogates. Every refusal is a :class:`~firmbrief.errors.BriefUnreadable` with a one-line
message naming the file and, where it can, the line or the field.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import yaml
from yaml.composer import Composer
from yaml.constructor import BaseConstructor, ConstructorError
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from firmbrief.errors import BriefUnreadable

__all__ = [
    "Resolver",
    "MAX_BYTES",
    "MAX_DEPTH",
    "dotted",
    "parse_data",
    "printable",
    "read_bounded",
    "read_data",
    "strict_json",
]

MAX_BYTES: Final = 1_000_000
"""A brief is a few kilobytes; a megabyte leaves room for long texts and nothing for abuse."""

MAX_DEPTH: Final = 32
"""A brief nests five levels deep; anything past this is not a brief."""

_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


class _Refused(Exception):
    """A refusal raised inside the YAML loader, carried out to :func:`parse_data`."""

    def __init__(self, message: str, node: Node | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = node.start_mark.line + 1 if node is not None else None


class Resolver(BaseResolver):
    """YAML 1.2 core words only: booleans and null. Everything else is text."""


Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)


class _Constructor(BaseConstructor):
    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                raise _Refused(f"the key {key!r} is not text; write keys as words", key_node)
            if key in result:
                raise _Refused(f'the key "{key}" appears twice in the same mapping', key_node)
            result[key] = self.construct_object(value_node, deep=True)
        return result


def _mapping(loader: _Constructor, node: Node) -> dict[Any, Any]:
    assert isinstance(node, MappingNode)
    return loader.construct_mapping(node, deep=True)


def _sequence(loader: _Constructor, node: Node) -> list[Any]:
    assert isinstance(node, SequenceNode)
    return [loader.construct_object(child, deep=True) for child in node.value]


def _text(loader: _Constructor, node: Node) -> str:
    assert isinstance(node, ScalarNode)
    return str(node.value)


def _null(loader: _Constructor, node: Node) -> None:
    return None


def _bool(loader: _Constructor, node: Node) -> bool:
    assert isinstance(node, ScalarNode)
    return str(node.value).lower() == "true"


def _refuse_tag(loader: _Constructor, node: Node) -> Any:
    tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
    raise _Refused(
        f"the YAML tag {tag} is not allowed: a brief holds plain text, lists and mappings", node
    )


for _tag, _build in {
    "tag:yaml.org,2002:map": _mapping,
    "tag:yaml.org,2002:seq": _sequence,
    "tag:yaml.org,2002:str": _text,
    "tag:yaml.org,2002:null": _null,
    "tag:yaml.org,2002:bool": _bool,
    None: _refuse_tag,
}.items():
    _Constructor.add_constructor(_tag, _build)  # type: ignore[type-var]  # stubs expect a Loader


class _Composer(Composer):
    """PyYAML's composer, refusing aliases and counting depth before it goes deeper."""

    _depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        if self.check_event(AliasEvent):  # type: ignore[attr-defined]  # the parser's
            event = self.peek_event()  # type: ignore[attr-defined]
            raise _Refused(
                "YAML aliases (*name) are not allowed in a brief; write the value out",
                ScalarNode("", "", event.start_mark, event.end_mark),
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                event = self.peek_event()  # type: ignore[attr-defined]
                raise _Refused(
                    f"nested more than {MAX_DEPTH} levels deep; this is not a brief",
                    ScalarNode("", "", event.start_mark, event.end_mark),
                )
            node = Composer.compose_node(self, parent, index)
            assert node is not None  # only the end of the stream composes to None
            return node
        finally:
            self._depth -= 1


class _Loader(Reader, Scanner, Parser, _Composer, _Constructor, Resolver):
    """Every part in Python: the reference, and the way when libyaml is not installed."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        _Composer.__init__(self)
        _Constructor.__init__(self)
        Resolver.__init__(self)


def _fast_loader() -> type[_Loader] | None:
    """libyaml's parser (6 times faster) feeding the same composer, constructor and resolver.

    Only the events come from C: nodes are composed here, so aliases and depth are refused
    before libyaml reads any deeper (its own composer recurses without a limit)."""
    try:
        from yaml.cyaml import CParser  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - PyYAML built without libyaml
        return None

    class Fast(CParser, _Constructor, Resolver):
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _Constructor.__init__(self)
            Resolver.__init__(self)
            self.anchors: dict[Any, Node] = {}

        get_single_node = _Composer.get_single_node
        compose_document = _Composer.compose_document
        compose_node = _Composer.compose_node
        compose_scalar_node = _Composer.compose_scalar_node
        compose_sequence_node = _Composer.compose_sequence_node
        compose_mapping_node = _Composer.compose_mapping_node
        _depth = 0

    return Fast  # type: ignore[return-value]


_FAST: Final = _fast_loader()


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a brief can hold")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f'the key "{key}" appears twice in the same object')
        result[key] = value
    return result


def strict_json(text: str) -> Any:
    """JSON as firmbrief reads it from any file: numbers with a fraction as Decimal, NaN and
    Infinity refused, duplicate keys refused (``ValueError``); deep nesting raises
    ``RecursionError``."""
    return json.loads(
        text,
        parse_float=Decimal,
        parse_constant=_refuse_constant,
        object_pairs_hook=_no_duplicates,
    )


def read_bounded(path: Path, limit: int, *, kind: str) -> bytes:
    """At most ``limit + 1`` bytes of ``path``, so the caller can tell it is too large.

    Only a regular file is read: a FIFO, a device (``/dev/zero``), a socket or a folder is
    refused without waiting on it (the file is opened without blocking and judged by what was
    opened, not by its name). A name with a control character (a newline that would end up in
    output names) is refused too. ``kind`` says what was expected ("a brief file"). Every
    refusal is a :class:`~firmbrief.errors.BriefUnreadable`.
    """
    import os
    import stat

    name = printable(str(path))
    if found := _CONTROL.search(path.name):
        raise BriefUnreadable(
            f"the file name contains the control character U+{ord(found.group()):04X}: "
            "rename the file",
            file=name,
        )
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise BriefUnreadable("no such file", file=name) from None
    except IsADirectoryError:
        raise BriefUnreadable(f"is a folder, not {kind}", file=name) from None
    except OSError as error:
        raise BriefUnreadable(f"cannot be read ({error.strerror or error})", file=name) from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise BriefUnreadable(f"is a folder, not {kind}", file=name)
        if not stat.S_ISREG(mode):
            raise BriefUnreadable(f"is {_file_type(mode)}, not {kind}", file=name)
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as stream:
            return stream.read(limit + 1)
    except OSError as error:
        raise BriefUnreadable(f"cannot be read ({error.strerror or error})", file=name) from None
    finally:
        os.close(fd)


def _file_type(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    import stat

    if stat.S_ISFIFO(mode):
        return "a FIFO (a named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def printable(text: str) -> str:
    """``text`` with its control characters written as escapes (``\\n``), for a message
    that must stay one line."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def read_data(path: Path, *, max_bytes: int = MAX_BYTES) -> dict[str, Any]:
    """The mapping in a YAML or JSON file, read safely (see the module's docstring)."""
    name = printable(str(path))
    raw = read_bounded(path, max_bytes, kind="a brief file")
    if len(raw) > max_bytes:
        size = max(path.stat().st_size, len(raw))
        raise BriefUnreadable(
            f"is {_size(size)}; a brief file is at most {_size(max_bytes)}", file=name
        )
    suffix = path.suffix.lower()
    return parse_data(raw, name=name, json_format=suffix == ".json")


def parse_data(raw: bytes, *, name: str, json_format: bool | None = None) -> dict[str, Any]:
    """The mapping in ``raw`` (YAML, or JSON when ``json_format``; ``None``: guess)."""
    if (nul := raw.find(b"\x00")) >= 0:
        raise BriefUnreadable(f"contains a NUL byte at offset {nul}: not a text file", file=name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bad = raw[error.start : error.start + 1].hex()
        raise BriefUnreadable(
            f"is not valid UTF-8 (byte 0x{bad} at offset {error.start}); save it as UTF-8",
            file=name,
        ) from None
    if json_format is None:
        json_format = text.lstrip().startswith("{")
    data = _parse_json(text, name) if json_format else _parse_yaml(text, name)
    if data is None:
        raise BriefUnreadable("is empty", file=name)
    if not isinstance(data, dict):
        raise BriefUnreadable(
            f"holds a {_kind(data)} at the top; a brief is a mapping of fields (title: ...)",
            file=name,
        )
    for loc, value in _walk(data, ()):
        if len(loc) > MAX_DEPTH:
            raise BriefUnreadable(f"nested more than {MAX_DEPTH} levels deep", file=name)
        if isinstance(value, str) and (found := _SURROGATE.search(value)):
            raise BriefUnreadable(
                f"contains a lone surrogate (\\u{ord(found.group()):04x}), which is not text",
                file=name,
                field=dotted(loc) or None,
            )
    return data


def dotted(loc: tuple[str | int, ...] | list[str | int]) -> str:
    """``("iterations", 0, "start")`` as ``iterations[0].start``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _parse_json(text: str, name: str) -> Any:
    try:
        return strict_json(text)
    except json.JSONDecodeError as error:
        raise BriefUnreadable(
            f"is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})",
            file=name,
        ) from None
    except RecursionError:
        raise BriefUnreadable(f"nested more than {MAX_DEPTH} levels deep", file=name) from None
    except ValueError as error:
        raise BriefUnreadable(f"is not usable JSON: {error}", file=name) from None


def _parse_yaml(text: str, name: str) -> Any:
    loader: _Loader | None = None
    try:
        loader = (_FAST or _Loader)(text)
        return loader.get_single_data()
    except _Refused as error:
        where = f"line {error.line}: " if error.line else ""
        raise BriefUnreadable(where + error.message, file=name) from None
    except ConstructorError as error:
        raise BriefUnreadable(f"is not usable YAML: {error.problem}", file=name) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if "nesting depth" in str(error.problem):  # libyaml's own limit, met before ours
            where = f"line {mark.line + 1}: " if mark else ""
            message = f"nested more than {MAX_DEPTH} levels deep; this is not a brief"
            raise BriefUnreadable(where + message, file=name) from None
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = ", ".join(p for p in (error.context, error.problem) if p) or "unreadable"
        raise BriefUnreadable(f"is not valid YAML ({where}{problem})", file=name) from None
    except yaml.reader.ReaderError as error:
        raise BriefUnreadable(
            f"is not valid YAML (character #x{error.character:04x} at offset {error.position} "
            "is not allowed in a text file)",
            file=name,
        ) from None
    except yaml.YAMLError as error:
        raise BriefUnreadable(f"is not valid YAML ({_one_line(str(error))})", file=name) from None
    except RecursionError:
        raise BriefUnreadable(f"nested more than {MAX_DEPTH} levels deep", file=name) from None
    finally:
        if loader is not None:
            loader.dispose()


def _walk(value: Any, loc: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    stack: list[tuple[tuple[str | int, ...], Any]] = [(loc, value)]
    while stack:
        here, item = stack.pop()
        yield here, item
        if isinstance(item, dict):
            for key, child in item.items():
                if isinstance(key, str) and _SURROGATE.search(key):
                    yield here, key
                stack.append(((*here, str(key)), child))
        elif isinstance(item, list):
            stack.extend(((*here, i), child) for i, child in enumerate(item))


def _kind(value: Any) -> str:
    return {list: "list", str: "text", bool: "boolean"}.get(type(value), type(value).__name__)


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 1_000_000 else f"{n / 1000:.0f} kB"


def _one_line(text: str) -> str:
    return " ".join(text.split())
