"""Once signed, a brief changes only by amendment: render refuses a changed signed brief,
``render --amendment`` prints what changed in words with its price and dates, and recording the
amendment as signed pins the new fingerprint."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import yaml

from firmbrief.briefs.canonical import canonical_json, fingerprint
from firmbrief.briefs.language import language_for
from firmbrief.briefs.loading import load_brief_file
from firmbrief.contracts.amendment import field_changes
from firmbrief.contracts.record.log import log_path
from firmbrief.contracts.record.signed_copy import signed_path
from firmbrief.templates.translations import translations

from conftest import EXAMPLES, in_language, run
from pdf_support import pages_text, text_of
from tracking_support import record


def _fingerprint(brief: Path) -> str:
    loaded = load_brief_file(brief).brief
    assert loaded is not None
    return fingerprint(loaded)


def _change(brief: Path) -> None:
    """Iteration 2 costs 200.00 more (net) and is delivered a week later."""
    data = yaml.safe_load(brief.read_text("utf-8"))
    data["iterations"][1]["price"] = "2600.00"
    data["iterations"][1]["delivery"] = "2027-03-26"
    data["total"] = "4400.00"
    brief.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")


def test_signing_keeps_the_brief_as_signed_beside_it(logo: Path) -> None:
    record(logo, "signed", "--date", "2026-12-01")
    kept = signed_path(logo)
    loaded = load_brief_file(logo).brief
    assert loaded is not None
    assert kept.read_bytes() == canonical_json(loaded) + b"\n"
    assert kept.name == "logo.yaml.signed.json"


def test_an_amendments_round_trip(tmp_path: Path) -> None:
    # the amendment's English words (the example's Berlin client reads it in German)
    logo = in_language(EXAMPLES / "logo.yaml", tmp_path)
    record(logo, "signed", "--date", "2026-12-01")
    signed = _fingerprint(logo)
    _change(logo)
    changed = _fingerprint(logo)
    assert changed != signed

    refused = run("render", logo, "--today", "2026-12-20")
    assert refused.exit_code == 1
    message = refused.stderr.strip()
    assert len(message.splitlines()) == 1
    assert f"signed fingerprint {signed}, now {changed}" in message
    assert f"firmbrief render {logo} --amendment" in message
    assert not list(logo.parent.glob("*.pdf"))

    check = run("check", logo, "--today", "2026-12-20")
    assert check.exit_code == 1
    assert "needs an amendment" in check.stdout.splitlines()[0]

    made = run("render", logo, "--amendment", "--today", "2026-12-20")
    assert made.exit_code == 0, made.output
    pdf = logo.parent / "logo-amendment-1.pdf"
    assert made.stdout.strip() == str(pdf)
    text = text_of(pdf)
    assert f"(fingerprint {signed})" in text and f"fingerprint {changed}" in text
    assert "signed on 1 December 2026" in text
    # field by field, in words; money as the document prints it (German number format)
    assert "Iteration 2 (“Refinement and brand kit”): price 2.400,00 € 2.600,00 €" in text
    assert "Iteration 2 (“Refinement and brand kit”): delivery 19 March 2027 26 March 2027" in text
    assert "Total 4.200,00 € 4.400,00 €" in text
    # the price: 200.00 net more, at 19% VAT 38.00, 238.00 gross
    assert "Added by this amendment 200,00 € 38,00 € 238,00 €" in text
    assert "Iteration 2: delivery 19 March 2027 26 March 2027" in text
    assert text.count("FOR THE FREELANCER") == 1 and text.count("FOR THE CLIENT") == 1
    assert all(changed in page for page in pages_text(pdf))  # the new fingerprint, every page
    layout = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "AMENDMENT TO THE SIGNED BRIEF" in layout and "As amended" in layout
    assert not re.search(r"\b[A-Z] [A-Z]{2,}\b", layout)  # copied text reads as printed

    signing = run("record", logo, "signed", "--date", "2026-12-21")
    assert signing.exit_code == 0, signing.output
    assert "amendment 1 signed on 21 December 2026" in signing.stdout
    last = json.loads(log_path(logo).read_text("utf-8").splitlines()[-1])
    assert (last["fingerprint"], last["amends"]) == (changed, signed)
    assert json.loads(signed_path(logo).read_bytes()) == json.loads(
        canonical_json(load_brief_file(logo).brief)  # type: ignore[arg-type]
    )

    again = run("render", logo, "--today", "2026-12-22", "--what", "terms")
    assert again.exit_code == 0, again.output
    assert changed in text_of(logo.parent / "logo-terms.pdf")
    nothing = run("render", logo, "--amendment", "--today", "2026-12-22")
    assert nothing.exit_code == 1
    assert "nothing to amend" in nothing.stderr


def test_an_amendment_needs_the_brief_as_signed(logo: Path) -> None:
    record(logo, "signed", "--date", "2026-12-01")
    _change(logo)
    signed_path(logo).unlink()
    refused = run("render", logo, "--amendment", "--today", "2026-12-20")
    assert refused.exit_code == 2
    assert "logo.yaml.signed.json" in refused.stderr
    assert "not kept" in refused.stderr
    assert not list(logo.parent.glob("*.pdf"))

    signed_path(logo).write_text("{}", "utf-8")
    forged = run("render", logo, "--amendment", "--today", "2026-12-20")
    assert forged.exit_code == 2 and "not the one signed (" in forged.stderr
    signed_path(logo).write_text("[1]", "utf-8")
    garbled = run("render", logo, "--amendment", "--today", "2026-12-20")
    assert garbled.exit_code == 2 and "not a valid brief" in garbled.stderr


def test_an_unsigned_brief_has_no_amendment(logo: Path) -> None:
    refused = run("render", logo, "--amendment", "--today", "2026-12-20")
    assert refused.exit_code == 1
    assert "not signed yet" in refused.stderr


def test_changes_are_said_in_words_entry_by_entry(logo: Path, tmp_path: Path) -> None:
    old = load_brief_file(logo).brief
    data = yaml.safe_load(logo.read_text("utf-8"))
    data["deliverables"][0]["acceptance"][1] = "Each variant prints in two colours."
    data["deliverables"].append({"id": "icons", "name": "Icon set", "volume": "8 icons"})
    changed = tmp_path / "changed.yaml"
    changed.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    new = load_brief_file(changed).brief
    assert old is not None and new is not None
    said = {(c.field, c.old, c.new) for c in field_changes(old, new)}
    assert (
        "Deliverable 1 (“Primary logo and variants”): acceptance",
        "The logo reads at 16 px and on a 2 m shop sign.; Each variant prints in one colour on "
        "kraft paper.",
        "The logo reads at 16 px and on a 2 m shop sign.; Each variant prints in two colours.",
    ) in said
    assert ("Deliverable 4 (“Icon set”)", "(none)", "“Icon set”") in said
    assert field_changes(old, old) == ()


def test_an_amendment_prints_client_text_as_written(logo: Path) -> None:
    record(logo, "signed", "--date", "2026-12-01")
    data = yaml.safe_load(logo.read_text("utf-8"))
    data["deliverables"][1]["name"] = "{{ 7 * 7 }} <b>Brand</b> \u202eguide"
    logo.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    made = run("render", logo, "--amendment", "--today", "2026-12-20")
    assert made.exit_code == 0, made.output
    text = text_of(logo.parent / "logo-amendment-1.pdf")
    assert "{{ 7 * 7 }} <b>Brand</b>" in text
    parsed = load_brief_file(logo).brief
    assert parsed is not None
    _ = translations(language_for(parsed)).gettext  # the amendment is in the client's language
    assert "49" not in text.split(_("What changes"), 1)[1].split(_("Price"), 1)[0]
