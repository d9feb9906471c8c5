"""Hostile cases: invoices and their register (issue 28, items 2, 9, 10, 11)."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

from conftest import run
from hostile_support import Env, Expect, guards, logo

_PROFILE = """\
[business]
name = "Mara Jensen"
company = "Jensen Studio"

[business.bank]
iban = "DE89 3704 0044 0532 0130 00"
bic = "COBADEFFXXX"
"""


def _business(env: Env, *, holder: str | None = None, client: str | None = None) -> Path:
    """The logo example signed in ``env.work`` beside a firmbrief.toml (with a bank holder)."""
    profile = _PROFILE + (f'holder = "{holder}"\n' if holder else "")
    (env.work / "firmbrief.toml").write_text(profile, "utf-8")
    data = logo()
    data["freelancer"].pop("bank", None)
    if client is not None:
        data["client"]["name"] = client
    brief = env.brief(data, "logo.yaml")
    assert run("record", brief, "signed", "--date", "2026-12-01").exit_code == 0
    return brief


@guards("invoices.numbering: a date whose due date leaves the planning years")
def invoice_due_after_2199(env: Env) -> Expect:
    brief = _business(env)
    record = env.work / "logo.yaml.log.jsonl"
    return Expect(
        ["invoice", str(brief), "1-prepayment", "--date", "2199-12-31", "--future"],
        2,
        r"--date: an invoice due 2200-01-\d\d is outside the years a project can plan in",
        unchanged=[record],
        absent=[env.work / "logo-invoice-2199-0001.pdf"],
    )


@guards("invoices.document: the EPC payee name shortened to fit 331 bytes")
def bank_holder_of_seventy_emoji(env: Env) -> Expect:
    brief = _business(env, holder="\U0001f600" * 70)
    return Expect(
        ["invoice", str(brief), "--date", "2026-12-01"],
        0,
        stdout=r"wrote .*logo-invoice-2026-0001\.pdf",
        seconds=120,
    )


@guards("briefs.fields: a noncharacter refused where it enters")
def noncharacter_in_the_clients_name(env: Env) -> Expect:
    (env.work / "firmbrief.toml").write_text(_PROFILE, "utf-8")
    data = logo()
    data["client"]["name"] = "Tom\uffffBecker"
    brief = env.brief(data, "logo.yaml")
    return Expect(
        ["invoice", str(brief), "--date", "2026-12-01"],
        2,
        rf"error: {re.escape(str(brief))}: client\.name: .*U\+FFFF is not a character",
        absent=[env.work / "invoices.sqlite", env.work / "logo.yaml.log.jsonl"],
    )


def _damaged(change: Callable[[sqlite3.Connection], object]) -> Callable[[Env], Expect]:
    def case(env: Env) -> Expect:
        brief = _business(env)
        assert run("invoice", str(brief), "--date", "2026-12-01").exit_code == 0
        register = env.work / "invoices.sqlite"
        with sqlite3.connect(register) as db:
            change(db)
        return Expect(
            ["invoice", str(brief), "--date", "2026-12-01"],
            2,
            rf"error: {re.escape(str(register))}: is damaged",
            unchanged=[register, env.work / "logo.yaml.log.jsonl"],
            absent=[env.work / "logo-invoice-2026-0002.pdf"],
        )

    return case


def _garbled(db: sqlite3.Connection) -> None:
    db.execute("DROP TRIGGER invoices_never_changed")
    db.execute("UPDATE invoices SET issued = 'someday', data = '{'")


register_row_garbled = guards("invoices.register: a row that cannot be read")(
    _damaged(_garbled)
)
register_row_garbled.__name__ = "register_row_garbled"


@guards("invoices.numbering: a register that lacks the records' numbers")
def register_emptied_while_records_hold_invoices(env: Env) -> Expect:
    brief = _business(env)
    assert run("invoice", str(brief), "--date", "2026-12-01").exit_code == 0
    register = env.work / "invoices.sqlite"
    register.write_bytes(b"")
    return Expect(
        ["invoice", str(brief), "--date", "2026-12-01"],
        2,
        rf"error: {re.escape(str(register))}: lacks invoice 2026-0001 of 1 December 2026",
        unchanged=[register, env.work / "logo.yaml.log.jsonl"],
        absent=[env.work / "logo-invoice-2026-0002.pdf"],
    )


CASES: list[Callable[[Env], Expect]] = [
    invoice_due_after_2199,
    bank_holder_of_seventy_emoji,
    noncharacter_in_the_clients_name,
    register_row_garbled,
    register_emptied_while_records_hold_invoices,
]
