"""The project record: one JSON event a line, chained, appended atomically, read whole or not at all."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from firmbrief.briefs.language import language_for
from firmbrief.contracts.record import log
from firmbrief.contracts.record.log import (
    GENESIS,
    head_path,
    log_path,
    read_record,
    signing_date,
)
from firmbrief.contracts.record.state import load_brief
from firmbrief.errors import BriefUnreadable
from firmbrief.templates.translations import translations

from conftest import EXAMPLES, run


@pytest.fixture
def logo(tmp_path: Path) -> Path:
    brief = tmp_path / "logo.yaml"
    shutil.copy(EXAMPLES / "logo.yaml", brief)
    return brief


def record(brief: Path, *args: str) -> None:
    result = run("record", brief, *args)
    assert result.exit_code == 0, result.output


@pytest.fixture
def project(logo: Path) -> Path:
    """A record of four events: signed, paid, materials, a delivered draft."""
    record(logo, "signed", "--date", "2026-12-01")
    record(logo, "payment", "--amount", "1071.00", "--for", "1-prepayment", "--date", "2027-01-05")
    record(logo, "materials", "--material", "1", "--material", "2", "--date", "2027-01-06")
    record(logo, "delivered", "-i", "1", "--draft", "1", "--date", "2027-01-20")
    return logo


def lines(brief: Path) -> list[str]:
    return log_path(brief).read_text("utf-8").splitlines()


def test_the_record_sits_beside_the_brief_under_its_whole_name(logo: Path) -> None:
    assert log_path(logo) == logo.with_name("logo.yaml.log.jsonl")
    assert log_path(logo.with_name("logo.json")).name == "logo.json.log.jsonl"


def test_each_line_is_one_event_chained_to_the_one_before(project: Path) -> None:
    rows = [json.loads(line) for line in lines(project)]
    assert [row["seq"] for row in rows] == [1, 2, 3, 4]
    assert [row["event"] for row in rows] == ["signed", "payment", "materials", "delivered"]
    assert rows[0]["prev"] == GENESIS
    assert [row["prev"] for row in rows[1:]] == [row["check"] for row in rows[:-1]]
    payment = rows[1]
    assert payment["amount"] == "1071.00"  # a decimal string, never a JSON float
    assert payment["date"] == "2027-01-05"
    assert set(payment) == {
        "seq",
        "event",
        "date",
        "amount",
        "instalment",
        "recorded",
        "prev",
        "check",
    }
    assert log_path(project).read_bytes().endswith(b"\n")


def test_signing_pins_the_fingerprint_and_gives_the_signing_date(project: Path) -> None:
    from firmbrief.briefs.canonical import fingerprint
    from firmbrief.contracts.record.state import load_brief

    signed = json.loads(lines(project)[0])
    assert signed["fingerprint"] == fingerprint(load_brief(project))
    assert signing_date(project).isoformat() == "2026-12-01"  # type: ignore[union-attr]


def test_an_unsigned_brief_has_no_signing_date(logo: Path) -> None:
    assert signing_date(logo) is None
    assert read_record(logo).entries == []


def _rewrite(brief: Path, text: str) -> None:
    log_path(brief).write_text(text, "utf-8")


def _expect(brief: Path, message: str) -> None:
    for args in (("status", brief), ("gate", "start", brief, "1"), ("check", brief),
                 ("record", brief, "note", "--kind", "update", "--date", "2027-01-21")):  # fmt: skip
        before = log_path(brief).read_bytes()
        result = run(*args)
        assert result.exit_code == 2, (args, result.output)
        assert result.stderr == f"error: {log_path(brief)}: {message}\n", args
        assert result.stdout == ""
        assert log_path(brief).read_bytes() == before  # nothing appended to a damaged record


def test_an_edited_amount_is_reported_with_its_line(project: Path) -> None:
    text = log_path(project).read_text("utf-8").replace('"amount":"1071.00"', '"amount":"171.00"')
    _rewrite(project, text)
    _expect(
        project,
        "line 2: edited after it was written: its content no longer matches its check sum. "
        "Restore the record from a backup; to correct an event, record a new one",
    )


def test_a_truncated_last_line_is_reported_and_never_half_read(project: Path) -> None:
    data = log_path(project).read_bytes()
    log_path(project).write_bytes(data[: -len(lines(project)[-1]) // 2])
    _expect(
        project,
        "line 4: incomplete: the record ends in the middle of this line (a copy or a write was "
        "cut short). Restore the record from a backup, or remove this line and record its "
        "event again",
    )


def test_a_removed_line_is_reported_on_the_line_after_it(project: Path) -> None:
    rows = lines(project)
    _rewrite(project, "\n".join([rows[0], rows[2], rows[3]]) + "\n")
    _expect(project, "line 2: 1 line(s) before this one were removed: it was written as line 3")


def test_a_line_replaced_with_a_fresh_check_breaks_the_chain_after_it(project: Path) -> None:
    rows = [json.loads(line) for line in lines(project)]
    rows[1]["amount"] = "10.00"
    rows[1]["check"] = log._check(rows[1])  # a careful forger's edit of line 2
    _rewrite(project, "".join(json.dumps(row, separators=(",", ":")) + "\n" for row in rows))
    _expect(
        project,
        "line 3: does not follow line 2: line 2 was replaced or changed after this line was written",
    )


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("", "line 5: empty line: a line was blanked after it was written"),
        ("[1, 2]", "line 5: not a firmbrief event (no seq, prev and check)"),
        ('{"seq": 5, "seq": 6}', "line 5: not valid JSON: the line was damaged or edited by hand"),
        ("{not json}", "line 5: not valid JSON: the line was damaged or edited by hand"),
    ],
)
def test_a_damaged_line_in_the_middle_is_reported(project: Path, line: str, message: str) -> None:
    rows = lines(project)
    _rewrite(project, "\n".join([*rows, line, rows[-1]]) + "\n")
    _expect(project, message)


def test_a_line_no_version_of_firmbrief_wrote_is_refused(project: Path) -> None:
    rows = [json.loads(line) for line in lines(project)]
    extra = {"seq": 5, "event": "payment", "date": "2027-01-21", "amount": "12.5e400",
             "instalment": "1-balance", "recorded": "x", "prev": rows[-1]["check"]}  # fmt: skip
    extra["check"] = log._check(extra)
    _rewrite(project, log_path(project).read_text("utf-8") + json.dumps(extra) + "\n")
    with pytest.raises(BriefUnreadable) as refused:
        read_record(project)
    assert str(refused.value).startswith(f"{log_path(project)}: line 5: amount: ")


def test_an_append_that_fails_leaves_the_record_as_it_was(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = log_path(project).read_bytes()

    def crash(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    result = run("record", project, "note", "--kind", "update", "--date", "2027-01-21")
    assert result.exit_code == 2
    assert "cannot be written (No space left on device); the old file is unchanged" in result.stderr
    assert log_path(project).read_bytes() == before
    assert sorted(p.name for p in project.parent.iterdir()) == [
        ".logo.yaml.log.jsonl.head",
        ".logo.yaml.log.jsonl.lock",
        "logo.yaml",
        "logo.yaml.log.jsonl",
        "logo.yaml.signed.json",  # the brief as signed, kept when the signing was recorded
    ]


def test_an_append_keeps_the_earlier_lines_byte_for_byte(project: Path) -> None:
    before = log_path(project).read_bytes()
    record(project, "note", "--kind", "update", "--date", "2027-01-21")
    after = log_path(project).read_bytes()
    assert after.startswith(before)
    assert after.count(b"\n") == before.count(b"\n") + 1


def test_a_record_that_lost_only_its_final_newline_is_still_whole(project: Path) -> None:
    log_path(project).write_bytes(log_path(project).read_bytes().rstrip(b"\n"))
    assert len(read_record(project).entries) == 4
    record(project, "note", "--kind", "update", "--date", "2027-01-21")
    assert [json.loads(line)["seq"] for line in lines(project)] == [1, 2, 3, 4, 5]


def test_client_text_in_an_event_cannot_break_a_line(project: Path) -> None:
    record(
        project,
        "note",
        "--kind",
        "update",
        "--about",
        'sent "v2" \u2014 ok',
        "--date",
        "2027-01-21",
    )
    assert json.loads(lines(project)[-1])["about"] == 'sent "v2" \u2014 ok'
    bad = run(
        "record",
        project,
        "note",
        "--kind",
        "update",
        "--about",
        "two\nlines",
        "--date",
        "2027-01-21",
    )
    assert bad.exit_code == 2
    assert "--about: " in bad.stderr


def test_two_writers_at_once_lose_no_event(project: Path) -> None:
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from firmbrief.contracts.record.recording import record\n"
        "for n in range(10):\n"
        "    record(Path(sys.argv[1]), 'note', {'kind': 'update', 'about': f'{sys.argv[2]} {n}'},"
        " when='2027-01-21')\n"
    )
    writers = [
        subprocess.Popen([sys.executable, "-c", script, str(project), name])
        for name in ("first", "second")
    ]
    assert [writer.wait(timeout=120) for writer in writers] == [0, 0]
    entries = read_record(project).entries  # verifies the whole chain
    assert [entry.line for entry in entries] == list(range(1, 25))
    notes = sorted(str(getattr(entry.event, "about", "")) for entry in entries[4:])
    assert notes == sorted(f"{name} {n}" for name in ("first", "second") for n in range(10))


@pytest.mark.slow
def test_appends_from_20_processes_keep_every_line_while_the_brief_is_replaced(
    logo: Path,
) -> None:
    """Editors, sync tools and ``intake import --into`` replace the brief by a rename: the lock
    is on a file beside the record that nothing replaces, so no append is lost."""
    import subprocess
    import threading

    from conftest import FIRMBRIEF

    record(logo, "signed", "--date", "2026-12-01")
    content, stop = logo.read_bytes(), threading.Event()

    def replace_the_brief() -> None:
        while not stop.is_set():
            fresh = logo.with_name(".logo.yaml.new")
            fresh.write_bytes(content)
            os.replace(fresh, logo)

    renamer = threading.Thread(target=replace_the_brief)
    renamer.start()
    try:
        writers = [
            subprocess.Popen(
                [FIRMBRIEF, "record", logo, "note", "--kind", "update", "--about", f"update {n}",
                 "--date", "2027-01-11"],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            )  # fmt: skip
            for n in range(20)
        ]
        outcomes = [(w.communicate(timeout=120)[1], w.returncode) for w in writers]
    finally:
        stop.set()
        renamer.join()
    assert all(code == 0 for _, code in outcomes), outcomes
    record_ = read_record(logo)
    assert len(record_.entries) == 21
    abouts = sorted(e.event.about or "" for e in record_.entries[1:])  # type: ignore[union-attr]
    assert abouts == sorted(f"update {n}" for n in range(20))


def test_a_brief_reached_through_a_link_finds_its_record(logo: Path, tmp_path: Path) -> None:
    record(logo, "signed", "--date", "2026-12-01")
    elsewhere = tmp_path / "links"
    elsewhere.mkdir()
    link = elsewhere / "current.yaml"
    link.symlink_to(logo)
    assert log_path(link) == log_path(logo)
    assert signing_date(link) is not None
    status = run("status", link, "--today", "2027-01-04")
    assert "signed on 1 December 2026" in status.stdout, status.output
    record(link, "note", "--kind", "update", "--date", "2027-01-04")
    assert len(read_record(logo).entries) == 2
    assert list(elsewhere.iterdir()) == [link]


def _forge(brief: Path, line: int, *, head: bool = True, **fields: object) -> None:
    """Rewrite ``line`` with ``fields`` changed, its check sum and every later one made right,
    and (``head``) the head kept beside the record: a forger who knows the chain."""
    rows = [json.loads(text) for text in lines(brief)]
    rows[line - 1].update(fields)
    prev = rows[line - 2]["check"] if line > 1 else GENESIS
    for row in rows[line - 1 :]:
        row["prev"] = prev
        row["check"] = log._check(row)
        prev = row["check"]
    log_path(brief).write_text(
        "".join(json.dumps(row, separators=(",", ":")) + "\n" for row in rows), "utf-8"
    )
    if head:
        kept = {"line": len(rows), "check": prev}
        head_path(brief).write_text(json.dumps(kept) + "\n", "utf-8")


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("1e3", 'line 2: amount: "1e3" has an exponent: write the amount in full, such as 1000.00'),
        ("0.001", "line 2: 0.001 has more decimals than EUR has (2) (the record holds an amount"),
        (1071, "line 2: amount: an amount is written as text in the record"),
    ],
)
def test_a_forged_amount_is_refused_as_record_would_refuse_it(
    project: Path, amount: object, message: str
) -> None:
    _forge(project, 2, amount=amount)
    for command in (["status"], ["gate", "start"], ["schedule"]):
        args: list[str | Path] = [*command, project, *(["1"] if "gate" in command else [])]
        refused = run(*args, "--today", "2027-01-20")
        assert refused.exit_code == 2, refused.output
        assert refused.stderr.startswith(f"error: {log_path(project)}: {message}"), refused.stderr


def test_a_forged_date_out_of_range_is_refused(project: Path) -> None:
    _forge(project, 3, date="9000-01-01")
    refused = run("status", project, "--today", "2027-01-20")
    assert refused.exit_code == 2, refused.output
    assert "line 3: date: " in refused.stderr and "1900 to 2199" in refused.stderr


# --- the head kept beside the record -------------------------------------------------------


def test_the_head_is_kept_beside_the_record_after_every_append(project: Path) -> None:
    rows = [json.loads(line) for line in lines(project)]
    kept = json.loads(head_path(project).read_text("utf-8"))
    assert kept == {"line": 4, "check": rows[-1]["check"]}
    assert read_record(project).head == log.Head(4, rows[-1]["check"])


def test_lines_cut_off_the_end_are_noticed(project: Path) -> None:
    """The chain alone cannot tell: every line left is whole and follows the one before."""
    rows = lines(project)
    _rewrite(project, "\n".join(rows[:2]) + "\n")
    _expect(
        project,
        "line 3: missing: the record ends at line 2, but 4 lines were written (the last with "
        f"check {json.loads(rows[-1])['check']}, as .logo.yaml.log.jsonl.head beside it says): "
        "lines were cut off its end. Restore the record from a backup; if you restored an older "
        "copy on purpose, delete .logo.yaml.log.jsonl.head",
    )


def test_a_record_replaced_by_another_is_noticed(project: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    twin = other / "logo.yaml"
    shutil.copy(EXAMPLES / "logo.yaml", twin)
    record(twin, "signed", "--date", "2026-12-01")
    for day in ("2027-01-04", "2027-01-05", "2027-01-06"):
        record(twin, "note", "--kind", "update", "--date", day)
    shutil.copy(log_path(twin), log_path(project))  # four whole lines, a valid chain
    result = run("status", project, "--today", "2027-01-20")
    assert result.exit_code == 2
    assert "line 4: not the line that was written there" in result.stderr
    assert "the record was replaced by another one" in result.stderr


def test_a_deleted_record_is_noticed(project: Path) -> None:
    log_path(project).unlink()
    result = run("status", project, "--today", "2027-01-20")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"error: {log_path(project)}: is missing, but 4 line(s) were written to it"
    )


def test_a_head_one_line_behind_is_a_crash_between_two_writes(project: Path) -> None:
    rows = [json.loads(line) for line in lines(project)]
    behind = {"line": 3, "check": rows[2]["check"]}
    head_path(project).write_text(json.dumps(behind) + "\n", "utf-8")
    assert len(read_record(project).entries) == 4
    record(project, "note", "--kind", "update", "--date", "2027-01-21")
    assert json.loads(head_path(project).read_text("utf-8"))["line"] == 5


def test_a_damaged_head_is_named(project: Path) -> None:
    head_path(project).write_text("{not json", "utf-8")
    result = run("status", project, "--today", "2027-01-20")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {head_path(project)}: is not a record's head")


def test_a_forger_who_rewrites_the_chain_but_not_the_head_is_noticed(project: Path) -> None:
    _forge(project, 2, head=False, amount="10.00")
    result = run("status", project, "--today", "2027-01-20")
    assert result.exit_code == 2
    assert "line 4: not the line that was written there" in result.stderr


def test_status_and_every_notice_carry_the_head(project: Path) -> None:
    head = read_record(project).head
    assert head is not None
    text = run("status", project, "--today", "2027-01-21").stdout
    assert f"record logo.yaml.log.jsonl: line 4, check {head.check}" in text.splitlines()[2]
    notice = run("notice", project, "review", "--today", "2027-01-28")
    assert notice.exit_code == 0, notice.output
    _ = translations(language_for(load_brief(project))).gettext  # the client's language
    line = _("line {line}, check {check}").format(line=4, check=head.check)
    assert notice.stdout.rstrip().endswith(
        _("Reference: our project record, %(head)s.") % {"head": line}
    ), notice.stdout
