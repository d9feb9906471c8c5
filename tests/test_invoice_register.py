"""The invoice register: numbers without gaps or duplicates under concurrency, and a register
that cannot be used (locked, damaged, newer) refused with nothing written."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from firmbrief.contracts.invoices.register import SCHEMA_VERSION

from conftest import EXAMPLES, FIRMBRIEF, run
from invoice_support import PROFILE, business, sign

pytestmark = pytest.mark.slow

DAY = "2026-12-01"


def _numbers(register: Path) -> list[str]:
    rows = sqlite3.connect(register).execute("SELECT number FROM invoices ORDER BY number")
    return [number for (number,) in rows]


def test_twenty_processes_at_once_get_twenty_distinct_consecutive_numbers(
    tmp_path: Path,
) -> None:
    (tmp_path / "firmbrief.toml").write_text(PROFILE, "utf-8")
    briefs = []
    for index in range(20):
        brief = tmp_path / f"client-{index:02d}.yaml"
        shutil.copy(EXAMPLES / "logo.yaml", brief)
        sign(brief)
        briefs.append(brief)
    env = {**os.environ, "NO_COLOR": "1"}
    processes = [
        subprocess.Popen(
            [str(FIRMBRIEF), "invoice", str(brief), "--date", DAY, "--format", "json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        for brief in briefs
    ]
    outputs = [process.communicate(timeout=300) for process in processes]
    assert all(process.returncode == 0 for process in processes), [e for _, e in outputs]
    expected = [f"2026-{seq:04d}" for seq in range(1, 21)]
    assert _numbers(tmp_path / "invoices.sqlite") == expected
    printed = sorted(out.decode().split('"number": "')[1][:9] for out, _ in outputs)
    assert printed == expected
    assert len(list(tmp_path.glob("*-invoice-2026-*.pdf"))) == 20


def test_a_locked_register_is_a_clear_error_and_nothing_is_written(tmp_path: Path) -> None:
    brief = business(tmp_path)
    assert run("invoice", brief, "1-prepayment", "--date", DAY).exit_code == 0
    holder = sqlite3.connect(tmp_path / "invoices.sqlite", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another program holds the register
    try:
        result = run("invoice", brief, "--date", DAY, "--wait", "0.2")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"error: {tmp_path / 'invoices.sqlite'}: is locked by another program (waited 0.2 s): "
        "try again once it is done; nothing was written"
    )
    assert [p.name for p in tmp_path.glob("*.pdf")] == ["logo-invoice-2026-0001.pdf"]
    assert _numbers(tmp_path / "invoices.sqlite") == ["2026-0001"]


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda p: p.write_bytes(b"this is not a database, just some bytes" * 100),
         "is damaged or not an invoice register"),
        (lambda p: p.write_bytes(p.read_bytes()[:2048] + b"\0" * 1024 + p.read_bytes()[3072:]),
         "is damaged"),
        (lambda p: sqlite3.connect(p).execute("PRAGMA user_version = 7"),
         "was written by a newer firmbrief (register version 7; this one reads up to "
         f"{SCHEMA_VERSION})"),
        (lambda p: (p.unlink(), sqlite3.connect(p).execute("CREATE TABLE other (x)")),
         "is an SQLite file, but not a firmbrief invoice register"),
    ],
    ids=["not-sqlite", "damaged-pages", "newer", "someone-elses"],
)  # fmt: skip
def test_an_unusable_register_is_a_clear_error_and_nothing_is_written(
    tmp_path: Path, damage: object, message: str
) -> None:
    brief = business(tmp_path)
    assert run("invoice", brief, "1-prepayment", "--date", DAY).exit_code == 0
    (tmp_path / "logo-invoice-2026-0001.pdf").unlink()
    register = tmp_path / "invoices.sqlite"
    damage(register)  # type: ignore[operator]
    before = register.read_bytes()
    result = run("invoice", brief, "--date", DAY)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"error: {register}: ")
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not list(tmp_path.glob("*.pdf"))
    assert register.read_bytes() == before


def test_the_register_lives_where_the_profile_says(tmp_path: Path) -> None:
    books = tmp_path / "books"
    books.mkdir()
    profile = PROFILE + '\n[invoices]\nregister = "books/2026.sqlite"\n'
    brief = business(tmp_path, profile)
    assert run("invoice", brief, "--date", DAY).exit_code == 0
    assert _numbers(books / "2026.sqlite") == ["2026-0001"]
    assert not (tmp_path / "invoices.sqlite").exists()
    missing = business(tmp_path / "other", PROFILE + '[invoices]\nregister = "nowhere/r.sqlite"\n')
    result = run("invoice", missing, "--date", DAY)
    assert result.exit_code == 2 and "its folder does not exist" in result.stderr
