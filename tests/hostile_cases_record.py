"""Hostile cases, second round: money, the record, dates, the client's terms, and what signals,
odd file names and modes do (findings 1, 2, 4, 5, 12 and 13 of issue 19)."""

from __future__ import annotations

import json
import os
import signal
import stat
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from firmbrief.contracts.record.log import _check

from conftest import TODAY, run
from hostile_support import Env, Expect, guards, logo, set_at, signed

DAY = TODAY.isoformat()


def _lines(log: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in log.read_text("utf-8").splitlines()]


# --- 1: a decimal comma -------------------------------------------------------------------------


@guards("money.parse-amount")
def decimal_comma_payment(env: Env) -> Expect:
    brief = env.brief(logo(), "logo.yaml")
    assert run("record", brief, "signed", "--date", "2026-12-01").exit_code == 0
    log = env.work / "logo.yaml.log.jsonl"

    def as_written() -> None:
        assert _lines(log)[-1]["amount"] == "1071.00"

    return Expect(
        ["record", str(brief), "payment", "--amount", "1071,00", "--date", "2027-01-05"],
        0,
        then=as_written,
    )


@guards("money.parse-amount")
def amount_read_two_ways(env: Env) -> Expect:
    brief, log = signed(env)
    return Expect(
        ["record", str(brief), "change", "--price", "1,071", "--description", "Menu"],
        2,
        r'--price: "1,071" could be 1071 .* or 1\.071',
        unchanged=[log],
    )


# --- 2: events lost while the brief is replaced -------------------------------------------------


@guards("record.lock-file-beside-the-record")
def twenty_notes_while_the_brief_is_replaced(env: Env) -> Expect:
    brief, log = signed(env)
    content = brief.read_bytes()
    copies = 20

    def replace_the_brief() -> None:
        deadline = time.monotonic() + 90
        spare = brief.with_name(".logo.yaml.saving")
        while time.monotonic() < deadline and len(_lines(log)) < 2 + copies:
            spare.write_bytes(content)
            os.replace(spare, brief)  # as editors and sync tools save
            time.sleep(0.002)

    def every_line_kept() -> None:
        assert len(_lines(log)) == 2 + copies

    argv = ["record", str(brief), "note", "--kind", "update", "--about", "Weekly update"]
    return Expect(
        [*argv, "--date", "2027-01-06"],
        0,
        copies=copies,
        during=replace_the_brief,
        seconds=150,
        then=every_line_kept,
    )


# --- 4: extreme dates ---------------------------------------------------------------------------


@guards("dates.year-bounds")
def delay_to_the_year_9999(env: Env) -> Expect:
    brief, log = signed(env)
    return Expect(
        ["record", str(brief), "delay", "-i", "1", "--delivery", "9999-12-31"],
        2,
        r'--delivery: "9999-12-31" is outside the years a project can plan in \(1900 to 2199\)',
        unchanged=[log],
    )


@guards("dates.year-bounds")
def today_in_the_year_9999(env: Env) -> Expect:
    brief, _ = signed(env)
    return Expect(
        ["status", str(brief), "--today", "9999-12-30"],
        2,
        r'--today: "9999-12-30" is outside the years a project can plan in',
    )


@guards("dates.year-bounds")
def brief_delivering_in_year_1(env: Env) -> Expect:
    path = env.brief(set_at(logo(), "iterations.1.delivery", "0001-01-01"))
    return Expect(
        ["check", str(path), "--today", DAY],
        1,
        stdout=r'iterations\[1\]\.delivery +"0001-01-01" is outside the years',
    )


# --- 5: forged lines ----------------------------------------------------------------------------


def _forged(env: Env, amount: str, message: str) -> Expect:
    """A payment line with a valid check sum and an amount ``record`` would refuse."""
    brief, log = signed(env)
    last = _lines(log)[-1]
    fields = {
        "seq": 3,
        "event": "payment",
        "date": "2027-01-06",
        "amount": amount,
        "instalment": "1-balance",
        "recorded": last["recorded"],
        "prev": last["check"],
    }
    fields["check"] = _check(fields)
    with log.open("ab") as handle:
        handle.write(json.dumps(fields, separators=(",", ":")).encode() + b"\n")
    return Expect(
        ["status", str(brief)],
        2,
        rf"log\.jsonl: line 3: {message}",
        unchanged=[log],
    )


@guards("record.lines-read-by-parse-amount")
def forged_amount_in_exponent_form(env: Env) -> Expect:
    return _forged(env, "1e3", 'amount: "1e3" has an exponent')


@guards("record.replay-checked-precision")
def forged_amount_finer_than_a_cent(env: Env) -> Expect:
    return _forged(env, "0.001", r"0\.001 has more decimals than EUR has \(2\)")


def _forged_invoice(env: Env, fields: Mapping[str, object], message: str) -> Expect:
    """An invoice's line (or a payment naming one) with a valid check sum that ``firmbrief
    invoice`` and ``record`` would not have written."""
    brief, log = signed(env)
    last = _lines(log)[-1]
    line = {"seq": 3, **fields, "recorded": last["recorded"], "prev": last["check"]}
    line["check"] = _check(line)
    with log.open("ab") as handle:
        handle.write(json.dumps(line, separators=(",", ":")).encode() + b"\n")
    return Expect(["status", str(brief)], 2, rf"log\.jsonl: line 3: {message}", unchanged=[log])


_INVOICED: dict[str, object] = {
    "event": "invoiced", "date": "2027-01-06", "number": "2027-0001", "instalment": "1-balance",
    "net": "900.00", "tax": "171.00", "gross": "1071.00", "due": "2027-01-20",
}  # fmt: skip


@guards("record.invoice-amounts-add-up")
def forged_invoice_whose_amounts_do_not_add_up(env: Env) -> Expect:
    return _forged_invoice(env, {**_INVOICED, "gross": "1.00"}, ".*do not add up to 1.00")


@guards("record.replay-checked-precision")
def forged_invoice_finer_than_a_cent(env: Env) -> Expect:
    fields = {**_INVOICED, "net": "899.995", "tax": "171.005"}
    return _forged_invoice(env, fields, r"899\.995 has more decimals than EUR has \(2\)")


@guards("record.invoicing-known-instalments")
def forged_invoice_for_an_unknown_instalment(env: Env) -> Expect:
    fields = {**_INVOICED, "instalment": "9-prepayment"}
    return _forged_invoice(env, fields, 'an invoice for "9-prepayment", an instalment this brief')


@guards("record.invoicing-issued-before-paid")
def forged_payment_of_an_invoice_never_issued(env: Env) -> Expect:
    fields = {"event": "payment", "date": "2027-01-06", "amount": "1071.00",
              "invoices": ["2027-0001"]}  # fmt: skip
    return _forged_invoice(env, fields, "a payment for invoice 2027-0001, which was not issued")


@guards("record.invoicing-one-invoice-per-instalment")
def forged_second_invoice_for_an_instalment(env: Env) -> Expect:
    brief, log = signed(env)
    last = _lines(log)[-1]
    for seq, number in ((3, "2027-0001"), (4, "2027-0002")):
        line = {"seq": seq, **_INVOICED, "number": number, "recorded": last["recorded"],
                "prev": last["check"]}  # fmt: skip
        line["check"] = _check(line)
        with log.open("ab") as handle:
            handle.write(json.dumps(line, separators=(",", ":")).encode() + b"\n")
        last = line
    return Expect(
        ["status", str(brief)],
        2,
        r"log\.jsonl: line 4: 1-balance is invoiced already as 2027-0001",
        unchanged=[log],
    )


# --- 12: the client setting the freelancer's terms ----------------------------------------------


@guards("answers.only-the-clients-questions")
def client_answers_setting_the_terms(env: Env) -> Expect:
    into = env.brief(logo(), "logo.yaml")
    answers = {
        "title": "Rebrand",
        "payment": {"due_days": 365, "extra_round_price": "0"},
        "cancellation": {"fee_percent": 0},
    }
    path = env.raw(json.dumps(answers).encode(), "answers.json")
    return Expect(
        ["intake", "import", str(path), "--into", str(into)],
        2,
        r"answers\.json: sets 3 fields not asked of the client \(payment\.due_days, "
        r"payment\.extra_round_price, cancellation\.fee_percent\).*--own",
        unchanged=[into],
    )


@guards("answers.fields-cut-in-messages")
def client_answers_with_a_long_key(env: Env) -> Expect:
    path = env.raw(json.dumps({"x" * 3000: "y"}).encode(), "answers.json")
    out = env.work / "new.yaml"
    return Expect(
        ["intake", "import", str(path), "-o", str(out)],
        2,
        r"^.{0,400}$",
        absent=[out],
    )


# --- 13: signals, odd names, modes and messages -------------------------------------------------


@guards("cli.sigterm-interrupts")
def sigterm_while_recording(env: Env) -> Expect:
    brief = env.brief(logo(), "logo.yaml")
    assert run("record", brief, "signed", "--date", "2026-12-01").exit_code == 0
    log = env.work / "logo.yaml.log.jsonl"
    return Expect(
        ["record", str(brief), "payment", "--amount", "1071.00", "--date", "2027-01-05"],
        128 + signal.SIGTERM,
        r"^stopped by SIGTERM: nothing was half-written$",
        unchanged=[log, brief],
        env={"HOSTILE_FSYNC_PAUSE": "60"},
        stop=signal.SIGTERM,
    )


@guards("cli.sighup-interrupts")
def sighup_while_rendering(env: Env) -> Expect:
    brief = env.brief(logo())
    out = env.work / "out"
    return Expect(
        ["render", str(brief), "-o", str(out), "-w", "brief", "--today", DAY],
        128 + signal.SIGHUP,
        r"^stopped by SIGHUP: nothing was half-written$",
        absent=[out / "brand-identity-for-kettle-crumb-brief.pdf"],
        env={"HOSTILE_FSYNC_PAUSE": "60"},
        stop=signal.SIGHUP,
    )


@guards("record.log-path-by-the-links-target")
def brief_through_a_link(env: Env) -> Expect:
    brief, _ = signed(env)
    link = env.work / "current.yaml"
    link.symlink_to(brief)
    return Expect(["gate", "start", str(link), "1", "--today", "2027-01-06"], 0)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@guards("atomic.like-the-brief")
def private_brief_private_pdfs(env: Env) -> Expect:
    brief = env.brief(logo())
    brief.chmod(0o600)
    out = env.work / "out"

    def private() -> None:
        assert [_mode(p) for p in sorted(out.iterdir())] == [0o600, 0o600]

    return Expect(["render", str(brief), "-o", str(out), "--today", DAY], 0, then=private)


@guards("atomic.like-the-brief")
def private_brief_private_record(env: Env) -> Expect:
    brief = env.brief(logo(), "logo.yaml")
    brief.chmod(0o600)
    log = env.work / "logo.yaml.log.jsonl"

    def private() -> None:
        assert _mode(log) == 0o600, oct(_mode(log))

    return Expect(["record", str(brief), "signed", "--date", "2026-12-01"], 0, then=private)


@guards("files.no-control-characters-in-names")
def newline_in_the_briefs_name(env: Env) -> Expect:
    path = env.brief(logo(), "logo\nbrief.yaml")
    out = env.work / "out"
    return Expect(
        ["render", str(path), "-o", str(out), "--today", DAY],
        2,
        r"logo\\nbrief\.yaml: the file name contains the control character U\+000A",
        absent=[out],
    )


@guards("batch.clashes-case-insensitive")
def batch_names_differing_in_case(env: Env) -> Expect:
    upper = env.brief(logo(), "LOGO.yaml")
    lower = env.brief(logo(), "logo.yaml")
    out = env.work / "out"
    return Expect(
        ["render", str(upper), str(lower), "-o", str(out), "--today", DAY],
        2,
        r"LOGO\.yaml and .*logo\.yaml would both write",
        absent=[out],
    )


@guards("files.regular-files-only")
def dev_zero_as_the_brief(env: Env) -> Expect:
    return Expect(["check", "/dev/zero"], 2, r"^error: /dev/zero: is a device, not a brief file$")


@guards("record.options-named")
def material_zero(env: Env) -> Expect:
    brief, log = signed(env)
    return Expect(
        ["record", str(brief), "materials", "--material", "0"],
        2,
        r'--material: "0" is too small',
        unchanged=[log],
    )



@guards("signed-copy.record-of-another-client-is-foreign")
def record_of_another_client_copied_in(env: Env) -> Expect:
    """A finished project's folder copied as a template: the new client's brief beside the old
    client's record (its payments) is refused, never adopted as an amendment."""
    brief, log = signed(env)
    data = logo()
    data["client"]["company"] = "Nordlicht Caf\u00e9"
    env.brief(data, "logo.yaml")
    return Expect(
        ["record", str(brief), "signed", "--date", "2027-01-10"],
        2,
        r'log\.jsonl: line 1: the record of an agreement with "Kettle & Crumb GmbH"',
        unchanged=[log],
    )

CASES: list[Callable[[Env], Expect]] = [
    record_of_another_client_copied_in,
    decimal_comma_payment,
    amount_read_two_ways,
    twenty_notes_while_the_brief_is_replaced,
    delay_to_the_year_9999,
    today_in_the_year_9999,
    brief_delivering_in_year_1,
    forged_amount_in_exponent_form,
    forged_amount_finer_than_a_cent,
    forged_invoice_whose_amounts_do_not_add_up,
    forged_invoice_finer_than_a_cent,
    forged_invoice_for_an_unknown_instalment,
    forged_payment_of_an_invoice_never_issued,
    forged_second_invoice_for_an_instalment,
    client_answers_setting_the_terms,
    client_answers_with_a_long_key,
    sigterm_while_recording,
    sighup_while_rendering,
    brief_through_a_link,
    private_brief_private_pdfs,
    private_brief_private_record,
    newline_in_the_briefs_name,
    batch_names_differing_in_case,
    dev_zero_as_the_brief,
    material_zero,
]
