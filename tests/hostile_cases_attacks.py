"""Hostile cases, second round: templates that reach out, run code or never end; logos and
files that hang; encrypted PDFs (findings 6 to 10 of issue 19)."""

from __future__ import annotations

import hashlib
import os
import pickle
import re
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from firmbrief import __version__, templates

from conftest import TODAY, run
from hostile_support import Env, Expect, guards, logo, set_at, signed

DAY = TODAY.isoformat()


def _render_with(env: Env, files: dict[str, str | bytes], **more: object) -> Expect:
    """``render`` of the logo brief with a templates folder holding ``files``."""
    folder = env.work / "templates"
    folder.mkdir(exist_ok=True)
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)
    brief = env.brief(logo())
    out = env.work / "out"
    argv = ["render", str(brief), "--templates", str(folder), "-o", str(out), "--today", DAY]
    return Expect(argv, 2, absent=[out], **more)  # type: ignore[arg-type]


# --- 6: templates reaching outside --templates --------------------------------------------------


@guards("templating.regular-files-inside-their-folder")
def template_linked_outside(env: Env) -> Expect:
    expect = _render_with(env, {})
    (env.work / "templates" / "brief.html").symlink_to(env.canary)
    expect.stderr = r"templates/brief\.html: is a link to a file outside the templates folder"
    return expect


@guards("templating.regular-files-inside-their-folder")
def template_including_a_link_outside(env: Env) -> Expect:
    expect = _render_with(
        env,
        {"brief.html": '{% extends "base.html" %}{% block content %}'
         '{% include "notes.html" %}{% endblock %}'},
    )  # fmt: skip
    (env.work / "templates" / "notes.html").symlink_to(env.canary)
    expect.stderr = r"templates/notes\.html: is a link to a file outside the templates folder"
    return expect


# --- 7: the template cache running code ---------------------------------------------------------


class _Planted:
    """What a planted cache file unpickles to: a file created by the unpickling itself."""

    def __init__(self, target: Path) -> None:
        self.target = target

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return open, (str(self.target), "w")


@guards("templating.private-bytecode-cache")
def planted_template_cache(env: Env) -> Expect:
    from jinja2.bccache import bc_magic

    cache = env.work / "cache"
    folder = cache / f"templates-{__version__}"
    folder.mkdir(parents=True)
    folder.chmod(0o777)  # a folder someone else can write into
    pwned = env.work / "pwned"
    for name in ("brief.html", "terms.html", "base.html"):
        source = str((templates.folder() / name).resolve())
        key = hashlib.sha1(f"{name}|{source}".encode()).hexdigest()
        (folder / f"__jinja2_{key}.cache").write_bytes(bc_magic + pickle.dumps(_Planted(pwned)))
    brief = env.brief(logo())
    out = env.work / "out"
    return Expect(
        ["render", str(brief), "-o", str(out), "-w", "brief", "--today", DAY],
        0,
        env={"FIRMBRIEF_CACHE": str(cache)},
        absent=[pwned],
    )


# --- 8: unbounded time --------------------------------------------------------------------------


def _use_bomb() -> bytes:
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
             ' width="40" height="40"><defs><rect id="l0" width="1" height="1"/>']  # fmt: skip
    for level in range(1, 8):
        parts.append(f'<g id="l{level}">' + f'<use xlink:href="#l{level - 1}"/>' * 10 + "</g>")
    parts.append('</defs><use xlink:href="#l7"/></svg>')
    return "".join(parts).encode()


@guards("branding.svg-use-limits")
def svg_logo_with_use_fan_out(env: Env) -> Expect:
    env.raw(_use_bomb(), "logo.svg")
    brief = env.brief(set_at(logo(), "branding", {"logo": "logo.svg"}))
    out = env.work / "out"
    return Expect(
        ["render", str(brief), "-o", str(out), "--today", DAY],
        2,
        r"branding\.logo: \"logo\.svg\": (nests <use> more than 3 deep|its <use> elements repeat)",
        absent=[out],
        seconds=60,
    )


def _fifo(env: Env, name: str) -> Path:
    path = env.work / name
    os.mkfifo(path)
    return path


@guards("files.regular-files-only")
def fifo_as_the_brief(env: Env) -> Expect:
    path = _fifo(env, "brief.yaml")
    return Expect(["check", str(path)], 2, r"brief\.yaml: is a FIFO \(a named pipe\), not a brief")


@guards("files.regular-files-only")
def fifo_as_the_record(env: Env) -> Expect:
    brief = env.brief(logo(), "logo.yaml")
    _fifo(env, "logo.yaml.log.jsonl")
    return Expect(["status", str(brief)], 2, r"log\.jsonl: is a FIFO \(a named pipe\)")


@guards("files.regular-files-only")
def fifo_as_the_answers(env: Env) -> Expect:
    path = _fifo(env, "answers.json")
    out = env.work / "new.yaml"
    return Expect(["intake", "import", str(path), "-o", str(out)], 2, r"is a FIFO", absent=[out])


@guards("files.regular-files-only")
def fifo_as_the_pdf(env: Env) -> Expect:
    path = _fifo(env, "brief.pdf")
    return Expect(["verify", str(path)], 2, r"brief\.pdf: is a FIFO \(a named pipe\), not a PDF")


@guards("files.regular-files-only")
def fifo_as_the_logo(env: Env) -> Expect:
    _fifo(env, "logo.png")
    brief = env.brief(set_at(logo(), "branding", {"logo": "logo.png"}))
    out = env.work / "out"
    return Expect(
        ["render", str(brief), "-o", str(out), "--today", DAY],
        2,
        r"branding\.logo: \"logo\.png\" is a FIFO",
        absent=[out],
    )


@guards("templating.time-limit")
def nested_loops_in_a_template(env: Env) -> Expect:
    loops = "{% for a in range(99999) %}{% for b in range(99999) %}{% for c in range(99999) %}"
    ends = "{% endfor %}" * 3
    expect = _render_with(env, {"brief.html": loops + ends}, seconds=60)
    expect.env = {"FIRMBRIEF_TIME_SCALE": "0.25"}  # the 20 s limit becomes 5 s
    expect.stderr = r"templates/brief\.html: took longer than 5 s to fill in"
    return expect


def _shared_stream_pdf() -> bytes:
    """A small PDF whose 40 pages all draw one 5 MB content stream."""
    from pypdf.generic import StreamObject

    writer = PdfWriter()
    content = StreamObject()
    content.set_data(b"BT /F1 1 Tf 10 10 Td (x) Tj ET\n" * 170_000)
    reference = writer._add_object(content.flate_encode())
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    resources = writer._add_object(
        DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
        )
    )
    for _ in range(40):
        page = writer.add_blank_page(595, 842)
        page[NameObject("/Contents")] = reference
        page[NameObject("/Resources")] = resources
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@guards("pages.content-bound")
def verify_pages_sharing_a_huge_stream(env: Env) -> Expect:
    data = _shared_stream_pdf()
    assert len(data) < 500_000
    path = env.raw(data, "shared.pdf")
    return Expect(
        ["verify", str(path)],
        2,
        r"shared\.pdf: page 1 draws 5\.\d MB of content: too much for one page",
        seconds=20,
    )


@guards("deadline.command-budget")
def a_command_over_its_budget(env: Env) -> Expect:
    brief, _ = signed(env)
    return Expect(
        ["status", str(brief)],
        2,
        rf"{re.escape(str(brief))}: status took longer than 0\.\d+ s and was stopped",
        env={"FIRMBRIEF_TIME_SCALE": "0.0001"},  # 60 s becomes 6 ms
    )


# --- 9: a template's own errors are exit 2, naming it -------------------------------------------


def _template_error(env: Env, body: str | bytes, message: str) -> Expect:
    expect = _render_with(env, {"brief.html": body})
    expect.stderr = message
    return expect


@guards("templating.errors-are-exit-2")
def template_including_itself(env: Env) -> Expect:
    return _template_error(
        env, '{% include "brief.html" %}', r"brief\.html: includes itself, or calls a macro"
    )


@guards("templating.errors-are-exit-2")
def template_with_macro_recursion(env: Env) -> Expect:
    body = "{% macro down(n) %}{{ down(n + 1) }}{% endmacro %}{{ down(0) }}"
    return _template_error(env, body, r"brief\.html: includes itself, or calls a macro")


@guards("templating.utf-8-only")
def template_not_utf8(env: Env) -> Expect:
    return _template_error(
        env, b"<p>Caf\xe9</p>", r"templates/brief\.html: is not valid UTF-8 \(byte 0xe9"
    )


@guards("templating.errors-are-exit-2")
def template_repeating_by_a_float(env: Env) -> Expect:
    return _template_error(env, "{{ 'a' * 2e9 }}", r"brief\.html: TypeError: ")


@guards("templating.repeat-limit")
def template_repeating_two_billion_times(env: Env) -> Expect:
    return _template_error(
        env, "{{ 'a' * 2000000000 }}", r"brief\.html: makes a text or list longer than 1,000,000"
    )


# --- 10: encrypted PDFs -------------------------------------------------------------------------


def _encrypted_form(title: str, password: str) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    field = DictionaryObject(
        {
            NameObject("/FT"): NameObject("/Tx"),
            NameObject("/T"): TextStringObject("title"),
            NameObject("/V"): TextStringObject(title),
        }
    )
    reference = writer._add_object(field)
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject([reference])}
    )
    writer.encrypt(user_password=password, owner_password="owner", algorithm="AES-128")
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@guards("deps.pypdf-crypto+answers.empty-user-password")
def aes_form_restricted_from_editing(env: Env) -> Expect:
    path = env.raw(_encrypted_form("Rebrand for Nordlicht", ""), "answers.pdf")
    out = env.work / "new.yaml"

    def imported() -> None:
        assert "title: Rebrand for Nordlicht" in out.read_text("utf-8")

    return Expect(["intake", "import", str(path), "-o", str(out)], 0, then=imported)


@guards("answers.password-message")
def aes_form_with_a_password(env: Env) -> Expect:
    path = env.raw(_encrypted_form("Secret", "letmein"), "answers.pdf")
    out = env.work / "new.yaml"
    return Expect(
        ["intake", "import", str(path), "-o", str(out)],
        2,
        r"answers\.pdf: is protected by a password",
        absent=[out],
    )


def rendered_pdf(env: Env, kind: str = "terms") -> tuple[Path, Path]:
    """The logo brief and its document ``kind``, rendered in the case's folder."""
    brief = env.brief(logo(), "logo.yaml")
    result = run("render", brief, "-o", env.work, "-w", kind, "--today", DAY)
    assert result.exit_code == 0, result.output
    return brief, env.work / f"logo-{kind}.pdf"


@guards("deps.pypdf-crypto+pages.empty-user-password")
def verify_an_aes256_pdf(env: Env) -> Expect:
    brief, pdf = rendered_pdf(env)
    writer = PdfWriter(clone_from=PdfReader(pdf))
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-256")
    locked = env.work / "locked.pdf"
    writer.write(locked)
    return Expect(
        ["verify", str(locked), str(brief)],
        0,
        stdout=r"locked\.pdf: the (brief|terms of work): consistent: ",
    )


CASES: list[Callable[[Env], Expect]] = [
    template_linked_outside,
    template_including_a_link_outside,
    planted_template_cache,
    svg_logo_with_use_fan_out,
    fifo_as_the_brief,
    fifo_as_the_record,
    fifo_as_the_answers,
    fifo_as_the_pdf,
    fifo_as_the_logo,
    nested_loops_in_a_template,
    verify_pages_sharing_a_huge_stream,
    a_command_over_its_budget,
    template_including_itself,
    template_with_macro_recursion,
    template_not_utf8,
    template_repeating_by_a_float,
    template_repeating_two_billion_times,
    aes_form_restricted_from_editing,
    aes_form_with_a_password,
    verify_an_aes256_pdf,
]
