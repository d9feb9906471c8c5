"""Brief files are untrusted: every malformed or hostile file gets one clear line and exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from firmbrief.briefs.files import MAX_BYTES, parse_data, read_data
from firmbrief.errors import BriefUnreadable

from conftest import EXAMPLES, run

HOSTILE: list[tuple[str, bytes, str]] = [
    (
        "alias-bomb.yaml",
        b"a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n",
        "line 2: YAML aliases (*name) are not allowed in a brief; write the value out",
    ),
    (
        "unsafe-tag.yaml",
        b"title: !!python/object/apply:os.system ['touch /tmp/pwned']\n",
        "line 1: the YAML tag !!python/object/apply:os.system is not allowed: "
        "a brief holds plain text, lists and mappings",
    ),
    (
        "binary-tag.yaml",
        b"title: !!binary aGVsbG8=\n",
        "line 1: the YAML tag !!binary is not allowed: a brief holds plain text, lists and mappings",
    ),
    (
        "duplicate-key.yaml",
        b"title: One\ncurrency: EUR\ntitle: Two\n",
        'line 3: the key "title" appears twice in the same mapping',
    ),
    (
        "duplicate-key.json",
        b'{"title": "One", "title": "Two"}',
        'is not usable JSON: the key "title" appears twice in the same object',
    ),
    (
        "invalid-utf8.yaml",
        b"title: caf\xe9\n",
        "is not valid UTF-8 (byte 0xe9 at offset 10); save it as UTF-8",
    ),
    ("nul-byte.yaml", b"title: a\x00b\n", "contains a NUL byte at offset 8: not a text file"),
    (
        "deep.yaml",
        b"title: " + b"[" * 100_000 + b"]" * 100_000 + b"\n",
        "line 1: nested more than 32 levels deep; this is not a brief",
    ),
    (
        "deep.json",
        b'{"title": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        "nested more than 32 levels deep",
    ),
    (
        "lone-surrogate.json",
        b'{"client": {"name": "Tom \\ud800"}}',
        "client.name: contains a lone surrogate (\\ud800), which is not text",
    ),
    ("nan.json", b'{"total": NaN}', "is not usable JSON: NaN is not a number a brief can hold"),
    (
        "infinity.json",
        b'{"total": Infinity}',
        "is not usable JSON: Infinity is not a number a brief can hold",
    ),
    (
        "not-a-mapping.yaml",
        b"- title: x\n",
        "holds a list at the top; a brief is a mapping of fields (title: ...)",
    ),
    ("empty.yaml", b"", "is empty"),
    (
        "two-documents.yaml",
        b"title: a\n---\ntitle: b\n",
        "is not valid YAML (line 2, column 1: expected a single document in the stream, "
        "but found another document)",
    ),
    (
        "broken.yaml",
        b"title: [unclosed\n",
        "is not valid YAML (line 2, column 1: while parsing a flow sequence, "
        "did not find expected ',' or ']')",
    ),
    (
        "broken.json",
        b'{"title": }',
        "is not valid JSON (line 1, column 11: Expecting value)",
    ),
    (
        "control-character.yaml",
        b"title: bell\x07\n",
        "is not valid YAML (character #x0007 at offset 11 is not allowed in a text file)",
    ),
    (
        "list-as-key.yaml",
        b"? [a, b]\n: 1\n",
        "line 1: the key ['a', 'b'] is not text; write keys as words",
    ),
]


@pytest.mark.parametrize(("name", "content", "message"), HOSTILE, ids=[c[0] for c in HOSTILE])
def test_hostile_file_is_refused_in_one_line(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(BriefUnreadable) as refused:
        read_data(path)
    assert str(refused.value) == f"{path}: {message}"

    result = run("check", path)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr == f"error: {path}: {message}\n"
    assert "Traceback" not in result.output


def test_a_file_over_the_size_cap_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.write(b"title: ")
        handle.write(b"x" * 50_000_000)
    with pytest.raises(BriefUnreadable) as refused:
        read_data(path)
    assert str(refused.value) == f"{path}: is 50.0 MB; a brief file is at most 1.0 MB"
    assert MAX_BYTES == 1_000_000


@pytest.mark.parametrize(
    ("problem", "args", "message"),
    [
        ("missing", ("nope.yaml",), "nope.yaml: no such file"),
        ("folder", (".",), ".: is a folder, not a brief file"),
    ],
)
def test_unusable_paths(problem: str, args: tuple[str, ...], message: str) -> None:
    result = run("check", *args)
    assert result.exit_code == 2, result.output
    assert result.stderr == f"error: {message}\n"


def test_yaml_1_1_coercions_do_not_change_values() -> None:
    data = parse_data(
        b"country: NO\npostcode: 010\ntime: 1:30\nprice: 1200.10\nanswer: yes\n"
        b"off: off\nflag: true\nnothing: ~\nday: 2027-03-15\n",
        name="x.yaml",
    )
    assert data == {
        "country": "NO",
        "postcode": "010",
        "time": "1:30",
        "price": "1200.10",
        "answer": "yes",
        "off": "off",
        "flag": True,
        "nothing": None,
        "day": "2027-03-15",
    }


def test_json_amounts_are_decimals_not_floats() -> None:
    data = parse_data(json.dumps({"total": 0.1}).encode(), name="x.json", json_format=True)
    assert str(data["total"]) == "0.1"
    assert type(data["total"]).__name__ == "Decimal"


def test_a_utf8_bom_is_allowed() -> None:
    assert parse_data(b"\xef\xbb\xbftitle: x\n", name="x.yaml") == {"title": "x"}


@pytest.mark.parametrize("loader", ["libyaml", "python"])
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [case for case in HOSTILE if case[0].endswith(".yaml")],
    ids=[c[0] for c in HOSTILE if c[0].endswith(".yaml")],
)
def test_both_yaml_parsers_refuse_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, loader: str, name: str, content: bytes,
    message: str,
) -> None:  # fmt: skip
    """libyaml's parser is used when PyYAML has it; the pure-Python one refuses the same."""
    from firmbrief.briefs import files

    assert files._FAST is not None, "this PyYAML has no libyaml: the fast path goes untested"
    if loader == "python":
        monkeypatch.setattr(files, "_FAST", None)
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(BriefUnreadable) as refused:
        read_data(path)
    if loader == "libyaml" or "did not find expected" not in message:
        assert str(refused.value) == f"{path}: {message}"


def test_both_yaml_parsers_read_every_example_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    from firmbrief.briefs import files

    examples = sorted(EXAMPLES.glob("*.yaml"))
    fast = [read_data(path) for path in examples]
    monkeypatch.setattr(files, "_FAST", None)
    assert [read_data(path) for path in examples] == fast
