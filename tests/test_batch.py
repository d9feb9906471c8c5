"""Rendering many briefs at once: every brief ends as one outcome, failures stop nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from firmbrief.contracts import batch
from firmbrief.contracts.batch import RenderOptions, find_briefs, render_many

from conftest import EXAMPLES, READY_EXAMPLES, TODAY, run


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The examples, plus a brief that cannot be read at all."""
    briefs = tmp_path / "briefs"
    briefs.mkdir()
    for example in EXAMPLES.glob("*.yaml"):
        shutil.copy(example, briefs / example.name)
    (briefs / "broken.yaml").write_text("title: [unclosed\n", "utf-8")
    (briefs / "notes.txt").write_text("not a brief", "utf-8")
    return briefs


def test_find_briefs_expands_folders_and_keeps_files(folder: Path) -> None:
    found = find_briefs([folder, folder / "logo.yaml"])
    assert [p.name for p in found] == [
        "broken.yaml",
        "consumer-wedding.yaml",
        "defects.yaml",
        "logo.yaml",
        "podcast.yaml",
        "translation.yaml",
        "website.yaml",
    ]


def test_a_folder_renders_every_ready_brief_and_reports_the_rest(
    folder: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = run("render", folder, "-o", out, "--today", TODAY.isoformat(), "--jobs", "1")
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines()[0] == (
        "5 rendered, 1 refused as not ready, 1 failed (of 7 briefs)"
    )
    assert f"not ready {folder / 'defects.yaml'}: 13 errors" in result.stdout
    assert f"failed    {folder / 'broken.yaml'}: is not valid YAML" in result.stdout
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{p.stem}-{kind}.pdf" for p in READY_EXAMPLES for kind in ("brief", "terms")
    )
    assert "Traceback" not in result.output


def test_two_workers_give_the_same_outcomes_as_one(folder: Path, tmp_path: Path) -> None:
    briefs = find_briefs([folder])
    one = render_many(briefs, RenderOptions(today=TODAY, out_dir=tmp_path / "one"), jobs=1)
    two = render_many(briefs, RenderOptions(today=TODAY, out_dir=tmp_path / "two"), jobs=2)
    assert [(o.brief, o.status, o.reason) for o in one] == [
        (o.brief, o.status, o.reason) for o in two
    ]
    for a, b in zip(one, two, strict=True):
        assert [p.name for p in a.files] == [p.name for p in b.files]


def test_one_renderer_serves_every_brief_in_a_worker(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from firmbrief import pdf

    made: list[object] = []
    original = pdf.Renderer.__init__

    def counting(self: pdf.Renderer, *args: object, **kwargs: object) -> None:
        made.append(self)
        original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pdf.Renderer, "__init__", counting)
    monkeypatch.setattr(batch, "_renderer", None)
    outcomes = render_many(
        [folder / p.name for p in READY_EXAMPLES],
        RenderOptions(today=TODAY, out_dir=tmp_path),
        jobs=1,
    )
    assert [o.status for o in outcomes] == ["rendered"] * len(READY_EXAMPLES)
    assert len(made) == 1


def test_briefs_that_would_overwrite_each_other_are_refused_before_any_work(
    tmp_path: Path,
) -> None:
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        shutil.copy(EXAMPLES / "logo.yaml", tmp_path / name / "logo.yaml")
    result = run("render", tmp_path / "a", tmp_path / "b", "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "would both write logo-*.pdf" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_missing_path_in_a_batch_is_named(tmp_path: Path) -> None:
    result = run("render", EXAMPLES / "logo.yaml", tmp_path / "nope.yaml", "-o", tmp_path)
    assert result.exit_code == 2
    assert result.stderr == f"error: {tmp_path / 'nope.yaml'}: no such file or folder\n"
