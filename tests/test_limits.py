"""The guards behind the hostile suite, one rule at a time: regular files only, outputs with the
brief's mode, time limits, SVG logos, template files and the template cache."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from firmbrief.atomic import write_atomic
from firmbrief.briefs.files import printable, read_bounded
from firmbrief.cache import private_folder as _private
from firmbrief.contracts.branding import svg_problem
from firmbrief.contracts.templating import TemplateProblem, read_template_file
from firmbrief.deadline import TookTooLong, time_limit
from firmbrief.errors import BriefUnreadable, OutputError

# --- reading: regular files only ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: os.mkfifo(p), "is a FIFO (a named pipe), not a brief file"),
        (lambda p: p.mkdir(), "is a folder, not a brief file"),
        (lambda p: None, "no such file"),
    ],
    ids=["fifo", "folder", "missing"],
)
def test_only_regular_files_are_read(tmp_path: Path, make: object, message: str) -> None:
    path = tmp_path / "brief.yaml"
    make(path)  # type: ignore[operator]
    with pytest.raises(BriefUnreadable) as refused:
        read_bounded(path, 100, kind="a brief file")
    assert str(refused.value) == f"{path}: {message}"


def test_a_device_is_refused_without_reading_it() -> None:
    with pytest.raises(BriefUnreadable) as refused:
        read_bounded(Path("/dev/zero"), 100, kind="a brief file")
    assert str(refused.value) == "/dev/zero: is a device, not a brief file"


def test_a_control_character_in_a_name_is_refused_and_shown_escaped(tmp_path: Path) -> None:
    path = tmp_path / "a\nb.yaml"
    path.write_text("title: x\n", "utf-8")
    with pytest.raises(BriefUnreadable) as refused:
        read_bounded(path, 100, kind="a brief file")
    assert "\n" not in str(refused.value)
    assert str(refused.value) == (
        f"{tmp_path}/a\\nb.yaml: the file name contains the control character U+000A: "
        "rename the file"
    )
    assert printable("tab\there") == "tab\\there"


# --- writing: the brief's mode, no control characters, no leftovers -----------------------------


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_an_output_gets_the_mode_of_the_brief_it_comes_from(tmp_path: Path) -> None:
    brief = tmp_path / "brief.yaml"
    brief.write_text("title: x\n", "utf-8")
    brief.chmod(0o600)
    write_atomic(tmp_path / "new.pdf", b"new", like=brief)
    assert _mode(tmp_path / "new.pdf") == 0o600
    old = tmp_path / "old.pdf"
    old.write_bytes(b"old")
    old.chmod(0o644)
    write_atomic(old, b"again", like=brief)  # never more open than the brief
    assert _mode(old) == 0o600 and old.read_bytes() == b"again"
    write_atomic(old, b"third")  # without a brief, a replaced file keeps its mode
    assert _mode(old) == 0o600


def test_an_output_name_with_a_control_character_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError) as refused:
        write_atomic(tmp_path / "a\rb.pdf", b"x")
    assert "U+000D" in str(refused.value) and "\r" not in str(refused.value)
    assert list(tmp_path.iterdir()) == []


def test_temporary_files_of_killed_writers_are_swept(tmp_path: Path) -> None:
    gone = 2**22 + 12345  # above the default pid_max: no such process
    stray = tmp_path / f".brief.pdf.{gone}.abcd1234.tmp"
    stray.write_bytes(b"half")
    mine = tmp_path / f".brief.pdf.{os.getpid()}.efgh5678.tmp"
    mine.write_bytes(b"being written")
    other = tmp_path / f".other.pdf.{gone}.abcd1234.tmp"
    other.write_bytes(b"another file's")
    write_atomic(tmp_path / "brief.pdf", b"whole")
    assert not stray.exists()
    assert mine.exists() and other.exists()


# --- time limits --------------------------------------------------------------------------------


def test_a_time_limit_stops_a_loop_that_calls_nothing() -> None:
    with pytest.raises(TookTooLong) as stopped:
        with time_limit(0.2, "looped", file="t.html"):
            while True:
                pass
    assert str(stopped.value) == "t.html: looped"


def test_time_limits_nest_and_end_with_their_blocks() -> None:
    with time_limit(30, "outer"):
        with pytest.raises(TookTooLong, match="inner"):
            with time_limit(0.1, "inner"):
                while True:
                    pass
        total = sum(range(1000))  # the outer limit is still there, far off
    assert total == 499500


def test_a_library_swallowing_every_exception_is_stopped_all_the_same() -> None:
    with pytest.raises(TookTooLong):
        with time_limit(0.1, "swallowed"):
            try:
                while True:
                    pass
            except Exception:
                pass  # as a library's "except Exception" would
            while True:
                pass


# --- SVG logos ----------------------------------------------------------------------------------

SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">{}</svg>'


def _levels(levels: int, fan: int) -> bytes:
    body = '<defs><rect id="l0" width="1" height="1"/>'
    for level in range(1, levels + 1):
        body += f'<g id="l{level}">' + f'<use xlink:href="#l{level - 1}"/>' * fan + "</g>"
    return SVG.format(body + f'</defs><use xlink:href="#l{levels}"/>').encode()


@pytest.mark.parametrize(
    ("svg", "problem"),
    [
        (_levels(2, 3), None),
        (_levels(3, 30), "its <use> elements repeat it into more than 10,000 elements"),
        (_levels(5, 2), "nests <use> more than 3 deep"),
        (SVG.format('<g id="a"><use href="#a"/></g>').encode(), "uses itself through <use>"),
        (SVG.format('<image href="logo.svg"/>').encode(), 'refers to another file ("logo.svg")'),
        (SVG.format('<rect style="fill:url(/etc/x)"/>').encode(), "its style refers to another"),
        (b'<!DOCTYPE svg [<!ENTITY a "a">]><svg/>', "an SVG with a DTD"),
        (b"<svg><unclosed></svg>", "is not a readable SVG image"),
    ],
    ids=["fine", "fan-out", "nesting", "loop", "external", "css-url", "dtd", "broken"],
)
def test_svg_logos(svg: bytes, problem: str | None) -> None:
    found = svg_problem(svg)
    assert (found is None) if problem is None else (found is not None and problem in found)


# --- template files and the template cache ------------------------------------------------------


def test_a_template_is_read_only_inside_its_folder(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "brief.html").write_text("<p>ours</p>", "utf-8")
    (folder / "inside.html").symlink_to(folder / "brief.html")
    (tmp_path / "secret.txt").write_text("secret", "utf-8")
    (folder / "outside.html").symlink_to(tmp_path / "secret.txt")
    assert read_template_file(folder, "brief.html") == ("<p>ours</p>", folder / "brief.html")
    assert read_template_file(folder, "inside.html") == ("<p>ours</p>", folder / "brief.html")
    assert read_template_file(folder, "missing.html") is None
    for name, message in [
        ("outside.html", "is a link to a file outside the templates folder"),
        ("../secret.txt", "is not a template name"),
    ]:
        with pytest.raises(TemplateProblem, match=message):
            read_template_file(folder, name)


def test_the_template_cache_folder_must_be_private(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    folder.chmod(0o700)
    assert _private(folder)
    folder.chmod(0o770)
    assert not _private(folder)
    link = tmp_path / "link"
    link.symlink_to(folder)
    folder.chmod(0o700)
    assert not _private(link)
