"""The cache: given to the domain by the app shell, where the user's settings say, or off; written
atomically; no key reaches outside its folder; the domain alone writes nothing anywhere."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import date
from pathlib import Path

import pytest

from firmbrief import cache as shell_cache
from firmbrief.briefs import cache
from firmbrief.briefs.readiness import check_file
from firmbrief.cache import DiskStore, cache_folder

from conftest import EXAMPLES, FIRMBRIEF


def test_the_folder_follows_the_users_settings(tmp_path: Path) -> None:
    home = Path.home()
    assert cache_folder({"FIRMBRIEF_CACHE": str(tmp_path)}) == tmp_path
    assert cache_folder({"XDG_CACHE_HOME": str(tmp_path)}) == tmp_path / "firmbrief"
    assert cache_folder({"XDG_CACHE_HOME": "relative/path"}) == home / ".cache" / "firmbrief"
    assert cache_folder({}) == home / ".cache" / "firmbrief"
    for off in ("off", "OFF", "0", "none"):
        assert cache_folder({"FIRMBRIEF_CACHE": off, "XDG_CACHE_HOME": str(tmp_path)}) is None


def test_answers_round_trip_and_keys_stay_inside_the_folder(tmp_path: Path) -> None:
    store = DiskStore(tmp_path / "cache")
    store.put("holidays-DE-../../../escape-2027", {"days": {"2027-01-01": "New Year"}})
    assert store.get("holidays-DE-../../../escape-2027") == {"days": {"2027-01-01": "New Year"}}
    assert store.get("not-there") is None
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert [p.parent for p in written] == [tmp_path / "cache"]
    assert (tmp_path / "cache").stat().st_mode & 0o777 == 0o700


def test_a_failed_write_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    store = DiskStore(tmp_path)
    store.put("currencies-babel-1", {"EUR": 2})  # no error: simply not kept
    assert list(tmp_path.iterdir()) == []


def test_a_damaged_answer_is_computed_again(tmp_path: Path) -> None:
    store = DiskStore(tmp_path)
    store.put("key", [1, 2])
    (path,) = tmp_path.iterdir()
    path.write_bytes(b"{not json")
    assert store.get("key") is None


def test_the_domain_alone_keeps_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    old = cache.use(None)
    try:
        calls: list[int] = []

        def compute() -> int:
            calls.append(1)
            return 3

        assert cache.remembered("sum", "yaml", compute) == 3
        check_file(EXAMPLES / "logo.yaml", today=date(2026, 11, 23))
    finally:
        cache.use(old)
    assert calls == [1]
    assert list(tmp_path.iterdir()) == []


def test_the_command_line_gives_the_domain_its_cache(tmp_path: Path) -> None:
    store = shell_cache.install({"FIRMBRIEF_CACHE": str(tmp_path)})
    try:
        assert cache.store() == store == DiskStore(tmp_path)
        assert cache.remembered("answer", "yaml", lambda: {"a": 1}) == {"a": 1}
        assert cache.remembered("answer", "yaml", lambda: {"a": 2}) == {"a": 1}
    finally:
        cache.use(None)


@pytest.mark.parametrize("setting", ["off", "xdg"])
def test_check_writes_its_cache_only_where_told(setting: str, tmp_path: Path) -> None:
    home, xdg = tmp_path / "home", tmp_path / "xdg"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in {"FIRMBRIEF_CACHE", "XDG_CACHE_HOME"}}
    env |= {"HOME": str(home), "XDG_CACHE_HOME": str(xdg)}
    if setting == "off":
        env["FIRMBRIEF_CACHE"] = "off"
    done = subprocess.run(
        [FIRMBRIEF, "check", EXAMPLES / "logo.yaml", "--today", "2026-11-23"],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert list(home.iterdir()) == []
    kept = sorted(p.name for p in xdg.rglob("*.json"))
    if setting == "off":
        assert not xdg.exists()
    else:
        assert any(name.startswith("holidays-DE-BE-2027") for name in kept), kept
        assert not [p for p in xdg.rglob("*") if p.name.endswith(".tmp")]


def test_an_answer_anyone_else_could_have_written_is_not_read(tmp_path: Path) -> None:
    """A planted answer (EUR with no decimals) counts only in this user's own 0700 folder, from a
    file no one else may write."""
    folder = tmp_path / "cache"
    store = DiskStore(folder)
    store.put("currencies-babel-1", {"EUR": 0})
    (planted,) = folder.iterdir()
    assert store.get("currencies-babel-1") == {"EUR": 0}  # this user's own answer
    planted.chmod(0o666)
    assert store.get("currencies-babel-1") is None  # anyone may have written the file
    planted.chmod(0o600)
    folder.chmod(0o777)
    assert store.get("currencies-babel-1") is None  # anyone may have put it in the folder
    store.put("other", 1)  # the folder is this user's: it is made private again
    assert folder.stat().st_mode & 0o777 == 0o700
    link = tmp_path / "link"
    link.symlink_to(folder)
    assert DiskStore(link).get("currencies-babel-1") is None  # a link is not the folder


def test_a_remembered_answer_of_the_wrong_shape_is_computed_again(tmp_path: Path) -> None:
    from firmbrief.briefs import money

    shell_cache.install({"FIRMBRIEF_CACHE": str(tmp_path)})
    try:
        money._currencies.cache_clear()
        assert money.minor_digits("EUR") == 2  # computed, and kept
        (kept,) = [p for p in tmp_path.iterdir() if p.name.startswith("currencies")]
        for planted in ({"EUR": 9}, {"EUR": "0"}, {"EUR": True}, {"eur'": 0}, ["EUR"]):
            kept.write_text(json.dumps(planted), "utf-8")
            money._currencies.cache_clear()
            assert money.minor_digits("EUR") == 2, planted
            assert money.minor_digits("JPY") == 0, planted
    finally:
        cache.use(None)
        money._currencies.cache_clear()
