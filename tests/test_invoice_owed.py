"""Invoices follow the record (issue 24, item 2; issue 28, item 4): the default instalment is
the one owed now; a balance before acceptance, an instalment paid in full and anything of a
cancelled project are refused with the reason; after a cancellation the settlement is invoiced
(its lines as in the cancellation notice), and a refund owed is a credit note. ``invoice
--due`` follows the same rule."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from firmbrief.briefs.language import document_locale, language_for
from firmbrief.briefs.loading import load_brief_file
from firmbrief.contracts.catalogues import translations
from firmbrief.contracts.views import Formats

from conftest import EXAMPLES, run
from invoice_support import business, xml_of, xml_values
from pdf_support import squash, text_of


def _issue(brief: Path, *args: str, day: str) -> tuple[int, str, dict[str, str]]:
    result = run("invoice", brief, *args, "--date", day, "--future", "--format", "json")
    data = json.loads(result.stdout) if result.exit_code == 0 else {}
    return result.exit_code, result.stderr, data


def _words(brief: Path) -> tuple[Callable[[str], str], Formats]:
    """The words and formats of the language ``brief``'s client reads."""
    parsed = load_brief_file(brief).brief
    assert parsed is not None
    fmt = Formats(document_locale(parsed), "EUR", 2)
    return translations(language_for(parsed)).gettext, fmt


def _record(brief: Path, *args: str) -> None:
    result = run("record", brief, *args)
    assert result.exit_code == 0, result.output


def _log(brief: Path) -> list[dict[str, object]]:
    text = brief.with_name(f"{brief.name}.log.jsonl").read_text("utf-8")
    return [json.loads(line) for line in text.splitlines()]


def _plan() -> dict[str, object]:
    data = yaml.safe_load((EXAMPLES / "logo.yaml").read_text("utf-8"))
    assert isinstance(data, dict)
    return data


def test_a_balance_before_acceptance_is_refused_then_owed_once_accepted(tmp_path: Path) -> None:
    brief = business(tmp_path)
    before = _log(brief)
    code, err, _ = _issue(brief, "1-balance", day="2027-02-09")
    assert code == 1, err
    assert "the iteration 1 balance is not owed yet: it falls due once iteration 1 is accepted" in err
    assert len(err.strip().splitlines()) == 1
    assert _log(brief) == before and not list(tmp_path.glob("*.pdf"))
    _record(brief, "delivered", "--date", "2027-02-09")
    _record(brief, "accepted", "--date", "2027-02-11")
    code, err, data = _issue(brief, "1-balance", day="2027-02-11")
    assert code == 0, err
    days = _plan()["payment"]["due_days"]  # type: ignore[index]
    starts = _plan()["iterations"][1]["start"]  # type: ignore[index]
    # due_days after acceptance, but by iteration 2's start at the latest (issue 24)
    assert data["due"] == min(date(2027, 2, 11) + timedelta(days=days), starts).isoformat()


def test_a_balance_accepted_by_silence_is_owed(tmp_path: Path) -> None:
    brief = business(tmp_path)
    _record(brief, "delivered", "--date", "2027-02-09")
    _record(brief, "note", "--kind", "review", "--date", "2027-02-15")  # the written reminder
    code, err, _ = _issue(brief, "1-balance", day="2027-02-16")  # the client may still answer
    assert code == 1 and "not owed yet" in err
    status = json.loads(run("status", brief, "--today", "2027-03-10", "--format", "json").stdout)
    deemed = status["iterations"][0]
    assert deemed.get("accepted") is None  # not accepted in words: by silence
    code, err, data = _issue(brief, "1-balance", day="2027-03-10")
    assert (code, data.get("instalment")) == (0, "1-balance"), err


def test_the_default_is_the_instalment_owed_now(tmp_path: Path) -> None:
    brief = business(tmp_path)
    code, err, first = _issue(brief, day="2026-12-02")
    assert (code, first.get("instalment")) == (0, "1-prepayment"), err
    code, err, second = _issue(brief, day="2026-12-02")
    assert (code, second.get("instalment")) == (0, "2-prepayment"), err  # never 1-balance
    _record(brief, "delivered", "--date", "2027-02-09")
    _record(brief, "accepted", "--date", "2027-02-11")
    code, err, third = _issue(brief, day="2027-02-11")
    assert (code, third.get("instalment")) == (0, "1-balance"), err


def test_an_instalment_paid_in_full_is_not_invoiced(tmp_path: Path) -> None:
    brief = business(tmp_path)
    _record(brief, "payment", "--amount", "1071.00", "--for", "1-prepayment", "--date", "2026-12-03")
    code, err, _ = _issue(brief, "1-prepayment", day="2026-12-04")
    assert code == 1 and "the iteration 1 prepayment was paid in full on 3 December 2026" in err
    assert not list(tmp_path.glob("*.pdf"))
    code, err, data = _issue(brief, day="2026-12-04")  # the default skips it
    assert (code, data.get("instalment")) == (0, "2-prepayment"), err


def test_after_a_cancellation_only_the_settlement_is_invoiced(tmp_path: Path) -> None:
    brief = business(tmp_path)
    _record(brief, "payment", "--amount", "1071.00", "--for", "1-prepayment", "--date", "2026-12-03")
    _record(brief, "delivered", "--draft", "1", "--date", "2027-01-25")  # under way
    _record(brief, "cancelled", "--by", "client", "--date", "2027-01-27")
    for args in ((), ("1-balance",), ("2-prepayment",)):
        code, err, _ = _issue(brief, *args, day="2027-01-28")
        assert code == 1, err
        assert "the project was cancelled on 27 January 2027" in err
        assert "firmbrief invoice BRIEF settlement" in err
    assert not list(tmp_path.glob("*.pdf"))
    status = json.loads(run("status", brief, "--today", "2027-01-28", "--format", "json").stdout)
    notice = run("notice", brief, "cancellation", "--today", "2027-01-28", "-o", "-").stdout
    code, err, data = _issue(brief, "settlement", day="2027-01-28")
    assert code == 0, err
    assert data["kind"] == "invoice" and data["instalment"] == "settlement"
    # the amount billed is what the settlement leaves owed, as status says
    assert data["gross"] == status["cancellation"]["balance"] != "0.00"
    pdf = tmp_path / f"logo-invoice-{data['number']}.pdf"
    text = " ".join(text_of(pdf).replace("\u2010 ", "").split())  # a hyphenated word whole
    _, fmt = _words(brief)  # the client in Berlin: the notice and the invoice in German
    settled = _("Settlement after the cancellation on {day}").format(day=fmt.day(date(2027, 1, 27)))
    assert squash(settled) in text
    # each line as the cancellation notice words it (its first list: the settlement)
    paragraphs = [" ".join(p.split()) for p in notice.split("\n\n")]
    line = next(p for p in paragraphs if p.startswith("- ")).removeprefix("- ")
    assert squash(line) in text
    assert xml_values(xml_of(pdf))["gross"] == data["gross"]
    assert _log(brief)[-1]["instalment"] == "settlement"
    again, err, _ = _issue(brief, "settlement", day="2027-01-29")
    assert again == 1 and f"the settlement was invoiced as {data['number']}" in err


def test_a_refund_owed_after_a_cancellation_is_a_credit_note(tmp_path: Path) -> None:
    brief = business(tmp_path)
    _record(brief, "payment", "--amount", "1071.00", "--for", "1-prepayment", "--date", "2026-12-03")
    _record(brief, "cancelled", "--by", "freelancer", "--date", "2026-12-10")
    code, err, data = _issue(brief, "settlement", day="2026-12-11")
    assert code == 0, err
    assert data["kind"] == "credit_note" and data["due"] is None
    assert data["gross"] == "-1071.00"  # the freelancer ending refunds what was paid
    pdf = tmp_path / f"logo-credit-note-{data['number']}.pdf"
    assert xml_values(xml_of(pdf))["type"] == "381"
    text = " ".join(text_of(pdf).replace("\u2010 ", "").split())  # a hyphenated word whole
    _, fmt = _words(brief)  # the client in Berlin: the credit note in German
    refund = _("Refund after the cancellation on {day}").format(day=fmt.day(date(2026, 12, 10)))
    assert squash(refund) in text
    to_you = _(
        "The settlement of the cancellation leaves %(refund)s to refund to you: it will be paid "
        "back to the account it came from. Nothing is to be paid."
    ) % {"refund": fmt.money(Decimal("1071.00"))}
    assert squash(to_you) in text and _("Cancels invoice") not in text
    again, err, _ = _issue(brief, "settlement", day="2026-12-12")
    assert again == 1 and f"the settlement was invoiced as {data['number']}" in err


@pytest.mark.parametrize("by", ["2027-01-31", "2027-06-30"])
def test_invoice_due_follows_the_same_rule(tmp_path: Path, by: str) -> None:
    folder = tmp_path / "clients"
    brief = business(folder, name="a.yaml")
    _record(brief, "payment", "--amount", "1071.00", "--for", "1-prepayment", "--date", "2026-12-03")
    result = run("invoice", folder, "--due", by, "--date", "2026-12-04", "--future")
    assert result.exit_code == 0, result.output
    billed = [str(line["instalment"]) for line in _log(brief) if line["event"] == "invoiced"]
    # paid: never billed again; balances: not before acceptance; prepayments: by their day
    assert "1-prepayment" not in billed and not any(k.endswith("balance") for k in billed)
