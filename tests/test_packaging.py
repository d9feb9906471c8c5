"""The wheel carries everything firmbrief reads at run time: templates, fonts, scripts, data."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (built,) = out.glob("firmbrief-*.whl")
    return zipfile.ZipFile(built)


def test_every_template_asset_and_data_file_is_in_the_wheel(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    expected = {
        f"firmbrief/templates/{p.relative_to(ROOT / 'templates').as_posix()}"
        for p in (ROOT / "templates").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    expected |= {"firmbrief/briefs/datewords.json", "firmbrief/py.typed"}
    assert expected <= names, sorted(expected - names)


def test_the_subpackages_install_under_firmbrief(wheel: zipfile.ZipFile) -> None:
    tops = {name.split("/")[0] for name in wheel.namelist()}
    assert tops == {"firmbrief", *(n for n in tops if n.endswith(".dist-info"))}
    for package in ("intake", "briefs", "contracts", "templates"):
        assert f"firmbrief/{package}/__init__.py" in wheel.namelist()
