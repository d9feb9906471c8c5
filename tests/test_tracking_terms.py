"""The gate the signed terms set, said the same way by ``check``, the terms, ``gate`` and
``status``: an iteration starts once its prepayment is in and every iteration before it is
accepted and paid in full, unless the brief lets iterations overlap."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from firmbrief.briefs.language import document_locale, language_for
from firmbrief.briefs.loading import load_brief_file
from firmbrief.contracts.documents import document_context
from firmbrief.contracts.render import render_html
from firmbrief.contracts.views import Formats
from firmbrief.templates.translations import translations

from conftest import EXAMPLES, TODAY, in_language, run
from tracking_support import record, status


def _terms_text(brief: Path) -> str:
    parsed = load_brief_file(brief).brief
    assert parsed is not None
    html = render_html("terms", document_context(parsed, kind="terms", today=TODAY))
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_check_says_which_start_to_move_when_the_gate_cannot_open_in_time(
    brief_data: Any, write_brief: Any
) -> None:
    data = brief_data("logo")
    data["iterations"][1]["start"] = "2027-02-10"  # iteration 1's review ends Wed 10 Feb
    data["materials"][2]["due"] = "2027-02-08"  # still before iteration 2 starts
    brief = write_brief(data, "logo.yaml")
    result = run("check", brief, "--today", TODAY.isoformat())
    assert result.exit_code == 1, result.output  # a plan the gate cannot keep is not signed
    # its round: feedback by 10 Feb, revised work 5 working days later (17 Feb), reviewed for 3
    # more (22 Feb); iteration 1 delivered 12 working days before 10 Feb leaves that room
    assert (
        "error   iterations[1].start  starts 2027-02-10, before iteration 1 can be accepted and "
        "paid (its review ends 2027-02-10 and its 1 included revision round(s) run until "
        "2027-02-22): an iteration starts only once the one before it is accepted and paid in "
        "full. Move this start to 2027-02-23 or later, deliver iteration 1 by 2027-01-25, "
        "include fewer revision rounds in iteration 1, or let iterations overlap "
        "(terms.iterations: may_overlap)"
    ) in result.stdout
    data["terms"]["iterations"] = "may_overlap"
    data["iterations"][1]["start"] = "2027-02-01"  # before iteration 1 is even delivered
    data["materials"][2]["due"] = "2027-01-29"
    overlapping = write_brief(data, "overlap.yaml")
    allowed = run("check", overlapping, "--today", TODAY.isoformat())
    assert allowed.stdout == f"{overlapping}: ready to start\n"


def test_the_terms_state_the_gate_and_when_iterations_may_overlap(
    tmp_path: Path, brief_data: Any, write_brief: Any
) -> None:
    # the English clauses' wording (the example's Berlin client reads them in German)
    strict = _terms_text(in_language(EXAMPLES / "logo.yaml", tmp_path / "en"))
    assert (
        "Work on an iteration starts only once its prepayment has been received and every "
        "iteration before it has been accepted and paid in full."
    ) in strict
    assert "No iteration starts while an invoice is overdue." in strict
    assert "each iteration is paid in full before the next one starts" in strict
    assert (
        "If the freelancer ends it at will, or the client ends it for a cause on the freelancer’s "
        "side, no fee is due, and the freelancer refunds what was paid for every iteration not "
        "accepted."
    ) in strict
    data = brief_data("logo")
    data["terms"]["iterations"] = "may_overlap"
    data["language"] = "en"
    loose = _terms_text(write_brief(data, "overlap.yaml"))
    assert "iterations may overlap, so an iteration may start before the one before it" in loose
    assert "every iteration before it has been accepted and paid in full" not in loose


def test_with_overlap_allowed_an_iteration_starts_on_its_own_prepayment(
    brief_data: Any, write_brief: Any
) -> None:
    data = brief_data("logo")
    data["terms"]["iterations"] = "may_overlap"
    brief = write_brief(data, "logo.yaml")
    record(brief, "signed", "--date", "2026-12-01")
    record(brief, "payment", "--amount", "1071.00", "--date", "2027-01-05")
    record(brief, "materials", "--material", "1", "--material", "2", "--material", "3",
           "--date", "2027-01-06")  # fmt: skip
    record(brief, "payment", "--amount", "1428.00", "--date", "2027-02-12")  # 2-prepayment
    gate = run("gate", "start", brief, "2", "--today", "2027-02-23")  # iteration 1 not delivered
    assert gate.exit_code == 0, gate.output
    assert (
        "  note: the terms let iterations overlap: the one before need not be accepted and paid "
        "first"
    ) in gate.stdout
    data_ = status(brief, "2027-02-23")
    assert [it["state"] for it in data_["iterations"]] == ["in-progress", "in-progress"]
    assert data_["iterations"][1]["start"] == "2027-02-23"


def test_without_overlap_the_next_iteration_waits_and_its_dates_follow(logo: Path) -> None:
    record(logo, "signed", "--date", "2026-12-01")
    record(logo, "payment", "--amount", "1071.00", "--date", "2027-01-05")
    record(logo, "materials", "--material", "1", "--material", "2", "--material", "3",
           "--date", "2027-01-06")  # fmt: skip
    record(logo, "payment", "--amount", "1428.00", "--date", "2027-02-12")  # 2-prepayment
    gate = run("gate", "start", logo, "2", "--today", "2027-02-22")
    assert gate.exit_code == 1, gate.output
    assert "  - iteration 1 is not accepted yet" in gate.stdout
    data = status(logo, "2027-02-22")
    first, second = data["iterations"]
    # iteration 1 was due on 5 Feb and is not delivered: delivered today (Mon 22 Feb), its
    # review would end Thu 25 Feb; iteration 2 (planned Tue 23 Feb) starts the working day
    # after, Fri 26 Feb, and its delivery (Fri 19 Mar) moves as far: 3 working days
    assert first["review_ends"] == "2027-02-25"
    assert (second["start"], second["delivery"]) == ("2027-02-26", "2027-03-24")
    assert second["state"] == "planned"
    assert date.fromisoformat(second["start"]) > date.fromisoformat(second["planned_start"])


def test_a_cancellation_settles_with_the_figures_of_the_terms_worked_example(logo: Path) -> None:
    terms = _terms_text(logo)
    parsed = load_brief_file(logo).brief
    assert parsed is not None
    fmt = Formats(document_locale(parsed), "EUR", 2)

    def money(amount: Decimal) -> str:
        return " ".join(fmt.money(amount).split())  # as _terms_text joins words

    # the terms, in German as the example's client reads them: ending during iteration 1
    # (1,800.00, prepayment 900.00) costs 25% of the remaining 900.00, that is 225.00 plus VAT
    assert f"bedeutet die Zahlung von {money(Decimal('225'))} , das sind 25% der offenen " \
        f"{money(Decimal('900'))} , zuzüglich Umsatzsteuer ." in terms, terms
    assert "VAT" not in terms  # the brief's "VAT" in German, in the glance as in the clauses
    record(logo, "signed", "--date", "2026-12-01")
    record(logo, "payment", "--amount", "1071.00", "--date", "2027-01-05")
    record(logo, "materials", "--material", "1", "--material", "2", "--date", "2027-01-06")
    record(logo, "cancelled", "--by", "client", "--date", "2027-01-20")
    line = status(logo, "2027-01-21")["cancellation"]["owed"][0]
    assert line["fee"] == {"net": "225.00", "tax": "42.75", "gross": "267.75"}
    assert line["owed"]["gross"] == "1338.75"  # the prepayment kept, and the fee
    notice = " ".join(run("notice", logo, "cancellation", "--today", "2027-01-21").stdout.split())
    # the notice's words from the catalogue of the client's language; what follows the label
    _ = translations(language_for(parsed)).gettext
    words = _(
        "{label}: in progress; what was paid is kept, and {fee} of its unpaid rest is due "
        "({amount})"
    ).format(label="\0", fee="25%", amount=money(Decimal("267.75")))
    owed = _("{words}: {owed} owed, {received} received").format(
        words=words, owed=money(Decimal("1338.75")), received=money(Decimal("1071"))
    )
    assert owed.split("\0", 1)[1] in notice, notice
