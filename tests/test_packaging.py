"""The layout every tool reads: the wheel and the sdist carry every module, template, font, script
and data file; the subpackages are found by walking the package, installed or editable; the
top-level folders the design names are links into the package."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "firmbrief"
SUBPACKAGES = ("briefs", "contracts", "intake", "templates")
WALK = (
    "import pkgutil, firmbrief; "
    "print('\\n'.join(m.name for m in pkgutil.walk_packages(firmbrief.__path__, 'firmbrief.')))"
)


def _package_files() -> set[str]:
    """Every file of the package in the source tree, as a path inside an archive."""
    return {
        p.relative_to(ROOT).as_posix()
        for p in PACKAGE.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


def _modules_in_tree() -> set[str]:
    """Every module and package of the source tree, by its dotted name."""
    names = set()
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        names.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names - {"firmbrief"}


def _clean_copy(into: Path) -> Path:
    """The source tree as a clean checkout has it: a build in the work tree would reuse its
    ``build/`` folder and could ship modules that no longer exist."""
    ignore = shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis",
        "out", "generated",
    )  # fmt: skip
    return Path(shutil.copytree(ROOT, into / "src", symlinks=True, ignore=ignore))


def _build(kind: str, out: Path) -> Path:
    source = _clean_copy(out)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(source)] if kind == "wheel" else
        [sys.executable, "-c", "from setuptools import build_meta as b; "
         f"print(b.build_sdist({str(out)!r}))"],
        check=True, capture_output=True, timeout=300, cwd=source,
    )  # fmt: skip
    (built,) = out.glob("firmbrief-*.whl" if kind == "wheel" else "firmbrief-*.tar.gz")
    return built


@pytest.fixture(scope="module")
def wheel_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build("wheel", tmp_path_factory.mktemp("wheel"))


@pytest.fixture(scope="module")
def wheel(wheel_path: Path) -> zipfile.ZipFile:
    return zipfile.ZipFile(wheel_path)


def test_every_module_template_asset_and_data_file_is_in_the_wheel(
    wheel: zipfile.ZipFile,
) -> None:
    names = set(wheel.namelist())
    expected = _package_files()
    assert "firmbrief/templates/fonts/NotoSans-Regular.ttf" in expected
    assert "firmbrief/briefs/datewords.json" in expected
    assert "firmbrief/templates/schemas/status.json" in expected  # `schema --of status`
    assert expected <= names, sorted(expected - names)


def test_the_subpackages_install_under_firmbrief(wheel: zipfile.ZipFile) -> None:
    tops = {name.split("/")[0] for name in wheel.namelist()}
    assert tops == {"firmbrief", *(n for n in tops if n.endswith(".dist-info"))}
    for package in SUBPACKAGES:
        assert f"firmbrief/{package}/__init__.py" in wheel.namelist()


def test_the_sdist_holds_the_whole_package(tmp_path: Path) -> None:
    sdist = _build("sdist", tmp_path)
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    missing = _package_files() - names
    assert not missing, sorted(missing)


def test_walk_packages_lists_every_module_from_the_editable_install() -> None:
    found = subprocess.run(
        [sys.executable, "-c", WALK], check=True, capture_output=True, text=True, cwd="/"
    ).stdout.split()
    assert set(found) == _modules_in_tree()


@pytest.mark.slow
def test_walk_packages_lists_every_module_from_a_wheel_install(
    wheel_path: Path, tmp_path: Path
) -> None:
    env = tmp_path / "venv"
    venv.create(env, system_site_packages=True, with_pip=False)
    python = env / "bin" / "python"
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    with zipfile.ZipFile(wheel_path) as archive:
        archive.extractall(site)
    # The editable install's finder is in the shared site-packages; the wheel's copy comes first.
    environment = {**os.environ, "PYTHONPATH": site}
    found = subprocess.run(
        [python, "-c", "import firmbrief, sys; print(firmbrief.__file__, file=sys.stderr); "
         + WALK], check=True, capture_output=True, text=True, cwd="/", env=environment,
    )  # fmt: skip
    assert found.stderr.strip().startswith(site), found.stderr
    assert set(found.stdout.split()) == _modules_in_tree()


@pytest.mark.parametrize("name", SUBPACKAGES)
def test_the_top_level_folders_are_links_into_the_package(name: str) -> None:
    link = ROOT / name
    assert link.is_symlink(), f"{name} should be a symbolic link to firmbrief/{name}"
    assert os.readlink(link) == f"firmbrief/{name}"
    assert link.resolve() == (PACKAGE / name).resolve()
