"""Outputs never replace what is not a regular file (issue 24 item 7): a FIFO or a character
device is written through and stays what it was; a FIFO with no reader, a folder or a socket is
refused with one line; nothing else changes."""

from __future__ import annotations

import os
import socket
import stat
import threading
from pathlib import Path

import pytest

from firmbrief.atomic import write_atomic
from firmbrief.errors import OutputError

from conftest import run


def _reader(fifo: Path, got: list[bytes]) -> threading.Thread:
    """A thread that holds ``fifo`` open for reading from the moment this returns and reads
    everything one writer sends, into ``got``."""
    import time

    fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # open before any writer comes

    def read() -> None:
        chunks: list[bytes] = []
        deadline = time.monotonic() + 20
        try:
            while time.monotonic() < deadline:
                try:
                    chunk = os.read(fd, 65536)
                except BlockingIOError:
                    time.sleep(0.005)
                    continue
                if chunk:
                    chunks.append(chunk)
                elif chunks:
                    break  # the writer closed
                else:
                    time.sleep(0.005)  # no writer yet
        finally:
            os.close(fd)
            got.append(b"".join(chunks))

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread


@pytest.mark.parametrize("through_link", [False, True], ids=["fifo", "link-to-fifo"])
def test_a_fifo_is_written_through_and_stays_a_fifo(tmp_path: Path, through_link: bool) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    target = fifo
    if through_link:
        target = tmp_path / "out.pdf"
        target.symlink_to(fifo)
    got: list[bytes] = []
    thread = _reader(fifo, got)
    data = b"%PDF-1.7 " + b"x" * 200_000  # more than a pipe's buffer
    write_atomic(target, data)
    thread.join(10)
    assert got == [data]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    if through_link:
        assert target.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["pipe", *(["out.pdf"] if through_link else [])]
    )  # no temporary file left beside it


def test_a_fifo_nobody_reads_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(OutputError, match="no program is reading"):
        write_atomic(fifo, b"data")
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_character_device_is_written_through(tmp_path: Path) -> None:
    # Only through a link: were the guard missing, a test writing to /dev/null itself as root
    # would replace the machine's /dev/null (it happened once while this test was written).
    link = tmp_path / "sink.pdf"
    link.symlink_to(os.devnull)
    write_atomic(link, b"%PDF-1.7")
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
    assert link.is_symlink() and os.readlink(link) == os.devnull
    assert [p.name for p in tmp_path.iterdir()] == ["sink.pdf"]


def test_a_folder_or_a_socket_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    with pytest.raises(OutputError, match="is a folder"):
        write_atomic(folder, b"data")
    sock_path = tmp_path / "s"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(sock_path))
        with pytest.raises(OutputError, match="is a socket"):
            write_atomic(sock_path, b"data")
    finally:
        server.close()
    assert stat.S_ISSOCK(sock_path.stat().st_mode)


def test_questionnaire_to_a_fifo_through_the_command_line(tmp_path: Path) -> None:
    fifo = tmp_path / "q.md"
    os.mkfifo(fifo)
    got: list[bytes] = []
    thread = _reader(fifo, got)
    result = run("questionnaire", "-o", fifo)
    thread.join(10)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert b"#" in b"".join(got)


def test_questionnaire_to_an_unread_fifo_says_so(tmp_path: Path) -> None:
    fifo = tmp_path / "q.md"
    os.mkfifo(fifo)
    result = run("questionnaire", "-o", fifo)
    assert result.exit_code == 2, result.output
    assert "no program is reading" in result.output
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_dev_stdout_redirected_to_a_file_is_added_to_not_replaced(tmp_path: Path) -> None:
    import subprocess
    import sys

    before = os.readlink("/dev/stdout")
    out = tmp_path / "out.txt"
    code = "from pathlib import Path; from firmbrief.atomic import write_atomic; " + (
        "write_atomic(Path('/dev/stdout'), b'written through\\n')"
    )
    with open(out, "wb") as handle:
        done = subprocess.run([sys.executable, "-c", code], stdout=handle, check=False)
    assert done.returncode == 0
    assert out.read_bytes() == b"written through\n"
    assert os.path.islink("/dev/stdout") and os.readlink("/dev/stdout") == before
