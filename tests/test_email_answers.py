"""The questionnaire by email: answers read back from a reply, however the mail client quoted
and wrapped it; and the import report's two lists, what to ask the client and what is yours."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

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
