"""Bad input never hurts: every way data enters firmbrief, fed hostile data.

Each case runs the real command line in a separate process (tests/hostile_harness.py) that
records every file Python opens and every network call it tries, under a memory limit and a
time limit. Every case asserts the exact outcome: the exit code; for a refusal, one line on
stderr naming the file (and the field where there is one); no traceback; no output written, or
the old one left intact; the canary file outside the allowed folders never opened; the canary
HTTP server on 127.0.0.1 never asked for anything.

The last cases break each kind of output file in the middle of its writing (the disk fails, or
Ctrl-C arrives) and check that the old file is intact and no temporary file is left.
"""

from __future__ import annotations

import http.server
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

from firmbrief.briefs.files import read_data
from firmbrief.briefs.loading import parse_brief
from firmbrief.briefs.readiness import assess

from conftest import EXAMPLES, FIRMBRIEF, TODAY, run

HARNESS = Path(__file__).with_name("hostile_harness.py")
MEMORY_MB = 3000
"""Address-space limit for one command: generous, it only catches a blow-up."""


# --- the canaries -------------------------------------------------------------------------------


class _Canary(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:
        type(self).requests.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"canary")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def canary_port() -> Iterator[int]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Canary)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


@dataclass
class Env:
    """A case's folders: ``work`` (where it runs) and ``outside`` (the canary's folder)."""

    work: Path
    canary: Path
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/canary"

    def brief(self, data: dict[str, Any], name: str = "brief.yaml") -> Path:
        path = self.work / name
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        return path

    def raw(self, content: bytes, name: str) -> Path:
        path = self.work / name
        path.write_bytes(content)
        return path


@dataclass
class Expect:
    """What a case must end with."""

    argv: list[str]
    exit: int
    stderr: str | None = None  # a regular expression the one line on stderr must match
    stdout: str | None = None  # a regular expression stdout must contain
    unchanged: list[Path] = field(default_factory=list)
    absent: list[Path] = field(default_factory=list)
    seconds: float = 90
    then: Callable[[], None] | None = None  # further checks on the output


def _logo() -> dict[str, Any]:
    return read_data(EXAMPLES / "logo.yaml")


def _set(data: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
    node: Any = data
    for part in parents:
        node = node[part]
    node[last] = value
    return data


def _in_every_text_field(data: dict[str, Any], payloads: list[str]) -> dict[str, Any]:
    """``data`` with a payload in every free-text field (found by shape: every text value
    that can take the payload and leave the brief as ready as it was)."""
    count = 0

    def problems() -> set[tuple[str, str]]:
        report = assess(parse_brief(data), file="x", today=TODAY)
        return {(f.field, f.code) for f in report.errors}

    baseline = problems()

    def visit(node: Any, loc: tuple[str | int, ...]) -> None:
        nonlocal count
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in list(items):
            if isinstance(value, dict | list):
                visit(value, (*loc, key))
            elif isinstance(value, str):
                node[key] = payloads[count % len(payloads)]
                if problems() - baseline:
                    node[key] = value  # not a free-text field (a date, an id, an amount...)
                else:
                    count += 1

    visit(data, ())
    assert count >= 25, count
    return data


def _pdf_text(path: Path) -> str:
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return re.sub(r"\s+", " ", done.stdout.replace("\u200b", ""))


# --- brief files --------------------------------------------------------------------------------


def alias_bomb(env: Env) -> Expect:
    bomb = b'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        bomb += f"{level}: &{level} [{', '.join(['*' + previous] * 9)}]\n".encode()
    path = env.raw(bomb, "bomb.yaml")
    return Expect(["check", str(path)], 2, rf"error: {re.escape(str(path))}: line 2: YAML aliases")


def unsafe_tag(env: Env) -> Expect:
    path = env.raw(b"title: !!python/object/apply:os.system ['touch pwned']\n", "tag.yaml")
    return Expect(
        ["check", str(path)],
        2,
        rf"error: {re.escape(str(path))}: line 1: the YAML tag !!python/object/apply:os.system is not allowed",
        absent=[env.work / "pwned"],
    )


def duplicate_keys(env: Env) -> Expect:
    path = env.raw(b"title: A\nclient:\n  name: B\n  name: C\n", "dup.yaml")
    return Expect(["check", str(path)], 2, r'line 4: the key "name" appears twice')


def yaml_11_coercions(env: Env) -> Expect:
    data = _set(_logo(), "client.country", "NO")
    data["client"]["tax_id"] = "010"
    text = yaml.safe_dump(data, sort_keys=False).replace("'NO'", "NO").replace("'010'", "010")
    path = env.raw(text.encode(), "coerce.yaml")
    out = env.work / "out"

    def values_kept() -> None:
        attached = json.loads(PdfReader(out / "coerce-brief.pdf").attachments["brief.json"][0])
        assert attached["client"]["country"] == "NO"
        assert attached["client"]["tax_id"] == "010"

    return Expect(
        ["render", str(path), "-o", str(out), "--what", "brief", "--today", TODAY.isoformat()],
        0,
        then=values_kept,
    )


def invalid_utf8(env: Env) -> Expect:
    path = env.raw(b"title: Caf\xe9\n", "latin1.yaml")
    return Expect(["check", str(path)], 2, r"is not valid UTF-8 \(byte 0xe9 at offset 10\)")


def nul_bytes(env: Env) -> Expect:
    path = env.raw(b"title: A\x00B\n", "nul.yaml")
    return Expect(["check", str(path)], 2, r"contains a NUL byte at offset 8")


def lone_surrogate(env: Env) -> Expect:
    path = env.raw(b'{"client": {"name": "Tom \\udc00"}}', "surrogate.json")
    return Expect(["check", str(path)], 2, r": client\.name: contains a lone surrogate")


def deep_yaml(env: Env) -> Expect:
    path = env.raw(b"title: " + b"[" * 100_000 + b"]" * 100_000, "deep.yaml")
    return Expect(["check", str(path)], 2, r"nested more than 32 levels deep", seconds=30)


def deep_json(env: Env) -> Expect:
    path = env.raw(b'{"goals": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "deep.json")
    return Expect(["check", str(path)], 2, r"nested more than 32 levels deep", seconds=30)


def fifty_megabytes(env: Env) -> Expect:
    path = env.work / "huge.yaml"
    with path.open("wb") as handle:
        handle.write(b"summary: ")
        for _ in range(50):
            handle.write(b"x" * 1_000_000)
    return Expect(
        ["check", str(path)], 2, r"is 50\.0 MB; a brief file is at most 1\.0 MB", seconds=20
    )


def word_of_100000(env: Env) -> Expect:
    path = env.brief(_set(_logo(), "title", "x" * 100_000))
    return Expect(
        ["check", str(path), "--today", TODAY.isoformat()],
        1,
        stdout=r"title +is 100000 characters long; at most 200 are allowed",
    )


def long_allowed_word(env: Env) -> Expect:
    word = "Donaudampfschifffahrtsgesellschaft" * 140  # 4,760 characters, under the cap of 5,000
    path = env.brief(_set(_set(_logo(), "summary", word), "deliverables.0.description", word))
    out = env.work / "out"

    def the_word_is_all_there() -> None:
        # Whole, though wrapped over lines and pages (a page's header may stand in between).
        text = _pdf_text(out / "brief-brief.pdf").replace(" ", "")
        assert text.count("Donaudampfschifffahrtsgesellschaft") >= 2 * 140 - 8

    return Expect(
        ["render", str(path), "-o", str(out), "--what", "brief", "--today", TODAY.isoformat()],
        0,
        seconds=60,
        then=the_word_is_all_there,
    )


def nan_amount(env: Env) -> Expect:
    path = env.raw(yaml.safe_dump(_set(_logo(), "total", "NaN")).encode(), "nan.yaml")
    return Expect(["check", str(path)], 1, stdout=r"total +\"NaN\" is not a usable amount")


def infinite_amount(env: Env) -> Expect:
    data = json.dumps(_logo()).replace('"total": "4200.00"', '"total": Infinity')
    path = env.raw(data.encode(), "infinite.json")
    return Expect(["check", str(path)], 2, r"Infinity is not a number a brief can hold")


def negative_amount(env: Env) -> Expect:
    path = env.brief(_set(_logo(), "iterations.0.price", "-1800.00"))
    return Expect(
        ["check", str(path)], 1, stdout=r"iterations\[0\]\.price +\"-1800\.00\" is too small"
    )


def zero_amount(env: Env) -> Expect:
    data = _set(_set(_logo(), "iterations.0.price", "0"), "total", "2400.00")
    path = env.brief(data)
    return Expect(
        ["check", str(path), "--today", TODAY.isoformat()],
        1,
        stdout=r"iterations\[0\]\.price +no price: every iteration is paid",
    )


def control_character_in_a_name(env: Env) -> Expect:
    path = env.raw(
        yaml.safe_dump(_set(_logo(), "client.name", "Tom\x07 Becker")).encode(), "bell.yaml"
    )
    return Expect(
        ["check", str(path)],
        1,
        stdout=r"client\.name +the control character U\+0007 is not allowed in a one-line field",
    )


def newline_in_a_one_line_field(env: Env) -> Expect:
    path = env.brief(_set(_logo(), "freelancer.name", "Mara\nJensen"))
    return Expect(
        ["check", str(path)], 1, stdout=r"freelancer\.name +the control character U\+000A"
    )


def right_to_left_override(env: Env) -> Expect:
    data = _set(_logo(), "client.company", "Kettle \u202eDCBA")
    path = env.brief(data)
    out = env.work / "out"

    def isolated() -> None:
        text = _pdf_text(out / "brief-brief.pdf")
        # the override reverses its own text at most, never what follows it on the line
        assert "Tom Becker" in text and "Bergstr. 4" in text

    return Expect(
        ["render", str(path), "-o", str(out), "--what", "brief", "--today", TODAY.isoformat()],
        0,
        then=isolated,
    )


def markup_and_links_in_every_text_field(env: Env) -> Expect:
    payloads = [
        f'<script>alert(1)</script><img src="{env.url}/img">',
        f'</style><style>@import url("{env.url}/css");</style>',
        f'<link rel="stylesheet" href="file://{env.canary}">',
        f"file://{env.canary}",
        f'<a href="{env.url}/a">click</a><iframe src="{env.url}/frame">',
        f'<div style="background:url({env.url}/bg)">x</div>',
    ]
    path = env.brief(_in_every_text_field(_logo(), payloads))
    out = env.work / "out"

    def literal() -> None:
        texts = [_pdf_text(out / f"brief-{kind}.pdf") for kind in ("brief", "terms")]
        assert all("<script>alert(1)</script>" in text for text in texts)
        assert any('<link rel="stylesheet" href="file://' in text for text in texts)
        for kind in ("brief", "terms"):  # and no payload survived as markup anywhere
            page = (out / f"brief-{kind}.html").read_text("utf-8")
            for markup in (
                "<script",
                "<iframe",
                '<img src="http',
                '<a href="http',
                "</style><style>",
            ):
                assert markup not in page, markup
            assert f'href="file://{env.canary}' not in page
            assert f"url({env.url}" not in page

    return Expect(
        ["render", str(path), "-o", str(out), "--html", "--today", TODAY.isoformat()],
        0,
        then=literal,
    )


def jinja_in_every_text_field(env: Env) -> Expect:
    payloads = ["{{ 7*7 }}", "{% for x in range(3) %}loop{% endfor %}", "{{ self.__init__ }}"]
    path = env.brief(_in_every_text_field(_logo(), payloads))
    out = env.work / "out"

    def literal() -> None:
        text = _pdf_text(out / "brief-terms.pdf")
        assert "{{ 7*7 }}" in text and "{% for x in range(3) %}loop{% endfor %}" in text
        assert "looploop" not in text

    return Expect(
        ["render", str(path), "-o", str(out), "--today", TODAY.isoformat()], 0, then=literal
    )


# --- logos and templates ------------------------------------------------------------------------


def logo_not_an_image(env: Env) -> Expect:
    (env.work / "logo.png").write_text("a text file, not an image", "utf-8")
    path = env.brief(_set(_logo(), "branding", {"logo": "logo.png"}))
    return Expect(
        ["render", str(path), "-o", str(env.work / "out"), "--today", TODAY.isoformat()],
        2,
        r"branding\.logo",
        absent=[env.work / "out"],
    )


def logo_outside_its_folder(env: Env) -> Expect:
    relative = os.path.relpath(env.canary, env.work)
    path = env.brief(_set(_logo(), "branding", {"logo": relative}))
    return Expect(
        ["render", str(path), "-o", str(env.work / "out"), "--today", TODAY.isoformat()],
        2,
        r"branding\.logo",
        absent=[env.work / "out"],
    )


def logo_symlink_outside(env: Env) -> Expect:
    (env.work / "logo.png").symlink_to(env.canary)
    path = env.brief(_set(_logo(), "branding", {"logo": "logo.png"}))
    return Expect(
        ["render", str(path), "-o", str(env.work / "out"), "--today", TODAY.isoformat()],
        2,
        r"branding\.logo",
        absent=[env.work / "out"],
    )


def template_escaping_the_sandbox(env: Env) -> Expect:
    templates = env.work / "templates"
    templates.mkdir()
    (templates / "brief.html").write_text("{{ ''.__class__.__mro__[1].__subclasses__() }}", "utf-8")
    path = env.brief(_logo())
    return Expect(
        ["render", str(path), "--templates", str(templates), "-o", str(env.work / "out")],
        2,
        r"error: .*brief\.html",
        absent=[env.work / "out"],
    )


def template_fetching_the_world(env: Env) -> Expect:
    templates = env.work / "templates"
    templates.mkdir()
    (templates / "documents.css").write_text(
        f'@import url("{env.url}/x.css"); body {{ background: url("file://{env.canary}"); }}',
        "utf-8",
    )
    path = env.brief(_logo())
    out = env.work / "out"
    return Expect(
        [
            "render",
            str(path),
            "--templates",
            str(templates),
            "-o",
            str(out),
            "--what",
            "brief",
            "--today",
            TODAY.isoformat(),
        ],
        0,
        then=lambda: None if (out / "brief-brief.pdf").exists() else pytest.fail("no PDF"),
    )


# --- answers coming back from the client --------------------------------------------------------


def truncated_pdf(env: Env) -> Expect:
    path = env.raw(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /AcroForm 2 0 R", "answers.pdf")
    return Expect(
        ["intake", "import", str(path), "-o", str(env.work / "new.yaml")],
        2,
        rf"error: {re.escape(str(path))}: ",
        absent=[env.work / "new.yaml"],
    )


def _form(build: Callable[[PdfWriter, DictionaryObject], None]) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    text_field = DictionaryObject(
        {NameObject("/FT"): NameObject("/Tx"), NameObject("/T"): TextStringObject("title")}
    )
    build(writer, text_field)
    reference = writer._add_object(text_field)
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject([reference])}
    )
    from io import BytesIO

    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_with_a_reference_cycle(env: Env) -> Expect:
    def cycle(writer: PdfWriter, text_field: DictionaryObject) -> None:
        reference = writer._add_object(text_field)
        text_field[NameObject("/Parent")] = reference
        text_field[NameObject("/Kids")] = ArrayObject([reference])

    path = env.raw(_form(cycle), "cycle.pdf")
    return Expect(
        ["intake", "import", str(path), "-o", str(env.work / "new.yaml")],
        2,
        rf"error: {re.escape(str(path))}",
        absent=[env.work / "new.yaml"],
        seconds=30,
    )


def pdf_with_a_wrong_field_type(env: Env) -> Expect:
    def number(writer: PdfWriter, text_field: DictionaryObject) -> None:
        text_field[NameObject("/V")] = DictionaryObject({NameObject("/X"): NumberObject(42)})

    path = env.raw(_form(number), "wrong.pdf")
    return Expect(
        ["intake", "import", str(path), "-o", str(env.work / "new.yaml")],
        2,
        rf"error: {re.escape(str(path))}: title: ",
        absent=[env.work / "new.yaml"],
    )


def page_answers_with_hostile_values(env: Env) -> Expect:
    answers = {
        "format": "firmbrief-answers",
        "version": 1,
        "fields": {"title": {"$gt": ""}, "client.name": "Tom"},
    }
    path = env.raw(json.dumps(answers).encode(), "answers.json")
    return Expect(
        ["intake", "import", str(path), "-o", str(env.work / "new.yaml")],
        2,
        rf"error: {re.escape(str(path))}: title: the answer is not text",
        absent=[env.work / "new.yaml"],
    )


def answers_yaml_alias_bomb(env: Env) -> Expect:
    path = env.raw(b"title: &t x\nsummary: *t\n", "answers.yaml")
    into = env.brief(_logo())
    return Expect(
        ["intake", "import", str(path), "--into", str(into)],
        2,
        r"YAML aliases",
        unchanged=[into],
    )


def answers_with_a_lone_surrogate(env: Env) -> Expect:
    path = env.raw(b'{"client": {"name": "\\ud800"}}', "answers.json")
    return Expect(
        ["intake", "import", str(path), "-o", str(env.work / "new.yaml")],
        2,
        r"client\.name: contains a lone surrogate",
        absent=[env.work / "new.yaml"],
    )


def answers_pdf_over_the_cap(env: Env) -> Expect:
    path = env.work / "big.pdf"
    with path.open("wb") as handle:
        handle.write(b"%PDF-1.7\n")
        handle.write(b"0" * 21_000_000)
    return Expect(
        ["intake", "import", str(path), "-o", str(env.work / "new.yaml")],
        2,
        r"is over 20 MB",
        absent=[env.work / "new.yaml"],
        seconds=30,
    )


# --- the project record -------------------------------------------------------------------------


def _signed(env: Env) -> tuple[Path, Path]:
    brief = env.brief(_logo(), "logo.yaml")
    assert run("record", brief, "signed", "--date", "2026-12-01").exit_code == 0
    assert (
        run("record", brief, "payment", "--amount", "1071.00", "--date", "2027-01-05").exit_code
        == 0
    )
    return brief, env.work / "logo.yaml.log.jsonl"


def log_truncated(env: Env) -> Expect:
    brief, log = _signed(env)
    log.write_bytes(log.read_bytes()[:-25])
    return Expect(["status", str(brief)], 2, r"logo\.yaml\.log\.jsonl: line 2: ", unchanged=[log])


def log_edited_amount(env: Env) -> Expect:
    brief, log = _signed(env)
    log.write_bytes(log.read_bytes().replace(b'"1071.00"', b'"9071.00"'))
    return Expect(
        ["gate", "start", str(brief), "1"],
        2,
        r"logo\.yaml\.log\.jsonl: line 2: edited after it was written",
        unchanged=[log],
    )


def log_not_json(env: Env) -> Expect:
    brief, log = _signed(env)
    log.write_bytes(log.read_bytes() + b"<html>not an event</html>\n")
    return Expect(["status", str(brief)], 2, r"logo\.yaml\.log\.jsonl: line 3: ", unchanged=[log])


def log_with_nul_bytes(env: Env) -> Expect:
    brief, log = _signed(env)
    log.write_bytes(log.read_bytes().replace(b"payment", b"pay\x00ent"))
    return Expect(["check", str(brief)], 2, r"logo\.yaml\.log\.jsonl: ", unchanged=[log])


CASES: list[Callable[[Env], Expect]] = [
    alias_bomb,
    unsafe_tag,
    duplicate_keys,
    yaml_11_coercions,
    invalid_utf8,
    nul_bytes,
    lone_surrogate,
    deep_yaml,
    deep_json,
    fifty_megabytes,
    word_of_100000,
    long_allowed_word,
    nan_amount,
    infinite_amount,
    negative_amount,
    zero_amount,
    control_character_in_a_name,
    newline_in_a_one_line_field,
    right_to_left_override,
    markup_and_links_in_every_text_field,
    jinja_in_every_text_field,
    logo_not_an_image,
    logo_outside_its_folder,
    logo_symlink_outside,
    template_escaping_the_sandbox,
    template_fetching_the_world,
    truncated_pdf,
    pdf_with_a_reference_cycle,
    pdf_with_a_wrong_field_type,
    page_answers_with_hostile_values,
    answers_yaml_alias_bomb,
    answers_with_a_lone_surrogate,
    answers_pdf_over_the_cap,
    log_truncated,
    log_edited_amount,
    log_not_json,
    log_with_nul_bytes,
]


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=[c.__name__ for c in CASES])
def test_hostile_input(case: Callable[[Env], Expect], tmp_path: Path, canary_port: int) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    canary = outside / "canary.png"
    canary.write_bytes(b"\x89PNG\r\n\x1a\n" + b"canary" * 10)
    work = tmp_path / "work"
    work.mkdir()
    env = Env(work=work, canary=canary, port=canary_port)
    expect = case(env)
    before = {path: path.read_bytes() for path in expect.unchanged}
    _Canary.requests.clear()

    report = tmp_path / "report.json"
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, str(HARNESS), str(report), str(MEMORY_MB), "--", *expect.argv],
        capture_output=True,
        text=True,
        timeout=expect.seconds * 2,
        cwd=work,
        env={**os.environ, "NO_COLOR": "1"},
        check=False,
    )
    elapsed = time.monotonic() - started
    output = done.stdout + done.stderr
    assert done.returncode == expect.exit, output
    assert "Traceback" not in output
    assert elapsed < expect.seconds, f"took {elapsed:.1f} s"
    if expect.stderr is not None:
        lines = done.stderr.splitlines()
        assert len(lines) == 1, done.stderr
        assert lines[0].startswith("error: "), lines[0]
        assert re.search(expect.stderr, lines[0]), lines[0]
    if expect.stdout is not None:
        assert re.search(expect.stdout, done.stdout), done.stdout

    facts = json.loads(report.read_text("utf-8"))
    opened = {os.path.realpath(p) for p in facts["opened"]}
    assert str(canary) not in opened, "the canary file outside the allowed folders was opened"
    assert not facts["network"], facts["network"]
    assert not _Canary.requests, _Canary.requests
    for path, content in before.items():
        assert path.read_bytes() == content, f"{path} was changed"
    for path in expect.absent:
        assert not path.exists(), f"{path} was written"
    assert not list(tmp_path.rglob("*.tmp")), "a temporary file was left behind"
    if expect.then is not None:
        expect.then()


def test_the_suite_has_at_least_30_cases() -> None:
    assert len(CASES) + len(WRITERS) >= 30


# --- Ctrl-C during an interview -----------------------------------------------------------------


@pytest.mark.slow
def test_ctrl_c_during_an_interview_keeps_what_was_typed(tmp_path: Path) -> None:
    brief = tmp_path / "phone.yaml"
    process = subprocess.Popen(
        [str(FIRMBRIEF), "intake", "interview", "-o", str(brief)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(b"Rebrand for Nordlicht Cafe\n")
    process.stdin.flush()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not (
        brief.exists() and b"Nordlicht" in brief.read_bytes()
    ):
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == 130, stdout + stderr
    assert b"Traceback" not in stderr
    assert len(stderr.decode().strip().splitlines()) == 1, stderr
    assert read_data(brief)["title"] == "Rebrand for Nordlicht Cafe"


# --- a crash in the middle of writing each kind of output file ----------------------------------


def _failing_fsync(error: BaseException) -> Callable[[int], None]:
    def fail(fd: int) -> None:
        raise error

    return fail


def _render(tmp: Path) -> tuple[list[str], Path]:
    target = tmp / "logo-terms.pdf"
    return [
        "render",
        str(EXAMPLES / "logo.yaml"),
        "-o",
        str(tmp),
        "--what",
        "terms",
        "--today",
        TODAY.isoformat(),
    ], target


def _questionnaire(tmp: Path) -> tuple[list[str], Path]:
    return ["questionnaire", "-o", str(tmp / "q.md")], tmp / "q.md"


def _import(tmp: Path) -> tuple[list[str], Path]:
    brief = tmp / "brief.yaml"
    brief.write_bytes((EXAMPLES / "logo.yaml").read_bytes())
    answers = tmp / "answers.yaml"
    answers.write_text("title: A new title\n", "utf-8")
    return ["intake", "import", str(answers), "--into", str(brief)], brief


def _interview(tmp: Path) -> tuple[list[str], Path]:
    answers = tmp / "answers.yaml"
    answers.write_text("title: A new title\n", "utf-8")
    brief = tmp / "phone.yaml"
    brief.write_text("title: Taken on the phone\n", "utf-8")  # an interview to resume
    return ["intake", "interview", "-o", str(brief), "--answers", str(answers)], brief


def _record(tmp: Path) -> tuple[list[str], Path]:
    brief = tmp / "logo.yaml"
    brief.write_bytes((EXAMPLES / "logo.yaml").read_bytes())
    assert run("record", brief, "signed", "--date", "2026-12-01").exit_code == 0
    return ["record", str(brief), "payment", "--amount", "1071.00", "--date", "2027-01-05"], (
        tmp / "logo.yaml.log.jsonl"
    )


def _schedule(tmp: Path) -> tuple[list[str], Path]:
    return [
        "schedule",
        str(EXAMPLES / "logo.yaml"),
        "--ics",
        str(tmp / "logo.ics"),
    ], tmp / "logo.ics"


def _notice(tmp: Path) -> tuple[list[str], Path]:
    args, _ = _record(tmp)
    return [
        "notice",
        args[1],
        "materials",
        "--today",
        "2027-01-20",
        "--output",
        str(tmp / "n.txt"),
    ], (tmp / "n.txt")


WRITERS: list[Callable[[Path], tuple[list[str], Path]]] = [
    _render,
    _questionnaire,
    _import,
    _interview,
    _record,
    _schedule,
    _notice,
]


@pytest.mark.parametrize("writer", WRITERS, ids=[w.__name__.strip("_") for w in WRITERS])
@pytest.mark.parametrize(
    ("error", "code", "message"),
    [
        (
            OSError(28, "No space left on device"),
            2,
            r"^error: .*: cannot be written \(No space left on device\); the old file is unchanged$",
        ),
        (
            KeyboardInterrupt(),
            130,
            r"^(interrupted: nothing was half-written|saved; run again to resume: .*)$",
        ),
    ],
    ids=["disk-full", "ctrl-c"],
)
def test_a_failure_while_writing_leaves_the_old_file_intact(
    writer: Callable[[Path], tuple[list[str], Path]],
    error: BaseException,
    code: int,
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    args, target = writer(tmp_path)
    old = target.read_bytes() if target.exists() else b"the old file\n"
    target.write_bytes(old)
    monkeypatch.setattr(os, "fsync", _failing_fsync(error))
    result = run(*args)
    assert result.exit_code == code, result.output
    assert re.search(message, result.stderr.strip().splitlines()[-1]), result.stderr
    assert target.read_bytes() == old
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
