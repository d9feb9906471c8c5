"""Shared fixtures: the examples, a CLI runner, and an isolated cache for every test session.

Hypothesis runs under a profile: ``dev`` (few examples, for the all-day loop) unless
``HYPOTHESIS_PROFILE=ci`` (as ``make test`` sets) asks for enough to matter; a test that wants
more than the profile's number says so with :func:`examples`."""

from __future__ import annotations

import copy
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import pytest
import typer.main
import typer.testing
import yaml
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner, Result

from firmbrief.briefs.files import read_data
from firmbrief.commands.app import app
from firmbrief.pdf import Renderer

if TYPE_CHECKING:
    from pdf_support import Rendered

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DATA = Path(__file__).resolve().parent / "data"
READY_EXAMPLES = sorted(p for p in EXAMPLES.glob("*.yaml") if p.name != "defects.yaml")
FIRMBRIEF = Path(sys.executable).with_name("firmbrief")
"""The installed ``firmbrief`` command of the environment running the tests."""
TODAY = date(2026, 11, 23)
"""The day the examples are judged on: before every date in them."""


settings.register_profile(
    "ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "dev", max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def examples(ci: int) -> int:
    """``ci`` examples under the ``ci`` profile; the profile's own number (fewer) otherwise."""
    if os.environ.get("HYPOTHESIS_PROFILE") == "ci":
        return ci
    return min(ci, settings.get_profile("dev").max_examples)


_BUILT: dict[int, tuple[typer.Typer, Any]] = {}


def _built_once(app: typer.Typer) -> Any:
    """Typer's command tree for ``app``, built on its first use and kept for the session
    (Typer's runner builds it anew on every call: half the time of a short command)."""
    found = _BUILT.get(id(app))
    if found is None or found[0] is not app:
        found = _BUILT[id(app)] = (app, typer.main.get_command(app))
    return found[1]


@pytest.fixture(autouse=True, scope="session")
def _typer_built_once() -> Iterator[None]:
    patch = pytest.MonkeyPatch()
    patch.setattr(typer.testing, "_get_command", _built_once)
    yield
    patch.undo()


FAST: Final = os.environ.get("FIRMBRIEF_TESTS") == "fast"
"""``make test-fast``: a test that renders a PDF or starts a process is skipped where it does
(``make test`` runs it)."""


@pytest.fixture(autouse=True, scope="session")
def _fast_loop() -> Iterator[None]:
    if not FAST:
        yield
        return
    import subprocess

    import pexpect

    def left_out(what: str) -> Any:
        def skip(*args: Any, **kwargs: Any) -> Any:
            pytest.skip(f"{what}: left to make test")

        return skip

    patch = pytest.MonkeyPatch()
    patch.setattr(subprocess, "Popen", left_out("starts a process"))
    patch.setattr(pexpect, "spawn", left_out("starts a process"))
    patch.setattr(Renderer, "pdf", left_out("renders a PDF"))
    yield
    patch.undo()


@pytest.fixture(autouse=True, scope="session")
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    patch = pytest.MonkeyPatch()
    patch.setenv("FIRMBRIEF_CACHE", str(tmp_path_factory.mktemp("cache")))
    patch.setenv("NO_COLOR", "1")
    yield
    patch.undo()


def in_language(example: Path, folder: Path, language: str = "en") -> Path:
    """A copy of ``example`` in ``folder`` whose documents are written in ``language``: for a
    test about one language's words (the examples' clients in Germany receive German, in
    France French). Comments and order are kept; only ``language`` is set."""
    folder.mkdir(parents=True, exist_ok=True)
    text = example.read_text("utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("language:")]
    copy = folder / example.name
    copy.write_text("\n".join(lines) + f"\nlanguage: {language}\n", "utf-8")
    return copy


@pytest.fixture(scope="session")
def renderer() -> Renderer:
    """One renderer for the whole session, as a batch reuses one."""
    return Renderer()


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory, renderer: Renderer) -> dict[str, Rendered]:
    """Every ready example rendered once, all through one renderer (as a batch would)."""
    from firmbrief.briefs.loading import load_brief_file
    from firmbrief.contracts.render import render_brief

    from pdf_support import Rendered

    out = tmp_path_factory.mktemp("rendered")
    found = {}
    for example in READY_EXAMPLES:
        done = render_brief(example, today=TODAY, renderer=renderer, out_dir=out)
        brief = load_brief_file(example).brief
        assert brief is not None
        pdfs = {path.name.removesuffix(".pdf").rsplit("-", 1)[1]: path for path in done.paths}
        found[example.stem] = Rendered(brief, example, pdfs)
    return found


def run(*args: str | Path, input: str | None = None) -> Result:
    """Run the firmbrief command line in-process."""
    return CliRunner().invoke(app, [str(a) for a in args], input=input)


@pytest.fixture
def brief_data() -> Callable[[str], dict[str, Any]]:
    """A fresh copy of an example's data, to change for a test."""

    def load(name: str = "logo") -> dict[str, Any]:
        return copy.deepcopy(read_data(EXAMPLES / f"{name}.yaml"))

    return load


@pytest.fixture
def write_brief(tmp_path: Path) -> Callable[[dict[str, Any]], Path]:
    """Write brief data as a YAML file in the test's folder."""

    def write(data: dict[str, Any], name: str = "brief.yaml") -> Path:
        path = tmp_path / name
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        return path

    return write


@pytest.fixture
def logo(tmp_path: Path) -> Path:
    """examples/logo.yaml copied into the test's folder (its record lands beside it)."""
    brief = tmp_path / "logo.yaml"
    shutil.copy(EXAMPLES / "logo.yaml", brief)
    return brief


# --- which tests are slow ----------------------------------------------------------------------

_RENDERING: Final = frozenset({"rendered", "renderer", "terms", "blank_form", "browser"})
"""Fixtures that render PDFs or start a browser: a test using one is ``slow`` (make test-fast
leaves it out)."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if set(getattr(item, "fixturenames", ())) & _RENDERING:
            item.add_marker(pytest.mark.slow)
