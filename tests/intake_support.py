"""What the intake tests share: the client's values of an example, an FDF to fill a PDF with pdftk,
and the comparison of two briefs on the client's fields."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from firmbrief.briefs.canonical import canonical_data
from firmbrief.briefs.fields import Loc
from firmbrief.briefs.loading import load_brief_file
from firmbrief.briefs.schema import Brief
from firmbrief.intake.form_view import questionnaire_view
from firmbrief.intake.questions import questions

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
NAMES = ["logo", "website", "translation"]


def example(name: str) -> Brief:
    brief = load_brief_file(EXAMPLES / f"{name}.yaml").brief
    assert brief is not None
    return brief


def client_fields(brief: Brief) -> dict[str, str | bool]:
    """The client's answers in ``brief`` as the questionnaire's fields: name -> text (or a
    checkbox's state), as a client would type them."""
    fields: dict[str, str | bool] = {}
    for view in questionnaire_view(brief).fields():
        if view.value:
            fields[view.name] = view.value
        if view.none_name and view.none_checked:
            fields[view.none_name] = True
    return fields


def _at(data: Any, loc: Loc) -> Any:
    for part in loc:
        if isinstance(part, int):
            data = data[part] if isinstance(data, list) and part < len(data) else None
        else:
            data = data.get(part) if isinstance(data, dict) else None
    return data


def client_paths(brief: Brief) -> list[Loc]:
    """Every client question's path in ``brief`` (blocks expanded to the brief's items)."""
    data = brief.model_dump(by_alias=True)
    paths: list[Loc] = []
    for template, question in questions("client"):
        if question.asked_of != "client":
            continue
        prefixes: list[Loc] = [()]
        for part in template:
            if part == -1:
                prefixes = [(*p, i) for p in prefixes for i in range(len(_at(data, p) or []))]
            else:
                prefixes = [(*p, part) for p in prefixes]
        paths.extend(prefixes)
    return paths


def on_client_fields(brief: Brief, paths: list[Loc]) -> dict[Loc, Any]:
    """The canonical value (dates in ISO, money as text) of ``brief`` at each path."""
    data = canonical_data(brief)
    return {loc: _at(data, loc) for loc in paths}


def assert_same_client_fields(got: Brief, expected: Brief) -> None:
    paths = client_paths(expected)
    assert len(paths) > 30
    assert on_client_fields(got, paths) == on_client_fields(expected, paths)
    for block in ("deliverables", "materials", "iterations"):
        assert len(getattr(got, block)) == len(getattr(expected, block)), block


def _pdf_string(text: str) -> bytes:
    raw = "\ufeff".encode("utf-16-be") + text.encode("utf-16-be")
    escaped = raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"(" + escaped.replace(b"\r", b"\\r") + b")"


def fdf(fields: dict[str, str | bool]) -> bytes:
    """An FDF file that sets form fields (text as UTF-16, checkboxes as /on or /Off)."""
    body = b""
    for name, value in fields.items():
        if isinstance(value, bool):
            body += (
                b"<< /T " + _pdf_string(name) + (b" /V /on" if value else b" /V /Off") + b" >>\n"
            )
        else:
            body += b"<< /T " + _pdf_string(name) + b" /V " + _pdf_string(value) + b" >>\n"
    return (
        b"%FDF-1.2\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /FDF << /Fields [\n"
        + body
        + b"] >> >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )


def pdftk() -> str:
    found = shutil.which("pdftk")
    if found is None:
        pytest.fail("pdftk is needed (Debian pdftk-java): run scripts/install-system-deps")
    return found


def fill_with_pdftk(form: Path, fields: dict[str, str | bool], out: Path) -> None:
    data = out.with_suffix(".fdf")
    data.write_bytes(fdf(fields))
    done = subprocess.run(
        [pdftk(), str(form), "fill_form", str(data), "output", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def pdftk_fields(pdf: Path) -> dict[str, dict[str, str]]:
    """``pdftk dump_data_fields_utf8``: each field's properties, by name."""
    done = subprocess.run(
        [pdftk(), str(pdf), "dump_data_fields_utf8"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    fields: dict[str, dict[str, str]] = {}
    for block in done.stdout.split("---\n"):
        entry: dict[str, str] = {}
        key = ""
        for line in block.splitlines():
            if ": " in line and line.split(": ", 1)[0].startswith("Field"):
                key, value = line.split(": ", 1)
                entry[key] = entry[key] + "|" + value if key in entry else value
            elif key:
                entry[key] += "\n" + line  # a value on several lines
        if "FieldName" in entry:
            fields[entry["FieldName"]] = entry
    return fields


# --- answering the interview as the examples would -----------------------------------------

_PATH = re.compile(r"\(([A-Za-z0-9_.\[\]]+)\)\r?\n")
_ITEM = re.compile(r"(\d+)> $")
_ANOTHER = re.compile(r"Add (?:a|another) (\w+)\? \[[Yy]/[Nn]\] $")
BLOCKS = {"deliverable": "deliverables", "material": "materials", "stage": "iterations"}


def loc_of(path: str) -> Loc:
    """``deliverables[0].volume`` as ``("deliverables", 0, "volume")``."""
    loc: list[str | int] = []
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", path):
        loc.append(int(part[1:-1]) if part.startswith("[") else part)
    return tuple(loc)


class Responder:
    """Answers the interview's prompts with the values of a brief's data, as a person would:
    the path in each question's heading says which value; lists one item per prompt; blocks
    get as many items as the data has (counted in the brief file written so far)."""

    def __init__(self, data: dict[str, Any], written: Path) -> None:
        self.data = data
        self.written = written
        self.path: Loc = ()
        self.prompts = 0

    def heard(self, text: str) -> None:
        found = _PATH.findall(text if text.endswith("\n") else text + "\n")
        if found:
            self.path = loc_of(found[-1])

    def answer(self, prompt: str) -> str:
        self.prompts += 1
        another = _ANOTHER.search(prompt)
        if another:
            block = BLOCKS[another.group(1).lower()]
            from firmbrief.briefs.files import read_data

            have = read_data(self.written).get(block) if self.written.exists() else None
            count = len(have) if isinstance(have, list) else 0
            return "y" if count < len(self.data.get(block) or []) else "n"
        value = _at(self.data, self.path)
        item = _ITEM.search(prompt)
        if item:
            index = int(item.group(1)) - 1
            if isinstance(value, str):  # "none"
                return value if index == 0 else ""
            return str(value[index]) if isinstance(value, list) and index < len(value) else ""
        if value is None or isinstance(value, dict | list):
            return ""
        return (
            " ".join(str(value).split())
            if "\n" not in str(value).strip()
            else "; ".join(line.strip() for line in str(value).strip().splitlines())
        )
