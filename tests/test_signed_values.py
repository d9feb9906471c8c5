"""A signed project keeps the values it was signed with (issue 24 item 5, issue 28 item 17): its
``<brief>.signed.json`` is read bounded (regular files only), a later change to the business
profile never makes it "changed after signing", and a change to the brief's own terms still
does, naming the field and where it came from."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import yaml

from firmbrief.contracts.record.signed_copy import signed_path

from conftest import EXAMPLES, run
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
