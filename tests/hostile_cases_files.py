"""Hostile cases: brief files, logos and templates."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from conftest import TODAY
from hostile_support import Env, Expect, guards, in_every_text_field, logo, pdf_text, set_at

# --- brief files --------------------------------------------------------------------------------


def _rendered(out: Path, kind: str) -> Path:
    """The one document of ``kind`` rendered into ``out`` (named after the brief's title:
    a brief file named ``brief.yaml`` gives no ``brief-brief.pdf``)."""
    found = sorted(out.glob(f"*-{kind}.pdf"))
    assert len(found) == 1, found
    return found[0]


@guards("files.no-yaml-aliases")
def alias_bomb(env: Env) -> Expect:
    bomb = b'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        bomb += f"{level}: &{level} [{', '.join(['*' + previous] * 9)}]\n".encode()
    path = env.raw(bomb, "bomb.yaml")
    return Expect(["check", str(path)], 2, rf"error: {re.escape(str(path))}: line 2: YAML aliases")


@guards("files.no-yaml-tags")
def unsafe_tag(env: Env) -> Expect:
    path = env.raw(b"title: !!python/object/apply:os.system ['touch pwned']\n", "tag.yaml")
    return Expect(
        ["check", str(path)],
        2,
        rf"error: {re.escape(str(path))}: line 1: the YAML tag !!python/object/apply:os.system is not allowed",
        absent=[env.work / "pwned"],
    )


@guards("files.no-duplicate-keys")
def duplicate_keys(env: Env) -> Expect:
    path = env.raw(b"title: A\nclient:\n  name: B\n  name: C\n", "dup.yaml")
    return Expect(["check", str(path)], 2, r'line 4: the key "name" appears twice')


@guards("files.yaml-1.2-resolver")
def yaml_11_coercions(env: Env) -> Expect:
    data = set_at(logo(), "client.country", "NO")
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


@guards("files.utf-8-only")
def invalid_utf8(env: Env) -> Expect:
    path = env.raw(b"title: Caf\xe9\n", "latin1.yaml")
    return Expect(["check", str(path)], 2, r"is not valid UTF-8 \(byte 0xe9 at offset 10\)")


@guards("files.no-nul-bytes")
def nul_bytes(env: Env) -> Expect:
    path = env.raw(b"title: A\x00B\n", "nul.yaml")
    return Expect(["check", str(path)], 2, r"contains a NUL byte at offset 8")


@guards("files.no-lone-surrogates")
def lone_surrogate(env: Env) -> Expect:
    path = env.raw(b'{"client": {"name": "Tom \\udc00"}}', "surrogate.json")
    return Expect(["check", str(path)], 2, r": client\.name: contains a lone surrogate")


@guards("files.depth-limit-yaml")
def deep_yaml(env: Env) -> Expect:
    path = env.raw(b"title: " + b"[" * 100_000 + b"]" * 100_000, "deep.yaml")
    return Expect(["check", str(path)], 2, r"nested more than 32 levels deep", seconds=30)


@guards("files.depth-limit-json")
def deep_json(env: Env) -> Expect:
    path = env.raw(b'{"goals": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "deep.json")
    return Expect(["check", str(path)], 2, r"nested more than 32 levels deep", seconds=30)


@guards("files.size-cap")
def fifty_megabytes(env: Env) -> Expect:
    path = env.work / "huge.yaml"
    with path.open("wb") as handle:
        handle.write(b"summary: ")
        for _ in range(50):
            handle.write(b"x" * 1_000_000)
    return Expect(
        ["check", str(path)], 2, r"is 50\.0 MB; a brief file is at most 1\.0 MB", seconds=20
    )


@guards("schema.length-caps")
def word_of_100000(env: Env) -> Expect:
    path = env.brief(set_at(logo(), "title", "x" * 100_000))
    return Expect(
        ["check", str(path), "--today", TODAY.isoformat()],
        1,
        stdout=r"title +is 100000 characters long; at most 200 are allowed",
    )


@guards("templating.break-long-runs")
def long_allowed_word(env: Env) -> Expect:
    word = "Donaudampfschifffahrtsgesellschaft" * 140  # 4,760 characters, under the cap of 5,000
    path = env.brief(set_at(set_at(logo(), "summary", word), "deliverables.0.description", word))
    out = env.work / "out"

    def the_word_is_all_there() -> None:
        # Whole, though wrapped over lines and pages (a page's header may stand in between).
        # A word hyphenated at a line's end (U+2010 and the break) reads whole again.
        text = pdf_text(_rendered(out, "brief")).replace("\u2010 ", "").replace(" ", "")
        assert text.count("Donaudampfschifffahrtsgesellschaft") >= 2 * 140 - 8

    return Expect(
        ["render", str(path), "-o", str(out), "--what", "brief", "--today", TODAY.isoformat()],
        0,
        seconds=60,
        then=the_word_is_all_there,
    )


@guards("money.parse-amount-no-nan")
def nan_amount(env: Env) -> Expect:
    path = env.raw(yaml.safe_dump(set_at(logo(), "total", "NaN")).encode(), "nan.yaml")
    return Expect(["check", str(path)], 1, stdout=r"total +\"NaN\" is not an amount")


@guards("files.json-no-constants")
def infinite_amount(env: Env) -> Expect:
    data = json.dumps(logo()).replace('"total": "4200.00"', '"total": Infinity')
    path = env.raw(data.encode(), "infinite.json")
    return Expect(["check", str(path)], 2, r"Infinity is not a number a brief can hold")


@guards("schema.amounts-positive")
def negative_amount(env: Env) -> Expect:
    path = env.brief(set_at(logo(), "iterations.0.price", "-1800.00"))
    return Expect(
        ["check", str(path)], 1, stdout=r"iterations\[0\]\.price +\"-1800\.00\" is too small"
    )


@guards("rules.every-iteration-paid")
def zero_amount(env: Env) -> Expect:
    data = set_at(set_at(logo(), "iterations.0.price", "0"), "total", "2400.00")
    path = env.brief(data)
    return Expect(
        ["check", str(path), "--today", TODAY.isoformat()],
        1,
        stdout=r"iterations\[0\]\.price +no price: every iteration is paid",
    )


@guards("schema.no-control-characters")
def control_character_in_a_name(env: Env) -> Expect:
    path = env.raw(
        yaml.safe_dump(set_at(logo(), "client.name", "Tom\x07 Becker")).encode(), "bell.yaml"
    )
    return Expect(
        ["check", str(path)],
        1,
        stdout=r"client\.name +the control character U\+0007 is not allowed in a one-line field",
    )


@guards("schema.no-control-characters")
def newline_in_a_one_line_field(env: Env) -> Expect:
    path = env.brief(set_at(logo(), "freelancer.name", "Mara\nJensen"))
    return Expect(
        ["check", str(path)], 1, stdout=r"freelancer\.name +the control character U\+000A"
    )


@guards("templating.bdi-isolation")
def right_to_left_override(env: Env) -> Expect:
    data = set_at(logo(), "client.company", "Kettle \u202eDCBA")
    path = env.brief(data)
    out = env.work / "out"

    def isolated() -> None:
        text = pdf_text(_rendered(out, "brief"))
        # the override reverses its own text at most, never what follows it on the line
        assert "Tom Becker" in text and "Bergstr. 4" in text

    return Expect(
        ["render", str(path), "-o", str(out), "--what", "brief", "--today", TODAY.isoformat()],
        0,
        then=isolated,
    )


@guards("templating.autoescape+pdf.fetcher-allow-list")
def markup_and_links_in_every_text_field(env: Env) -> Expect:
    payloads = [
        f'<script>alert(1)</script><img src="{env.url}/img">',
        f'</style><style>@import url("{env.url}/css");</style>',
        f'<link rel="stylesheet" href="file://{env.canary}">',
        f"file://{env.canary}",
        f'<a href="{env.url}/a">click</a><iframe src="{env.url}/frame">',
        f'<div style="background:url({env.url}/bg)">x</div>',
    ]
    path = env.brief(in_every_text_field(logo(), payloads))
    out = env.work / "out"

    def literal() -> None:
        texts = [pdf_text(_rendered(out, kind)) for kind in ("brief", "terms")]
        assert all("<script>alert(1)</script>" in text for text in texts)
        assert any('<link rel="stylesheet" href="file://' in text for text in texts)
        for kind in ("brief", "terms"):  # and no payload survived as markup anywhere
            page = _rendered(out, kind).with_suffix(".html").read_text("utf-8")
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


@guards("templating.client-text-never-a-template")
def jinja_in_every_text_field(env: Env) -> Expect:
    payloads = ["{{ 7*7 }}", "{% for x in range(3) %}loop{% endfor %}", "{{ self.__init__ }}"]
    path = env.brief(in_every_text_field(logo(), payloads))
    out = env.work / "out"

    def literal() -> None:
        text = pdf_text(_rendered(out, "terms"))
        assert "{{ 7*7 }}" in text and "{% for x in range(3) %}loop{% endfor %}" in text
        assert "looploop" not in text

    return Expect(
        ["render", str(path), "-o", str(out), "--today", TODAY.isoformat()], 0, then=literal
    )


# --- logos and templates ------------------------------------------------------------------------


@guards("branding.logo-magic")
def logo_not_an_image(env: Env) -> Expect:
    (env.work / "logo.png").write_text("a text file, not an image", "utf-8")
    path = env.brief(set_at(logo(), "branding", {"logo": "logo.png"}))
    return Expect(
        ["render", str(path), "-o", str(env.work / "out"), "--today", TODAY.isoformat()],
        2,
        r"branding\.logo",
        absent=[env.work / "out"],
    )


@guards("branding.png-header-first")
def logo_with_a_chunk_before_its_header(env: Env) -> Expect:
    """A 100,000 pixel square PNG whose IHDR comes after a tEXt chunk: its size is read all the
    same, as the format defines the header (the first chunk), and refused."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + body))
        return struct.pack(">I", len(body)) + kind + body + crc

    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    image = b"\x89PNG\r\n\x1a\n" + chunk(b"tEXt", b"Comment\x00hi") + chunk(b"IHDR", header)
    (env.work / "logo.png").write_bytes(image + chunk(b"IEND", b""))
    path = env.brief(set_at(logo(), "branding", {"logo": "logo.png"}))
    return Expect(
        ["render", str(path), "-o", str(env.work / "out"), "--today", TODAY.isoformat()],
        2,
        r"branding\.logo: \"logo\.png\" is not a valid PNG: the format requires its header \(IHDR",
        absent=[env.work / "out"],
    )


@guards("branding.logo-in-its-folder")
def logo_outside_its_folder(env: Env) -> Expect:
    relative = os.path.relpath(env.canary, env.work)
    path = env.brief(set_at(logo(), "branding", {"logo": relative}))
    return Expect(
        ["render", str(path), "-o", str(env.work / "out"), "--today", TODAY.isoformat()],
        2,
        r"branding\.logo",
        absent=[env.work / "out"],
    )


@guards("branding.logo-in-its-folder")
def logo_symlink_outside(env: Env) -> Expect:
    (env.work / "logo.png").symlink_to(env.canary)
    path = env.brief(set_at(logo(), "branding", {"logo": "logo.png"}))
    return Expect(
        ["render", str(path), "-o", str(env.work / "out"), "--today", TODAY.isoformat()],
        2,
        r"branding\.logo",
        absent=[env.work / "out"],
    )


@guards("templating.sandbox")
def template_escaping_the_sandbox(env: Env) -> Expect:
    templates = env.work / "templates"
    templates.mkdir()
    (templates / "brief.html").write_text("{{ ''.__class__.__mro__[1].__subclasses__() }}", "utf-8")
    path = env.brief(logo())
    return Expect(
        ["render", str(path), "--templates", str(templates), "-o", str(env.work / "out")],
        2,
        r"error: .*brief\.html",
        absent=[env.work / "out"],
    )


@guards("pdf.fetcher-allow-list")
def template_fetching_the_world(env: Env) -> Expect:
    templates = env.work / "templates"
    templates.mkdir()
    (templates / "documents.css").write_text(
        f'@import url("{env.url}/x.css"); body {{ background: url("file://{env.canary}"); }}',
        "utf-8",
    )
    path = env.brief(logo())
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
        then=lambda: None if list(out.glob("*-brief.pdf")) else pytest.fail("no PDF"),
    )


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
    logo_with_a_chunk_before_its_header,
    logo_outside_its_folder,
    logo_symlink_outside,
    template_escaping_the_sandbox,
    template_fetching_the_world,
]
