"""Invoices tied to the record: issuing appends an ``invoiced`` line, a credit note a
``credited`` line, ``record BRIEF payment --invoice NUMBER`` pays the invoice, the instalment
is due when its invoice says, and status, schedule and the payment notice name the invoice."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import yaml

from firmbrief.briefs.language import document_locale, language_for
from firmbrief.briefs.loading import load_brief_file
from firmbrief.contracts.catalogues import translations
from firmbrief.contracts.views import Formats

from conftest import EXAMPLES, run
from invoice_support import SIGNED, business

INVOICED = "2026-12-28"
PAID = "2027-01-05"


def _lines(brief: Path) -> list[dict[str, object]]:
    log = brief.with_name(f"{brief.name}.log.jsonl")
    return [json.loads(line) for line in log.read_text("utf-8").splitlines()]


def _invoice(brief: Path, *args: str, day: str = INVOICED) -> str:
    result = run("invoice", brief, *args, "--date", day, "--future", "--format", "json")
    assert result.exit_code == 0, result.output
    number = json.loads(result.stdout)["number"]
    assert isinstance(number, str)
    return number


def _start(iteration: int) -> str:
    """The planned start of ``iteration`` in the logo example: its prepayment's day."""
    data = yaml.safe_load((EXAMPLES / "logo.yaml").read_text("utf-8"))
    return str(data["iterations"][iteration - 1]["start"])


def _instalment(brief: Path, key: str, today: str) -> dict[str, object]:
    result = run("status", brief, "--today", today, "--format", "json")
    assert result.exit_code == 0, result.output
    found = [i for i in json.loads(result.stdout)["instalments"] if i["key"] == key]
    assert len(found) == 1
    return dict(found[0])


def test_issuing_an_invoice_appends_it_to_the_record(tmp_path: Path) -> None:
    brief = business(tmp_path)
    number = _invoice(brief, "1-prepayment")
    last = _lines(brief)[-1]
    due = _start(1)  # the terms: a prepayment is due on the day its iteration starts
    assert {k: last[k] for k in ("seq", "event", "date", "number", "instalment", "due")} == {
        "seq": 2, "event": "invoiced", "date": INVOICED, "number": number,
        "instalment": "1-prepayment", "due": due,
    }  # fmt: skip
    # the logo example: 900.00 net per prepayment, 19% VAT, as decimal strings
    assert (last["net"], last["tax"], last["gross"]) == ("900.00", "171.00", "1071.00")
    assert run("status", brief, "--today", INVOICED).exit_code == 0  # the line reads back


def test_an_unsigned_brief_is_not_invoiced_and_nothing_is_written(tmp_path: Path) -> None:
    brief = business(tmp_path, signed=False)
    result = run("invoice", brief, "--date", INVOICED)
    assert result.exit_code == 1
    assert "the brief is not signed yet" in result.stderr and "record the signing" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not list(tmp_path.glob("*.pdf"))
    assert not brief.with_name("logo.yaml.log.jsonl").exists()


def test_an_invoice_dated_before_the_signing_is_refused(tmp_path: Path) -> None:
    brief = business(tmp_path)
    before = _lines(brief)
    result = run("invoice", brief, "--date", "2026-11-30")
    assert result.exit_code == 2 and "--date" in result.stderr and "before the signing" in result.stderr
    assert _lines(brief) == before and not list(tmp_path.glob("*.pdf"))


def test_an_invoice_is_due_on_the_day_the_terms_set_for_its_instalment(tmp_path: Path) -> None:
    brief = business(tmp_path)
    planned = _instalment(brief, "2-prepayment", INVOICED)["due"]
    assert planned == _start(2)
    _invoice(brief, "2-prepayment", day="2026-12-02")
    assert _lines(brief)[-1]["due"] == planned  # not 14 days after the invoice's date


def test_the_due_date_is_the_invoices_and_status_and_schedule_name_it(tmp_path: Path) -> None:
    brief = business(tmp_path)
    planned = _instalment(brief, "1-prepayment", INVOICED)["due"]
    number = _invoice(brief, "1-prepayment", day="2026-12-02")
    due = _lines(brief)[-1]["due"]
    assert due == planned
    shown = _instalment(brief, "1-prepayment", "2027-01-20")
    assert shown["due"] == due and shown["state"] == "overdue"
    assert shown["invoice"] == {"number": number, "date": "2026-12-02", "due": due}
    text = run("status", brief, "--today", "2026-12-20").stdout
    assert f"{number} of 2026-12-02" in text
    schedule = run("schedule", brief, "--today", "2026-12-20").stdout
    assert f"Payment due: iteration 1 prepayment, 1,071.00 EUR, invoice {number} of 2 December 2026" in schedule
    items = json.loads(run("schedule", brief, "--format", "json", "--today", "2026-12-20").stdout)["items"]
    paying = [i for i in items if i["key"] == "payment-1-prepayment"]
    assert paying[0]["date"] == due and paying[0]["invoice"] == {"number": number, "date": "2026-12-02"}
    calendar = run("schedule", brief, "--ics", "-", "--today", "2026-12-20").stdout
    assert f"invoice {number}" in calendar.replace("\r\n ", "").replace("\n ", "")


def test_the_payment_notice_cites_the_invoice(tmp_path: Path) -> None:
    brief = business(tmp_path)
    number = _invoice(brief, "1-prepayment", day="2026-12-02")
    notice = run("notice", brief, "payment", "--today", "2027-01-20", "-o", "-").stdout
    parsed = load_brief_file(brief).brief  # its client is in Berlin: a German notice
    assert parsed is not None
    _ = translations(language_for(parsed)).gettext
    issued = Formats(document_locale(parsed), "EUR", 2).day(date(2026, 12, 2))
    what = _("iteration {0} prepayment").format(1)
    invoice = _("invoice {number} of {day}").format(number=number, day=issued)
    cited = f"{what[:1].upper()}{what[1:]} ({invoice}):"
    assert " ".join(cited.split()) in " ".join(notice.split())


def test_a_payment_by_invoice_opens_the_gate(tmp_path: Path) -> None:
    brief = business(tmp_path)
    number = _invoice(brief, "1-prepayment")
    assert run("gate", "start", brief, "1", "--today", "2027-01-11").exit_code == 1
    paid = run("record", brief, "payment", "--amount", "1071.00", "--invoice", number, "--date", PAID)
    assert paid.exit_code == 0, paid.output
    assert f"for the iteration 1 prepayment (invoice {number}): paid in full" in paid.stdout
    assert _lines(brief)[-1]["invoices"] == [number]
    assert run("gate", "start", brief, "1", "--today", "2027-01-11").exit_code == 0
    status = json.loads(run("status", brief, "--today", "2027-01-11", "--format", "json").stdout)
    assert status["payments"][0]["invoices"] == [number]
    assert status["payments"][0]["shares"] == [{"instalment": "1-prepayment", "amount": "1071.00"}]


def test_one_transfer_pays_two_invoices(tmp_path: Path) -> None:
    brief = business(tmp_path)
    first = _invoice(brief, "1-prepayment")
    second = _invoice(brief, "2-prepayment")
    result = run(
        "record", brief, "payment", "--amount", "2499.00", "--invoice", second,
        "--invoice", first, "--date", PAID,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"1,428.00 EUR for the iteration 2 prepayment (invoice {second}; paid in full)" in result.stdout
    assert f"1,071.00 EUR for the iteration 1 prepayment (invoice {first}; paid in full)" in result.stdout


def _refused(brief: Path, args: list[str], message: str) -> None:
    before = brief.with_name(f"{brief.name}.log.jsonl").read_bytes()
    result = run("record", brief, "payment", *args, "--date", PAID)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"error: {brief}: --invoice: ") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert brief.with_name(f"{brief.name}.log.jsonl").read_bytes() == before


def test_an_unknown_or_foreign_invoice_is_refused(tmp_path: Path) -> None:
    brief = business(tmp_path)
    other = tmp_path / "bakery.yaml"
    other.write_bytes(brief.read_bytes())
    assert run("record", other, "signed", "--date", SIGNED).exit_code == 0
    theirs = _invoice(other, "1-prepayment")
    mine = _invoice(brief, "1-prepayment")
    _refused(brief, ["--amount", "1071.00", "--invoice", theirs], f"no invoice {theirs} of this brief")
    _refused(brief, ["--amount", "1071.00", "--invoice", "2026-9999"], f"its invoices: {mine}")
    _refused(brief, ["--amount", "1071.00", "--invoice", "../x"], "is not an invoice number")


def test_a_credited_invoice_is_not_paid_and_its_instalment_can_be_invoiced_again(
    tmp_path: Path,
) -> None:
    brief = business(tmp_path)
    number = _invoice(brief, "1-prepayment")
    credit = run("invoice", brief, "--credit", number, "--date", "2026-12-29", "--future")
    assert credit.exit_code == 0, credit.output
    last = _lines(brief)[-1]
    assert (last["event"], last["invoice"], last["date"]) == ("credited", number, "2026-12-29")
    shown = _instalment(brief, "1-prepayment", "2026-12-29")
    assert shown["invoice"] is None
    assert f"invoice {number} of {INVOICED} (1-prepayment) was cancelled by credit note" in run(
        "status", brief, "--today", "2026-12-29"
    ).stdout
    _refused(brief, ["--amount", "1071.00", "--invoice", number], f"was cancelled by credit note {last['number']}")
    again = _invoice(brief, "1-prepayment", day="2026-12-30")
    paid = run("record", brief, "payment", "--amount", "1071.00", "--invoice", again, "--date", PAID)
    assert paid.exit_code == 0, paid.output


def test_a_paid_invoice_or_one_dated_after_the_payment_is_refused(tmp_path: Path) -> None:
    brief = business(tmp_path)
    number = _invoice(brief, "1-prepayment")
    before = run("record", brief, "payment", "--amount", "1071.00", "--invoice", number, "--date", "2026-12-27")
    assert before.exit_code == 2 and "--for 1-prepayment" in before.stderr
    assert run("record", brief, "payment", "--amount", "1071.00", "--invoice", number, "--date", PAID).exit_code == 0
    _refused(brief, ["--amount", "1071.00", "--invoice", number], "is paid in full")


def test_an_invoices_line_is_not_voided_nor_recorded_by_hand(tmp_path: Path) -> None:
    brief = business(tmp_path)
    number = _invoice(brief, "1-prepayment")
    void = run("record", brief, "void", "--line", "2", "--reason", "oops", "--date", PAID)
    assert void.exit_code == 2 and "cancel it with a credit note" in void.stderr
    by_hand = run("record", brief, "invoiced", "--date", PAID)
    assert by_hand.exit_code == 2 and "is not an event" in by_hand.stderr
    assert [line["event"] for line in _lines(brief)] == ["signed", "invoiced"]
    assert number


def test_a_change_with_an_invoice_is_not_voided(tmp_path: Path) -> None:
    brief = business(tmp_path)
    change = run("record", brief, "change", "--price", "300", "--description", "Menu", "--date", "2026-12-20")
    assert change.exit_code == 0, change.output
    number = _invoice(brief, "change-1")
    void = run("record", brief, "void", "--line", "2", "--reason", "oops", "--date", PAID)
    assert void.exit_code == 2 and f"invoiced as {number}: cancel the invoice first" in void.stderr


def test_a_batch_leaves_a_brief_not_signed_yet(tmp_path: Path) -> None:
    folder = tmp_path / "clients"
    business(folder, name="a.yaml")
    business(folder, name="b.yaml", signed=False)
    result = run("invoice", folder, "--due", "2027-01-11", "--date", SIGNED)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].startswith("1 invoice issued, 1 brief with nothing due")
    assert f"nothing   {folder / 'b.yaml'}: not signed yet" in result.stderr


@pytest.mark.parametrize("failing", ["render", "record"])
def test_an_invoice_that_fails_leaves_no_trace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    import sqlite3

    from firmbrief.contracts.invoices import completion
    from firmbrief.errors import FirmbriefError

    brief = business(tmp_path)
    before = brief.with_name("logo.yaml.log.jsonl").read_bytes()

    def broken(*args: object, **kwargs: object) -> object:
        raise FirmbriefError("broken on purpose")

    if failing == "render":
        monkeypatch.setattr(completion, "render", broken)
    else:
        import firmbrief.contracts.record.recording as recording

        monkeypatch.setattr(recording, "append_event", broken)
    result = run("invoice", brief, "--date", INVOICED, "--future")
    assert result.exit_code != 0 and "broken on purpose" in result.stderr
    assert brief.with_name("logo.yaml.log.jsonl").read_bytes() == before
    assert not list(tmp_path.glob("*.pdf"))
    register = sqlite3.connect(tmp_path / "invoices.sqlite")
    tables = register.execute("SELECT name FROM sqlite_master WHERE name = 'invoices'").fetchall()
    assert not tables or not register.execute("SELECT COUNT(*) FROM invoices").fetchone()[0]


def test_the_readme_shows_invoicing_after_signing_as_it_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import re
    import shlex
    import shutil

    from conftest import ROOT

    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("### `firmbrief invoice BRIEF", 1)[1].split("\n## ", 1)[0]
    block = re.findall(r"```console\n(.*?)```", section, re.DOTALL)[0]
    shutil.copy(EXAMPLES / "logo.yaml", tmp_path / "logo.yaml")
    shutil.copy(EXAMPLES / "business" / "firmbrief.toml", tmp_path / "firmbrief.toml")
    monkeypatch.chdir(tmp_path)
    walked = block.splitlines()
    commands = [line[2:] for line in walked if line.startswith("$ ")]
    assert commands[0].startswith("firmbrief record logo.yaml signed")
    shown = iter(walked)
    for line in shown:
        result = run(*shlex.split(line[2:])[1:])
        expected = next(shown)
        assert (result.stdout or result.stderr).strip() == expected, (line, result.output)


def test_the_next_action_invoices_the_prepayment_then_waits_for_its_invoice(
    tmp_path: Path,
) -> None:
    brief = business(tmp_path)
    before = json.loads(run("status", brief, "--today", "2026-12-02", "--format", "json").stdout)
    assert before["next"]["action"] == "invoice-prepayment"
    assert before["next"]["command"] == f"firmbrief invoice {brief} 1-prepayment"
    number = _invoice(brief, "1-prepayment")
    after = json.loads(run("status", brief, "--today", "2026-12-29", "--format", "json").stdout)
    assert after["next"]["action"] == "wait-for-payment"
    assert f"(invoice {number}, 1,071.00 EUR, due 11 January 2027)" in after["next"]["text"]


def test_a_payment_names_an_invoice_once_and_not_beside_an_instalment(tmp_path: Path) -> None:
    brief = business(tmp_path)
    number = _invoice(brief, "1-prepayment")
    _refused(brief, ["--amount", "1071.00", "--invoice", number, "--invoice", number],
             "names an invoice twice")  # fmt: skip
    _refused(brief, ["--amount", "1071.00", "--invoice", number, "--for", "1-prepayment"],
             "names what it pays once")  # fmt: skip
