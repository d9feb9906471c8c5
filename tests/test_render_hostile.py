"""Rendering hostile text: literally, isolated, breakable, fetching nothing; and formats."""

from __future__ import annotations

import http.server
import os
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from firmbrief.briefs.locales import locale_for
from firmbrief.briefs.schema import Brief, json_schema
from firmbrief.contracts.render import breakable, client_text, render_brief
from firmbrief.contracts.views import Formats
from firmbrief.pdf import Renderer

from conftest import TODAY, run
from pdf_support import (
    no_space,
    text_of,
)

pytestmark = pytest.mark.slow


# --- hostile text --------------------------------------------------------------------------------


class _Canary(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        _Canary.requests.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def canary_server() -> Iterator[tuple[int, list[str]]]:
    """An HTTP server on 127.0.0.1 that records every request made to it."""
    _Canary.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Canary)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], _Canary.requests
    finally:
        server.shutdown()
        server.server_close()


def _atime_is_kept(folder: Path) -> bool:
    """Whether this file system records reads in the access time (relatime does, for old ones)."""
    probe = folder / "probe"
    probe.write_text("probe", "utf-8")
    old = time.time() - 3 * 86400
    os.utime(probe, (old, old))
    probe.read_bytes()
    return probe.stat().st_atime > old + 1


def _text_fields(schema: dict[str, Any], node: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(kind, key) of every free-text property of a schema object: "one" or "list"."""
    for key, prop in node.get("properties", {}).items():
        options = prop.get("anyOf", [prop])
        for option in options:
            if "$ref" in option:
                continue
            kind = option.get("type")
            if kind == "string" and "pattern" not in option and "enum" not in option:
                if not option.get("x-firm-date") and not prop.get("x-firm-date"):
                    if option.get("maxLength", 0) >= 200:
                        yield "one", key
                        break
            if kind == "array" and option.get("items", {}).get("type") == "string":
                if "pattern" not in option["items"]:
                    yield "list", key
                    break


def _hostile_brief(data: dict[str, Any], payloads: list[str]) -> tuple[dict[str, Any], list[str]]:
    """``data`` with hostile text in every free-text field (found from the schema)."""
    schema = json_schema()
    used: list[str] = []
    # a counted volume and a file path have rules of their own; the bank account's holder is
    # printed on invoices (tests/test_invoice_input.py), not on the brief and the terms, and so
    # is the registration number, checked by its country's rule (tests/test_invoice_law.py)
    skip = {"volume", "logo", "$schema", "holder", "registration"}

    def hostile() -> str:
        text = f"{payloads[len(used) % len(payloads)]} #{len(used)}"
        used.append(text)
        return text

    def fill(obj: dict[str, Any], node: dict[str, Any]) -> None:
        for kind, key in _text_fields(schema, node):
            if key in skip:
                continue
            if kind == "one":
                obj[key] = hostile()
            else:
                obj[key] = [hostile() for _ in range(max(1, len(obj.get(key) or [])))]
        for key, prop in node.get("properties", {}).items():
            refs = [o["$ref"] for o in prop.get("anyOf", [prop]) if "$ref" in o]
            items = [
                o["items"]["$ref"]
                for o in prop.get("anyOf", [prop])
                if o.get("type") == "array" and "$ref" in o.get("items", {})
            ]
            if refs:
                sub = schema["$defs"][refs[0].split("/")[-1]]
                child = obj.get(key)
                if child is None:
                    child = obj[key] = {}
                fill(child, sub)
            for ref in items:
                sub = schema["$defs"][ref.split("/")[-1]]
                for child in obj.get(key) or []:
                    fill(child, sub)

    fill(data, schema)
    return data, used


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


def test_hostile_text_renders_literally_and_fetches_nothing(
    brief_data: Callable[[str], dict[str, Any]],
    tmp_path: Path,
    canary_server: tuple[int, list[str]],
) -> None:
    port, requests = canary_server
    outside = tmp_path / "outside"
    outside.mkdir()
    canary = outside / "canary.png"
    canary.write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    old = time.time() - 3 * 86400
    os.utime(canary, (old, old))
    payloads = [
        f'<img src="http://127.0.0.1:{port}/img.png">',
        f'<link rel="stylesheet" href="http://127.0.0.1:{port}/sheet.css">',
        f'<style>@import url("http://127.0.0.1:{port}/import.css");</style>',
        f'<div style="background: url(file://{canary})">x</div>',
        f"file://{canary}",
        f"http://127.0.0.1:{port}/visit",
        '{{ 7 * 7 }} {% include "base.html" %}',
        "</bdi><script>alert(1)</script>",
        '"><svg onload=alert(1)> &amp; &lt;b&gt;',
        f"url(http://127.0.0.1:{port}/css) ; }}}} body {{ display: none }}",
    ]
    data, used = _hostile_brief(brief_data("translation"), payloads)
    assert len(used) > 40  # every free-text field of the brief
    data["client"]["approver"]["name"] = "Jonas\u202eWeber"  # a right-to-left override
    data["client"]["approver"]["role"] = "Editor"
    long_word = "x" * 480
    data["deliverables"][0]["acceptance"] = [long_word]  # a table cell
    used = [text for text in used if text in set(_strings(data))]
    project = tmp_path / "project"
    project.mkdir()
    path = project / "brief.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    assert run("check", path, "--today", TODAY.isoformat()).exit_code == 0

    renderer = Renderer()
    done = render_brief(path, today=TODAY, renderer=renderer, out_dir=tmp_path / "out", html=True)
    assert requests == []
    assert renderer.refused == []
    assert renderer.warnings == []
    if _atime_is_kept(tmp_path):
        assert canary.stat().st_atime < old + 1, "the canary file was read"

    pdfs = [p for p in done.paths if p.suffix == ".pdf"]
    both = no_space(" ".join(text_of(pdf) for pdf in pdfs))
    for text in used:
        assert no_space(text) in both, text
    assert "49#" not in both  # {{ 7 * 7 }} was not evaluated
    assert long_word in both
    brief_pdf = text_of(pdfs[0])
    assert "Editor" in brief_pdf and "rotidE" not in brief_pdf  # the override stays inside

    for page in (p for p in done.paths if p.suffix == ".html"):
        html = page.read_text("utf-8")
        assert "&lt;script&gt;" in html
        elements = _elements(html)
        assert {tag for tag, _ in elements} <= OUR_TAGS
        for tag, attrs in elements:
            assert "style" not in attrs and "src" not in attrs and "href" not in attrs, tag


OUR_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "div",
    "span",
    "header",
    "section",
    "h1",
    "h2",
    "h3",
    "p",
    "strong",
    "em",
    "ol",
    "ul",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "bdi",
    "br",
    "sup",
    "blockquote",
}


def _elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    """Every element of a page with its attributes, as a browser's parser sees them."""
    from html.parser import HTMLParser

    found: list[tuple[str, dict[str, str | None]]] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, dict(attrs)))

    Collect().feed(html)
    return found


# --- formatting ------------------------------------------------------------------------------------


def test_money_is_formatted_by_babel_for_the_currency() -> None:
    assert Formats("en_DE", "EUR", 2).money(Decimal("1071")) == "1.071,00\xa0€"
    assert Formats("en_US", "USD", 2).money(Decimal("1200.5")) == "$1,200.50"
    assert Formats("en_US", "JPY", 0).money(Decimal("180000")) == "¥180,000"
    assert Formats("en", "EUR", 2).money(None) == "not set"


def test_the_locale_follows_the_freelancers_country(
    brief_data: Callable[[str], dict[str, Any]],
) -> None:
    def locale(changes: dict[str, Any]) -> str:
        data = brief_data("logo")
        data["freelancer"].update(changes)
        return locale_for(Brief.model_validate(data))

    assert locale({}) == "en_DE"
    assert locale({"country": "US"}) == "en_US"
    assert locale({"country": "XK", "region": None}) == "en_DE"  # then the client's
    assert Formats("en_US", "USD", 2).day(date(2027, 3, 1)) == "March 1, 2027"
    assert Formats("en_DE", "EUR", 2).day(date(2027, 3, 1)) == "1 March 2027"


def test_long_runs_get_break_opportunities_and_text_is_isolated() -> None:
    assert breakable("short words stay as they are") == "short words stay as they are"
    broken = breakable("a" * 65 + " b")
    assert broken.replace("\u200b", "") == "a" * 65 + " b"
    assert max(len(part) for part in broken.split("\u200b")) <= 30
    assert str(client_text("<b>&")) == "<bdi>&lt;b&gt;&amp;</bdi>"
