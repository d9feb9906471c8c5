"""The register as the single truth, and the invoice command's guards (issue 28, items 2-12):
one register per business, owned by one seller; a lost register refused with the last number
known; ``-o EXISTING`` left intact on failure; future dates confirmed; invoices found after the
folder moved; a time budget; noncharacters refused where they enter and the EPC QR fields fitted
to their limits; a damaged, read-only or full register one line, exit 2; dates inside the
planning years; a private brief's outputs private."""

from __future__ import annotations

import json
import shutil
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from firmbrief.contracts.invoices.data import InvoiceData

from conftest import run
from invoice_support import PROFILE, business, sign

DAY = "2026-12-01"


def _issue(brief: Path, *args: str) -> tuple[int, str, dict[str, str]]:
    result = run("invoice", brief, *args, "--format", "json")
    data = json.loads(result.stdout) if result.exit_code == 0 else {}
    return result.exit_code, result.stderr, data


def _numbers(register: Path) -> list[str]:
    """The numbers in the register (none in a register created but never written)."""
    with sqlite3.connect(register) as db:
        if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'invoices'").fetchone():
            return []
        return [n for (n,) in db.execute("SELECT number FROM invoices ORDER BY rowid")]


def _one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), stderr
    return lines[0]


# --- item 2: one register per business; a lost register refused -------------------------------


def test_a_brief_without_a_profile_is_not_invoiced(tmp_path: Path) -> None:
    brief = business(tmp_path)
    (tmp_path / "firmbrief.toml").unlink()
    code, err, _ = _issue(brief, "--date", DAY)
    assert code == 1 and "no firmbrief.toml applies to this brief" in _one_line(err)
    assert not (tmp_path / "invoices.sqlite").exists() and not list(tmp_path.glob("*.pdf"))


@pytest.mark.parametrize("loss", ["deleted", "emptied"])
def test_a_lost_register_is_refused_with_the_last_number_known(tmp_path: Path, loss: str) -> None:
    brief = business(tmp_path)
    other = business(tmp_path, name="bakery.yaml")
    assert _issue(brief, "--date", DAY)[0] == 0
    code, err, second = _issue(other, "--date", DAY)
    assert code == 0, err
    register = tmp_path / "invoices.sqlite"
    register.unlink()
    if loss == "emptied":
        register.write_bytes(b"")
    code, err, _ = _issue(brief, "--date", DAY)
    assert code == 2
    line = _one_line(err)
    assert f"lacks invoice {second['number']} of 1 December 2026 (in bakery.yaml.log.jsonl)" in line
    assert "Restore it from your backup" in line
    assert not [p for p in tmp_path.glob("*.pdf") if "0003" in p.name]


def test_a_register_begun_for_a_new_year_need_not_hold_the_last(tmp_path: Path) -> None:
    brief = business(tmp_path)
    assert _issue(brief, "--date", DAY)[0] == 0
    profile = tmp_path / "firmbrief.toml"
    profile.write_text(PROFILE + '\n[invoices]\nregister = "2027.sqlite"\n', "utf-8")
    code, err, _ = _issue(brief, "--date", DAY)  # the 2026 series again: its 0001 is elsewhere
    assert code == 2 and "lacks invoice 2026-0001" in _one_line(err)
    code, err, data = _issue(brief, "--date", "2027-01-04", "--future")
    assert (code, data.get("number")) == (0, "2027-0001"), err


# --- item 3: a register belongs to one seller --------------------------------------------------


def test_a_register_refuses_another_seller(tmp_path: Path) -> None:
    brief = business(tmp_path)
    assert _issue(brief, "--date", DAY)[0] == 0
    other = tmp_path / "other"
    books = tmp_path / "invoices.sqlite"
    profile = PROFILE.replace('company = "Jensen Studio"', 'company = "Other Studio"')
    theirs = business(other, profile + f'\n[invoices]\nregister = "{books}"\n')
    data = yaml.safe_load(theirs.read_text("utf-8"))
    data["freelancer"]["tax_id"] = "DE136695976"
    theirs.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    sign(theirs)
    code, err, _ = _issue(theirs, "--date", DAY)
    assert code == 2 and "belongs to another business" in _one_line(err)
    assert _numbers(books) == ["2026-0001"] and not list(other.glob("*.pdf"))


# --- item 5: a failed -o EXISTING leaves the file ----------------------------------------------


def test_a_failed_invoice_leaves_an_existing_output_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from firmbrief.errors import FirmbriefError

    brief = business(tmp_path)
    existing = tmp_path / "mine.pdf"
    existing.write_bytes(b"my own file")
    log = brief.with_name("logo.yaml.log.jsonl")
    before = log.read_bytes()

    def broken(*args: object, **kwargs: object) -> object:
        raise FirmbriefError("cannot append on purpose")

    import firmbrief.contracts.record.recording as recording

    monkeypatch.setattr(recording, "tie", broken)
    code, err, _ = _issue(brief, "--date", DAY, "-o", str(existing))
    assert code == 2 and "cannot append on purpose" in err
    assert existing.read_bytes() == b"my own file"
    assert log.read_bytes() == before
    assert _numbers(tmp_path / "invoices.sqlite") == []  # the number was taken back


def test_an_output_that_cannot_be_written_gives_the_number_back(tmp_path: Path) -> None:
    brief = business(tmp_path)
    log = brief.with_name("logo.yaml.log.jsonl")
    before = log.read_bytes()
    (tmp_path / "a-file").write_bytes(b"")
    code, err, _ = _issue(brief, "--date", DAY, "-o", str(tmp_path / "a-file" / "x.pdf"))
    assert code == 2 and "cannot write here" in _one_line(err)
    assert log.read_bytes() == before and _numbers(tmp_path / "invoices.sqlite") == []
    code, err, data = _issue(brief, "--date", DAY)
    assert (code, data.get("number")) == (0, "2026-0001"), err  # no gap


# --- item 6: a future date is confirmed ----------------------------------------------------------


def test_a_future_dated_invoice_is_refused_unless_confirmed(tmp_path: Path) -> None:
    from firmbrief.contracts.invoices.issue import issue_invoice
    from firmbrief.errors import DatedTooEarly, NotReady

    brief = business(tmp_path)
    today, typo = date(2026, 12, 8), date(2026, 12, 28)  # 28 for 08
    with pytest.raises(NotReady, match="is dated after today .8 December 2026.*--future"):
        issue_invoice(brief, day=typo, today=today)
    assert not list(tmp_path.glob("*.pdf"))
    done = issue_invoice(brief, day=typo, today=today, future=True)
    blocked = f"{done.invoice.number}, is dated 28 December 2026"
    with pytest.raises(DatedTooEarly, match=blocked):
        issue_invoice(brief, day=today, today=today)
    # on the command line: --future confirms it (a date far ahead, after any real today)
    code, err, _ = _issue(brief, "--date", "2062-12-01")
    assert code == 1 and "is dated after today" in _one_line(err) and "--future" in err


# --- item 7: found after the folder moved --------------------------------------------------------


def test_credit_and_reprint_work_after_the_folder_moved(tmp_path: Path) -> None:
    brief = business(tmp_path / "2026" / "kettle")
    code, err, data = _issue(brief, "--date", DAY)
    assert code == 0, err
    shutil.move(tmp_path / "2026", tmp_path / "archive")
    moved = tmp_path / "archive" / "kettle" / "logo.yaml"
    reprinted = run("invoice", moved, "--reprint", data["number"])
    assert reprinted.exit_code == 0, reprinted.output
    credited = run("invoice", moved, "--credit", data["number"], "--date", DAY)
    assert credited.exit_code == 0, credited.output
    assert "cancels" in credited.stdout
    again = run("invoice", moved, "1-prepayment", "--date", DAY)  # its invoice was cancelled
    assert again.exit_code == 0, again.output


# --- item 8: a time budget -----------------------------------------------------------------------


def test_invoice_has_a_time_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from firmbrief.commands.app import BUDGETS, main

    assert BUDGETS["invoice"] is not None
    brief = business(tmp_path)
    monkeypatch.setenv("FIRMBRIEF_TIME_SCALE", "0.00001")
    code = main(["invoice", str(brief), "--date", DAY])
    assert code == 2 and "invoice took longer than" in capsys.readouterr().err
    assert not list(tmp_path.glob("*.pdf"))
    # with --due, each invoice of the batch has the same budget: the batch goes on, and says so
    code = main(["invoice", str(tmp_path), "--due", "2027-01-31", "--date", DAY])
    assert code == 1 and "invoicing took longer than" in capsys.readouterr().out
    assert not list(tmp_path.glob("*.pdf"))


# --- item 9: noncharacters refused where they enter; the EPC QR code fitted -----------------


@pytest.mark.parametrize("char", ["\ufffe", "\uffff", "\ufdd0", "\U0001fffe"])
def test_a_noncharacter_in_a_name_is_refused_when_the_brief_is_read(
    tmp_path: Path, char: str
) -> None:
    brief = business(tmp_path, signed=False)
    data = yaml.safe_load(brief.read_text("utf-8"))
    data["client"]["name"] = f"Tom{char}Becker"
    brief.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    result = run("check", brief, "--today", DAY)
    assert result.exit_code != 0
    assert f"U+{ord(char):04X} is not a character" in result.output


def test_the_epc_fields_fit_the_standards_limits() -> None:
    from dataclasses import replace

    from firmbrief.contracts.invoices.document import epc_fields, qr_code

    invoice = _an_invoice()
    for holder in ("\U0001f600" * 70, "A" * 200, "Ä" * 120):
        fitted = replace(invoice, bank_holder=holder)
        name, text = epc_fields(fitted)
        payload = "\n".join(["BCD", "002", "1", "SCT", fitted.bic, name, fitted.iban,
                             "EUR1071", "", "", text]).encode()  # fmt: skip
        assert len(name) <= 70 and len(text) <= 140 and len(payload) <= 331
        assert holder.startswith(name)
        assert qr_code(fitted) is not None  # segno accepts it


def _an_invoice() -> InvoiceData:
    from firmbrief.briefs.money import Amounts
    from firmbrief.contracts.invoices.data import PartyData

    party = PartyData("Jensen Studio", "", "", (), "", "", "DE", "", False, "")
    amounts = Amounts(Decimal("900.00"), Decimal("171.00"), Decimal("1071.00"))
    return InvoiceData(
        number="2026-0001", kind="invoice", issued=date(2026, 12, 1),
        due=None, credits="", credits_issued=None, project="P", instalment="1-prepayment",
        instalment_kind="prepayment", description="d", iteration=1, iteration_name="",
        deliverables=(), seller=party, buyer=party, currency="EUR", digits=2, amounts=amounts,
        rate=Decimal(19), tax_name="VAT", exemption="none", tax_note="", gross_prices=False,
        bank_holder="", iban="DE89370400440532013000", bic="COBADEFFXXX", payment_link="",
        due_days=14, clause="", fingerprint="0" * 16, brief_json="{}", locale="en",
    )  # fmt: skip


# --- item 10: a damaged, read-only or full register ---------------------------------------------


@contextmanager
def _register_as(monkeypatch: pytest.MonkeyPatch, pragma: str) -> Iterator[None]:
    """Every connection to the register opened with ``pragma`` (read-only, or no room)."""
    from firmbrief.contracts.invoices.register import Register

    opened = Register._connect

    def connect(self: Register, *, create: bool) -> sqlite3.Connection:
        connection = opened(self, create=create)
        if pragma == "full":
            (pages,) = connection.execute("PRAGMA page_count").fetchone()
            connection.execute(f"PRAGMA max_page_count = {pages}")
        else:
            connection.execute("PRAGMA query_only = 1")
        return connection

    with monkeypatch.context() as patch:
        patch.setattr(Register, "_connect", connect)
        yield


@pytest.mark.parametrize(("pragma", "said"), [("full", "the disk is full"),
                                              ("readonly", "is read-only")])  # fmt: skip
def test_a_read_only_or_full_register_is_one_line_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pragma: str, said: str
) -> None:
    brief = business(tmp_path)
    assert _issue(brief, "--date", DAY)[0] == 0
    register = tmp_path / "invoices.sqlite"
    with sqlite3.connect(register) as db:  # fill the last page: the next row needs a new one
        db.execute("VACUUM")
    before = register.read_bytes()
    log = brief.with_name("logo.yaml.log.jsonl").read_bytes()
    with _register_as(monkeypatch, pragma):
        code, err, _ = _issue(brief, "--date", DAY)
    assert code == 2 and said in _one_line(err), err
    assert register.read_bytes() == before
    assert brief.with_name("logo.yaml.log.jsonl").read_bytes() == log


def test_a_damaged_row_is_one_line_exit_2(tmp_path: Path) -> None:
    brief = business(tmp_path)
    assert _issue(brief, "--date", DAY)[0] == 0
    register = tmp_path / "invoices.sqlite"
    with sqlite3.connect(register) as db:
        db.execute("DROP TRIGGER invoices_never_changed")
        db.execute("UPDATE invoices SET data = '[1, 2', issued = 'soon'")
    code, err, _ = _issue(brief, "--date", DAY)
    assert code == 2 and "is damaged: the row of '2026-0001' cannot be read" in _one_line(err)


# --- item 11: the planning years ------------------------------------------------------------------


def test_an_invoice_due_after_the_planning_years_is_refused(tmp_path: Path) -> None:
    brief = business(tmp_path)
    log = brief.with_name("logo.yaml.log.jsonl").read_bytes()
    code, err, _ = _issue(brief, "1-prepayment", "--date", "2199-12-31", "--future")
    assert code == 2 and "outside the years a project can plan in" in _one_line(err)
    assert brief.with_name("logo.yaml.log.jsonl").read_bytes() == log
    assert not list(tmp_path.glob("*.pdf")) and _numbers(tmp_path / "invoices.sqlite") == []
    assert run("status", brief, "--today", DAY).exit_code == 0  # the record still reads


# --- item 12: a private brief's outputs are private ---------------------------------------------


def test_the_outputs_of_a_private_brief_are_private(tmp_path: Path) -> None:
    brief = business(tmp_path)
    brief.chmod(0o600)
    code, err, data = _issue(brief, "--date", DAY)
    assert code == 0, err
    credit = run("invoice", brief, "--credit", data["number"], "--date", DAY, "--format", "json")
    assert credit.exit_code == 0, credit.output
    reprint = tmp_path / "again.pdf"
    assert run("invoice", brief, "--reprint", data["number"], "-o", reprint).exit_code == 0
    calendar = tmp_path / "plan.ics"
    assert run("schedule", brief, "--ics", calendar, "--today", DAY).exit_code == 0
    questions = tmp_path / "questions.html"
    assert run("questionnaire", "--from", brief, "-o", questions).exit_code == 0
    outputs = [*tmp_path.glob("logo-*.pdf"), reprint, tmp_path / "invoices.sqlite", calendar,
               questions]  # fmt: skip
    assert len(outputs) == 6
    for path in outputs:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


# --- a register of the first format is brought up to date ---------------------------------------

_FORMAT_1 = """
CREATE TABLE invoices (
    number TEXT NOT NULL UNIQUE, series TEXT NOT NULL, seq INTEGER NOT NULL CHECK (seq >= 1),
    kind TEXT NOT NULL CHECK (kind IN ('invoice', 'credit_note')), project TEXT NOT NULL,
    instalment TEXT NOT NULL, credits TEXT REFERENCES invoices (number), issued TEXT NOT NULL,
    due TEXT, currency TEXT NOT NULL, net TEXT NOT NULL, tax TEXT NOT NULL, gross TEXT NOT NULL,
    data TEXT NOT NULL,
    recorded TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (series, seq)
);
CREATE TRIGGER invoices_never_deleted BEFORE DELETE ON invoices
BEGIN SELECT RAISE(ABORT, 'an invoice is never deleted: issue a credit note'); END;
CREATE TRIGGER invoices_never_changed BEFORE UPDATE ON invoices
BEGIN SELECT RAISE(ABORT, 'an invoice is never changed or renumbered: issue a credit note'); END;
PRAGMA user_version = 1;
"""


def test_a_register_of_the_first_format_is_brought_up_to_date(tmp_path: Path) -> None:
    brief = business(tmp_path)
    register = tmp_path / "invoices.sqlite"
    seller = yaml.safe_load(brief.read_text("utf-8"))["freelancer"]["tax_id"]
    data = json.dumps({"seller": {"tax_id": seller, "display": "Jensen Studio"}})
    with sqlite3.connect(register) as db:
        db.executescript(_FORMAT_1)
        db.execute(
            "INSERT INTO invoices VALUES ('2026-0001', '2026', 1, 'invoice', '/elsewhere.yaml', "
            "'1-prepayment', NULL, '2026-11-30', '2026-12-14', 'EUR', '1.00', '0.00', '1.00', ?, "
            "'2026-11-30T10:00:00Z')",
            (data,),
        )
    code, err, done = _issue(brief, "--date", DAY)
    assert code == 0, err
    assert done["number"] == "2026-0002"
    with sqlite3.connect(register) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (2,)
        states = db.execute("SELECT number, state FROM invoices ORDER BY seq").fetchall()
        assert states == [("2026-0001", "issued"), ("2026-0002", "issued")]
        with pytest.raises(sqlite3.IntegrityError, match="never changed"):
            db.execute("UPDATE invoices SET gross = '0.00' WHERE number = '2026-0001'")
