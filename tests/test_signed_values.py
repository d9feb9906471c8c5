"""A signed project keeps the values it was signed with (issue 24 item 5, issue 28 item 17): its
``<brief>.signed.json`` is read bounded (regular files only), a later change to the business
profile never makes it "changed after signing", and a change to the brief's own terms still
does, naming the field and where it came from."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator

from firmbrief.contracts.record.signed_copy import signed_path
from firmbrief.interface import output_schema

from conftest import EXAMPLES, run
from pdf_support import text_of
from tracking_support import record


def _changed_brief(brief: Path) -> None:
    data = yaml.safe_load(brief.read_text("utf-8"))
    data["iterations"][1]["price"] = "2600.00"
    data["total"] = "4400.00"
    brief.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")


def test_a_signed_copy_linked_to_dev_zero_is_refused_at_once(logo: Path) -> None:
    record(logo, "signed", "--date", "2026-12-01")
    _changed_brief(logo)
    signed_path(logo).unlink()
    signed_path(logo).symlink_to("/dev/zero")
    started = time.monotonic()
    refused = run("render", logo, "--amendment", "--today", "2026-12-20")
    assert time.monotonic() - started < 20
    assert refused.exit_code == 2, refused.output
    assert "logo.yaml.signed.json" in refused.stderr
    assert "character device" in refused.stderr or "not the brief as signed" in refused.stderr


def test_a_signed_copy_that_is_a_fifo_is_refused_without_waiting(logo: Path) -> None:
    record(logo, "signed", "--date", "2026-12-01")
    _changed_brief(logo)
    signed_path(logo).unlink()
    os.mkfifo(signed_path(logo))
    done: list[int] = []
    thread = threading.Thread(
        target=lambda: done.append(
            run("render", logo, "--amendment", "--today", "2026-12-20").exit_code
        ),
        daemon=True,
    )
    thread.start()
    thread.join(20)
    in_time = list(done)
    if not done:  # unblock the hung reader before failing
        with open(signed_path(logo), "wb"):
            pass
        thread.join(5)
    assert in_time == [2]


def _project_with_profile(tmp_path: Path) -> Path:
    """logo.yaml without its freelancer's email, bank and tax number: the profile gives them."""
    (tmp_path / "firmbrief.toml").write_bytes(
        (EXAMPLES / "business" / "firmbrief.toml").read_bytes()
    )
    data = yaml.safe_load((EXAMPLES / "logo.yaml").read_text("utf-8"))
    for key in ("email", "bank", "tax_id", "address", "company", "region"):
        data["freelancer"].pop(key, None)
    brief = tmp_path / "logo.yaml"
    brief.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    record(brief, "signed", "--date", "2026-12-01")
    return brief


def _edit_profile(tmp_path: Path, old: str, new: str) -> None:
    config = tmp_path / "firmbrief.toml"
    text = config.read_text("utf-8")
    assert old in text
    config.write_text(text.replace(old, new), "utf-8")


def test_a_new_email_in_the_profile_keeps_the_project_signed(tmp_path: Path) -> None:
    brief = _project_with_profile(tmp_path)
    _edit_profile(tmp_path, "mara@jensen.studio", "hello@jensen.studio")
    checked = run("check", brief, "--today", "2026-12-05")
    assert checked.exit_code == 0, checked.output
    assert "changed after" not in checked.output
    assert "freelancer.email" in checked.output and "tell the client in writing" in checked.output
    gate = run("gate", "start", brief, "1", "--today", "2026-12-05")
    assert "changed after" not in gate.output, gate.output
    as_json = run("check", brief, "--today", "2026-12-05", "--format", "json")
    data = json.loads(as_json.stdout)
    Draft202012Validator(output_schema("check")).validate(data)
    assert "freelancer.email" in data["project"]["notice"]
    refused = run("render", brief, "--amendment", "--today", "2026-12-05")
    assert "nothing to amend" in refused.stderr, refused.output


def test_a_new_bank_account_in_the_profile_is_a_notice_not_an_amendment(tmp_path: Path) -> None:
    brief = _project_with_profile(tmp_path)
    _edit_profile(tmp_path, "DE89 3704 0044 0532 0130 00", "DE02 1203 0000 0000 2020 51")
    checked = run("check", brief, "--today", "2026-12-05")
    assert checked.exit_code == 0, checked.output
    assert "freelancer.bank.iban" in checked.output


def test_a_new_country_in_the_profile_needs_an_amendment_naming_it(tmp_path: Path) -> None:
    brief = _project_with_profile(tmp_path)
    _edit_profile(tmp_path, 'region = "BE"', 'region = "BY"')
    checked = run("check", brief, "--today", "2026-12-05")
    assert checked.exit_code == 1, checked.output
    assert "changed after it was signed" in checked.output
    assert "freelancer.region (in firmbrief.toml)" in checked.output


def test_a_new_price_in_the_brief_is_named_as_the_briefs(tmp_path: Path) -> None:
    brief = _project_with_profile(tmp_path)
    _changed_brief(brief)
    gate = run("gate", "start", brief, "1", "--today", "2026-12-05")
    assert gate.exit_code != 0, gate.output  # refused (its code: the exit-code table)
    assert "iterations.2.price (in the brief)" in gate.stderr
    refused = run("render", brief, "-o", brief.parent / "out", "--today", "2026-12-05")
    assert refused.exit_code == 1, refused.output
    assert "changed: iterations.2.price (in the brief)" in refused.stderr


def test_the_signed_terms_still_match_after_a_new_email_and_invoices_use_it(
    tmp_path: Path,
) -> None:
    brief = _project_with_profile(tmp_path)
    made = run("render", brief, "-o", tmp_path, "--what", "terms", "--today", "2026-11-23")
    assert made.exit_code == 0, made.output
    _edit_profile(tmp_path, "mara@jensen.studio", "billing@jensen.studio")
    verified = run("verify", tmp_path / "logo-terms.pdf", brief)
    assert verified.exit_code == 0, verified.output
    assert "contact or bank details changed since signing" in verified.stdout
    invoiced = run("invoice", brief, "--date", "2026-12-02", "-o", tmp_path / "i.pdf")
    assert invoiced.exit_code == 0, invoiced.output
    assert "billing@jensen.studio" in text_of(tmp_path / "i.pdf")
