"""The questionnaire by email: answers read back from a reply, however the mail client quoted
and wrapped it; and the import report's two lists, what to ask the client and what is yours."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from firmbrief.briefs.files import read_data
from firmbrief.intake.questionnaire import questionnaire_markdown

from conftest import TODAY, run

ANSWERS = {  # (item heading, question) -> the client's answer
    ("", "Project title"): "Brand identity for Kettle & Crumb",
    ("", "What is the project about?"): (
        "A new identity for a family bakery opening its second shop in the old town, with a "
        "logo, a small brand guide and stationery for both shops."
    ),
    ("", "Your full name"): "Tom Becker",
    ("", "Who else must agree before work is accepted?"): "none",
    ("Deliverable 1", "What is delivered?"): "Primary logo",
    ("Deliverable 1", "How many, counted?"): "about 6 pages",
    ("Deliverable 1", "In which formats?"): "SVG\nPNG",
    ("Material 1", "By which date?"): "03/04/2027",
    ("Stage 1", "Start date"): "ASAP",
}


def _reply(quote: str) -> str:
    """The email answered as ANSWERS says, wrapped at 72 columns and quoted as a reply."""
    out: list[str] = []
    item, current = "", None
    for line in questionnaire_markdown().splitlines():
        if line.startswith("## "):
            item = ""
        if heading := re.match(r"### (.+)", line):
            item = heading[1]
        if question := re.match(r"\*\*\d+\. (.+)\*\*", line):
            current = (item, question[1])
        if line == "Answer:" and current in ANSWERS:
            first, *rest = ANSWERS[current].split("\n")
            out += textwrap.wrap(f"Answer: {first}", 72) + rest
            continue
        out.append(line)
    return "Tom wrote on Monday:\n" + "\n".join(f"{quote}{line}".rstrip() for line in out)


def test_the_email_asks_for_answer_lines_not_quotes() -> None:
    text = questionnaire_markdown()
    assert "\nAnswer:\n" in text and "\n>\n" not in text
    assert 'write each answer after "Answer:"' in text


def test_a_quoted_wrapped_reply_is_imported(tmp_path: Path) -> None:
    for quote in ("> ", ">> ", ""):
        reply = tmp_path / "reply.txt"
        reply.write_text(_reply(quote), "utf-8")
        out = tmp_path / f"brief{len(quote)}.yaml"
        result = run("intake", "import", reply, "-o", out, "--today", TODAY.isoformat())
        assert result.exit_code == 0, result.output
        data = read_data(out)
        assert data["title"] == "Brand identity for Kettle & Crumb"
        assert data["summary"] == ANSWERS[("", "What is the project about?")]  # unwrapped
        assert data["client"]["name"] == "Tom Becker"
        assert data["client"]["also_agree"] in ("none", [])
        assert data["deliverables"][0]["formats"] == ["SVG", "PNG"]
        assert data["deliverables"][0]["volume"] == "about 6 pages"
        assert data["iterations"][0]["start"] == "ASAP"


def test_the_import_report_splits_the_clients_part_from_yours(tmp_path: Path) -> None:
    reply = tmp_path / "reply.txt"
    reply.write_text(_reply("> "), "utf-8")
    out = tmp_path / "brief.yaml"
    result = run("intake", "import", reply, "-o", out, "--today", TODAY.isoformat())
    text = result.stdout
    client, yours = text.split("Ask the client (")[1].split("Yours to fill (")
    for field in ("iterations[0].start", "deliverables[0].volume", "materials[0].due"):
        assert f" {field} " in client  # vague answers: back to the client
    for field in ("iterations[0].price", "total", "currency", "tax"):
        assert f" {field} " in yours and f" {field} " not in client


def test_the_client_reads_no_field_names_nor_jargon(tmp_path: Path) -> None:
    """Plain words for the client: no dotted paths, no snake_case keys, no date_order codes in
    the questionnaire's text (the email and the PDF form's visible text)."""
    import subprocess

    from conftest import EXAMPLES

    pdf = tmp_path / "q.pdf"
    done = run("questionnaire", "-o", pdf, "--from", EXAMPLES / "logo.yaml")
    assert done.exit_code == 0, done.output
    shown = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    email = questionnaire_markdown()
    for text in (shown, email.split("**3. ")[0] + email.split("**4. ")[1]):
        assert not re.search(r"\b[a-z]+_[a-z_]+\b", text), re.findall(r"\b[a-z]+_[a-z_]+\b", text)
        assert not re.search(r"\b(client|freelancer|deliverables|iterations)\.[a-z0-9]", text)
        assert "date_order" not in text and "DMY (3 April)" not in text


# --- replies in other encodings (issue 28 item 19) -----------------------------------------------

JUERGEN = "Jürgen Weiß"


def _juergen(quote: str = "> ") -> str:
    return _reply(quote).replace("Answer: Tom Becker", f"Answer: {JUERGEN}")


def _latin1(text: str) -> bytes:
    """``text`` as a Latin-1 mail client sends it: its typographic quotes made plain."""
    plain = {0x2018: "'", 0x2019: "'", 0x201C: '"', 0x201D: '"', 0x2013: "-", 0x2014: "-"}
    return text.translate(plain).encode("latin-1")


def _imported(tmp_path: Path, name: str, content: bytes) -> dict[str, object]:
    reply = tmp_path / name
    reply.write_bytes(content)
    out = tmp_path / f"{reply.stem}.yaml"
    result = run("intake", "import", reply, "-o", out, "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    data = read_data(out)
    assert data["title"] == "Brand identity for Kettle & Crumb"
    assert data["summary"] == ANSWERS[("", "What is the project about?")]
    return data


def _eml(body: bytes, headers: str) -> bytes:
    head = (
        "From: Tom <tom@kettleandcrumb.de>\nTo: anna@example.org\n"
        "Subject: Re: Your project\nMIME-Version: 1.0\n" + headers
    )
    return head.encode("ascii") + b"\n\n" + body


def _client_name(data: dict[str, object]) -> object:
    client = data["client"]
    assert isinstance(client, dict)
    return client["name"]


def test_an_email_saved_whole_is_read_in_its_charset_and_transfer_encoding(
    tmp_path: Path,
) -> None:
    import base64
    import quopri

    text = _juergen()
    for label, charset, encoding, body in (
        ("qp", "utf-8", "quoted-printable", quopri.encodestring(text.encode("utf-8"))),
        ("b64", "iso-8859-1", "base64", base64.encodebytes(_latin1(text))),
        ("latin1", "iso-8859-1", "8bit", _latin1(text)),
    ):
        headers = (
            f"Content-Type: text/plain; charset={charset}\n"
            f"Content-Transfer-Encoding: {encoding}"
        )
        data = _imported(tmp_path, f"{label}.eml", _eml(body, headers))
        assert _client_name(data) == JUERGEN, label


def _html(text: str) -> str:
    from html import escape

    quoted = "<br>\n".join(escape(line) for line in text.splitlines())
    return f"<html><head><style>p {{}}</style></head><body><div>{quoted}</div></body></html>"


def test_an_html_only_or_multipart_email_is_read_as_its_text(tmp_path: Path) -> None:
    html = _html(_juergen(quote=""))
    only = _eml(
        html.encode("utf-8"),
        "Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: 8bit",
    )
    assert _client_name(_imported(tmp_path, "html.eml", only)) == JUERGEN
    boundary = "b0undary"
    parts = (
        f"--{boundary}\nContent-Type: text/plain; charset=utf-8\n"
        "Content-Transfer-Encoding: 8bit\n\n"
        f"{_juergen()}\n--{boundary}\nContent-Type: text/html; charset=utf-8\n\n"
        f"{_html(_reply(''))}\n--{boundary}--\n"
    )
    both = _eml(
        parts.encode("utf-8"), f'Content-Type: multipart/alternative; boundary="{boundary}"'
    )
    assert _client_name(_imported(tmp_path, "both.eml", both)) == JUERGEN  # the plain part


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "reply.txt",
            _latin1(_juergen()),
            "is not UTF-8 (byte 0x",
        ),
        (
            "other.eml",
            _eml(b"Thanks, see you Monday.", "Content-Type: text/plain; charset=utf-8"),
            "is an email, but not a reply to the questionnaire",
        ),
        (
            "odd.eml",
            _eml(_juergen().encode("utf-8"), "Content-Type: text/plain; charset=x-martian"),
            'is an email in an encoding Python does not know ("x-martian")',
        ),
        (
            "false.eml",
            _eml(_latin1(_juergen()), "Content-Type: text/plain; charset=utf-8"),
            "is an email whose text is not utf-8, as it says it is",
        ),
    ],
    ids=["latin-1-text", "not-a-reply", "unknown-charset", "wrong-charset"],
)
def test_a_reply_that_cannot_be_read_as_written_is_refused_with_the_reason(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    reply = tmp_path / name
    reply.write_bytes(content)
    out = tmp_path / "brief.yaml"
    result = run("intake", "import", reply, "-o", out, "--today", TODAY.isoformat())
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"error: {reply}: {message}"), result.stderr
    assert "\ufffd" not in result.output and not out.exists()


def test_joining_wrapped_lines_is_linear(monkeypatch: pytest.MonkeyPatch) -> None:
    """An answer of 20,000 wrapped lines: every piece is joined once (copying it again for
    each line after it would copy about 14 billion characters)."""
    from firmbrief.intake import email_answers

    built: list[int] = []
    real = email_answers._joined

    def counted(pieces: list[str]) -> str:
        line = real(pieces)
        built.append(len(line))
        return line

    monkeypatch.setattr(email_answers, "_joined", counted)
    wrapped = "\n".join(["x" * 70] * 20_000)
    text = _reply("").replace("Answer: Tom Becker", f"Answer: {'y' * 70}\n{wrapped}")
    fields, _ = email_answers.email_fields(text)
    name = fields["client.name"]
    assert isinstance(name, str) and len(name) == 71 * 20_001 - 1
    assert sum(built) <= 2 * len(text)
