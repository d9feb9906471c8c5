"""Run the firmbrief command line in this process and record every file it opens and every
network call it tries (Python audit hooks), under a memory limit.

Usage: python hostile_harness.py REPORT.json MEMORY_MB -- firmbrief arguments...
The report holds the exit code, the paths opened and the network calls tried.
"""

from __future__ import annotations

import json
import os
import resource
import sys
from typing import Any


def main() -> None:
    report, memory_mb, separator, *argv = sys.argv[1:]
    assert separator == "--"
    limit = int(memory_mb) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    opened: list[str] = []
    network: list[str] = []
    recording = True

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if not recording:
            return
        if event == "open" and isinstance(args[0], str | bytes):
            opened.append(os.fsdecode(args[0]))
        elif event in {"socket.connect", "socket.getaddrinfo", "urllib.Request"}:
            network.append(f"{event} {args[1] if event == 'socket.connect' else args[0]}")

    sys.addaudithook(hook)
    stop = os.environ.get("HOSTILE_DEFAULT_SIGNAL")
    if stop:  # the case sends this signal: its default disposition, whatever was inherited
        import signal  # (SIGHUP is ignored under nohup, and an ignored SIGHUP stays ignored)

        signal.signal(int(stop), signal.SIG_DFL)
    pause = float(os.environ.get("HOSTILE_FSYNC_PAUSE", "0"))
    if pause:  # hold every write between its temporary file and the rename, to be stopped there
        import time

        real_fsync = os.fsync

        def slow_fsync(fd: Any) -> None:
            time.sleep(pause)
            real_fsync(fd)

        os.fsync = slow_fsync
    from firmbrief.commands.app import main as firmbrief

    code = firmbrief(argv)
    recording = False
    with open(report, "w", encoding="utf-8") as handle:
        json.dump({"exit": code, "opened": opened, "network": network}, handle)
    sys.exit(code)


if __name__ == "__main__":
    main()
