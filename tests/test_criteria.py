"""``check`` warns on acceptance criteria nobody can check: they hang on someone's taste."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from firmbrief.briefs.readiness import check_file

from conftest import TODAY


@pytest.mark.parametrize(
    ("criterion", "warned"),
    [
        ("The client likes the logo.", True),
        ("Tom is happy with the colours.", True),
        ("The editor approves tone and register on the sample.", True),
        ("Passes the editor's read-through.", True),
        ("The site feels modern.", True),
        ("Looks good on a phone.", True),
        ("The logo reads at 16 px and on a 2 m shop sign.", False),
        ("No spelling mistakes; every page loads in under 2 s.", False),
        ("Likeness of the portrait is not judged.", False),  # a word that only starts alike
    ],
)
def test_a_criterion_of_taste_is_warned_about(
    brief_data: Callable[[str], dict[str, Any]],
    write_brief: Callable[[dict[str, Any]], Path],
    criterion: str,
    warned: bool,
) -> None:
    data = brief_data("logo")
    data["deliverables"][1]["acceptance"] = ["Covers logo use and colours.", criterion]
    report = check_file(write_brief(data), today=TODAY)
    found = [f for f in report.findings if f.code == "uncheckable-criterion"]
    assert report.ready  # a warning: worth a word with the client, not a block
    if warned:
        assert [f.field for f in found] == ["deliverables[1].acceptance[1]"]
        assert found[0].severity == "warning"
    else:
        assert found == []
