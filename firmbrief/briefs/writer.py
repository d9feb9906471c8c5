"""Briefs written back to disk: YAML that :func:`~firmbrief.briefs.files.read_data` reads back to
the same values (block style, no anchors, keys in the schema's order, text quoted only where YAML
would read it otherwise), or JSON; comment lines at the top of a file are kept."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel
from yaml.emitter import Emitter
from yaml.representer import SafeRepresenter
from yaml.serializer import Serializer

from firmbrief.atomic import write_text_atomic
from firmbrief.briefs import files
from firmbrief.briefs.fields import model_in
from firmbrief.briefs.schema import Brief

__all__ = ["brief_yaml", "leading_comments", "write_brief"]


class _Dumper(Emitter, Serializer, SafeRepresenter, files.Resolver):
    """YAML that :func:`read_data` reads back to the same values.

    The resolver is the reader's: only true/false/null words have a meaning, so text is quoted
    exactly when the reader would take it for one of those (or when YAML's syntax needs it), and
    numbers and dates stay plain, as people write them.
    """

    def __init__(self, stream: Any, **kwargs: Any) -> None:
        Emitter.__init__(
            self,
            stream,
            canonical=False,
            indent=2,
            width=96,
            allow_unicode=True,
            line_break="\n",
        )
        Serializer.__init__(self, encoding=None, explicit_start=False, explicit_end=False)
        SafeRepresenter.__init__(
            self, default_style=None, default_flow_style=False, sort_keys=False
        )
        files.Resolver.__init__(self)

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_str(dumper: _Dumper, value: str) -> yaml.Node:
    style = None
    if any(not char.isprintable() and char != "\n" for char in value):
        style = '"'  # escaped: YAML would read a raw U+2028, NEL or BOM as something else
    elif "\n" in value and all(line == line.rstrip() for line in value.split("\n")):
        style = "|"  # a literal block keeps the lines exactly
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_number(dumper: _Dumper, value: Decimal | int) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value))


def _represent_list(dumper: _Dumper, value: list[Any]) -> yaml.Node:
    short = (
        all(isinstance(item, str) and len(item) <= 30 and "\n" not in item for item in value)
        and sum(len(item) + 2 for item in value) <= 60
    )
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=bool(short))


def _represent_dict(dumper: _Dumper, value: dict[str, Any]) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", value.items(), flow_style=False)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(Decimal, _represent_number)
_Dumper.add_representer(int, _represent_number)
_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(dict, _represent_dict)
_Dumper.add_representer(date, lambda dumper, value: _represent_str(dumper, value.isoformat()))


def brief_yaml(data: dict[str, Any], comments: list[str] | tuple[str, ...] = ()) -> str:
    """``data`` as YAML, keys in the schema's order, after ``comments`` (one per line)."""
    body = yaml.dump(_ordered(data, Brief), Dumper=_Dumper, sort_keys=False)
    head = "".join(f"# {line}\n" if not line.startswith("#") else f"{line}\n" for line in comments)
    return head + (body if data else "{}\n")


def _ordered(value: Any, model: type[BaseModel] | None) -> Any:
    """Mappings with their keys in the model's field order (unknown keys last, as found)."""
    if isinstance(value, list):
        return [_ordered(item, model) for item in value]
    if not isinstance(value, dict):
        return value
    order: dict[str, int] = {}
    infos: dict[str, Any] = {}
    if model is not None:
        for index, (name, info) in enumerate(model.model_fields.items()):
            order[info.alias or name] = index
            infos[info.alias or name] = info
    keys = sorted(value, key=lambda key: order.get(key, len(order)))
    result = {}
    for key in keys:
        found = infos.get(key)
        result[key] = _ordered(value[key], model_in(found.annotation) if found else None)
    return result


def write_brief(
    path: Path, data: dict[str, Any], comments: list[str] | tuple[str, ...] = ()
) -> None:
    """Write a brief in one step: JSON when ``path`` ends in ``.json``, YAML otherwise."""
    if path.suffix.lower() == ".json":
        text = json.dumps(_ordered(data, Brief), indent=2, ensure_ascii=False, default=str)
        write_text_atomic(path, text + "\n")
    else:
        write_text_atomic(path, brief_yaml(data, comments))


def leading_comments(path: Path) -> list[str]:
    """The comment lines at the top of a YAML file (a schema modeline, a note), to keep."""
    if path.suffix.lower() == ".json":
        return []
    try:
        with path.open("r", encoding="utf-8-sig") as stream:
            head = stream.read(4096)
    except (OSError, UnicodeDecodeError):
        return []
    lines = []
    for line in head.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return lines
