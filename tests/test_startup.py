"""Start-up: `check`, `status` and `invoice` import only what their work needs, and read each
file, and run each check, once per command (issue 29)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from firmbrief.briefs import banking, loading
from firmbrief.briefs.schema import Brief
from firmbrief.contracts.record import events, log

from conftest import EXAMPLES, TODAY, run
from invoice_support import business
from tracking_support import record, signed_and_started

NEVER = ("ssl", "socket", "requests", "pydoc", "facturx", "pypdf", "cryptography", "weasyprint")
"""What `check` and `status` never need: the network, the PDF libraries."""

JUDGED_BEFORE = ("schwifty", "stdnum", "pycountry", "holidays", "babel")
"""The libraries whose answers are remembered: not imported once a brief was judged."""

RUN = """\
import json, sys
from firmbrief.commands.app import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def _modules(cache: Path, *args: str | Path) -> tuple[int, set[str]]:
    """The exit code of the command line run with ``args`` in a process of its own, and every
    module that process imported."""
    env = {**os.environ, "FIRMBRIEF_CACHE": str(cache), "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-c", RUN, *map(str, args)],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    last = done.stdout.strip().splitlines()[-1]
    found = json.loads(last)
    return found["code"], {name.split(".")[0] for name in found["modules"]}


@pytest.fixture
def signed_brief(tmp_path: Path) -> Path:
    brief = tmp_path / "logo.yaml"
    shutil.copy(EXAMPLES / "logo.yaml", brief)
    signed_and_started(brief)
    return brief


def test_check_and_status_import_neither_the_network_nor_libraries_already_asked(
    tmp_path: Path, signed_brief: Path
) -> None:
    cache = tmp_path / "cache"
    fresh = tmp_path / "fresh.yaml"
    shutil.copy(EXAMPLES / "logo.yaml", fresh)
    check = ("check", fresh, "--today", TODAY.isoformat())
    status = ("status", signed_brief, "--today", "2027-01-11")
    code, first = _modules(cache, *check)  # the bank account, tax and VAT numbers judged
    assert code == 0 and "schwifty" in first and "stdnum" in first
    for command in (check, status, ("check", signed_brief)):
        code, imported = _modules(cache, *command)
        assert code == 0, command
        assert not imported & {*NEVER, *JUDGED_BEFORE}, (
            command,
            imported & {*NEVER, *JUDGED_BEFORE},
        )


def test_a_verdict_is_kept_under_a_digest_and_judged_again_if_damaged(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    brief = tmp_path / "logo.yaml"
    shutil.copy(EXAMPLES / "logo.yaml", brief)
    assert _modules(cache, "check", brief, "--today", TODAY.isoformat())[0] == 0
    kept = {path.name.split("-")[0]: path for path in cache.iterdir()}
    assert {"iban", "bic", "tax"} <= set(kept)
    names = " ".join(path.name for path in cache.iterdir())
    for number in ("DE89370400440532013000", "298471558", "COBADEFF"):
        assert number not in names  # no account or tax number in a file name
    kept["iban"].write_text('{"valid": 1}', "utf-8")  # not a verdict: judged again
    code, imported = _modules(cache, "check", brief, "--today", TODAY.isoformat())
    assert code == 0 and "schwifty" in imported
    assert json.loads(kept["iban"].read_text("utf-8")) == {"valid": "DE89370400440532013000"}


def test_a_remembered_invalid_iban_is_still_refused(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    brief = tmp_path / "logo.yaml"
    text = (EXAMPLES / "logo.yaml").read_text("utf-8")
    brief.write_text(text.replace("0130 00", "0130 01"), "utf-8")
    for _ in range(2):  # judged, then remembered: the same answer
        result = subprocess.run(
            [sys.executable, "-m", "firmbrief", "check", str(brief), "--format", "json",
             "--today", TODAY.isoformat()],
            env={**os.environ, "FIRMBRIEF_CACHE": str(cache)}, capture_output=True, text=True,
            timeout=120, check=False,
        )  # fmt: skip
        assert result.returncode == 1, result.stderr
        (found,) = json.loads(result.stdout)["findings"]
        assert found["field"] == "freelancer.bank.iban"
        assert found["message"] == (
            '"DE89 3704 0044 0532 0130 01" is not a valid IBAN (invalid checksum digits)'
        )


# --- once per command -----------------------------------------------------------------------


def _counting(
    monkeypatch: pytest.MonkeyPatch, owner: Any, name: str, *, classmethod_: bool = False
) -> list[Any]:
    """Calls of ``owner.name`` from now on, each with its first argument."""
    calls: list[Any] = []
    original: Callable[..., Any] = getattr(owner, name)  # a class method comes bound

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(args[0] if args else None)
        return original(*args, **kwargs)

    def counted_classmethod(cls: type, *args: Any, **kwargs: Any) -> Any:
        return counted(*args, **kwargs)

    monkeypatch.setattr(owner, name, classmethod(counted_classmethod) if classmethod_ else counted)
    return calls


def _forget(monkeypatch: pytest.MonkeyPatch) -> None:
    """No brief or record remembered from before (the process read them to set the test up):
    what the next command reads, it reads itself."""
    monkeypatch.setattr(loading, "_parsed", {})
    monkeypatch.setattr(log, "_last_read", None)


@pytest.fixture
def fresh_answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """An empty cache, and no verdict remembered by this process."""
    monkeypatch.setenv("FIRMBRIEF_CACHE", str(tmp_path / "cache"))
    banking._verdict.cache_clear()
    yield
    banking._verdict.cache_clear()


@pytest.mark.usefixtures("fresh_answers")
def test_record_signed_reads_the_brief_once_and_judges_each_number_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    brief = business(tmp_path, signed=False)  # the bank account is the profile's
    _forget(monkeypatch)
    validated = _counting(monkeypatch, Brief, "model_validate", classmethod_=True)
    ibans = _counting(monkeypatch, banking, "_iban")
    bics = _counting(monkeypatch, banking, "_bic")
    taxes = _counting(monkeypatch, banking, "_tax_number")
    record(brief, "signed", "--date", "2026-12-01")
    assert len(validated) == 1
    assert ibans == ["DE89 3704 0044 0532 0130 00"] and bics == ["COBADEFFXXX"]
    assert taxes == ["DE\0DE 298 471 558"]  # the client has no tax number


@pytest.mark.parametrize("command", ["check", "render"])
def test_a_signed_briefs_record_is_read_once(
    command: str, signed_brief: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = len(signed_brief.with_name("logo.yaml.log.jsonl").read_bytes().splitlines())
    _forget(monkeypatch)
    parsed = _counting(monkeypatch, events, "parse_event")
    validated = _counting(monkeypatch, Brief, "model_validate", classmethod_=True)
    args: tuple[str | Path, ...] = (command, signed_brief)
    if command == "render":
        args += ("--what", "terms", "-o", tmp_path / "out")
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert len(parsed) == lines == 3
    assert len(validated) == 1
