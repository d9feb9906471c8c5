"""Acceptance criteria that can be checked: a criterion that hangs on someone's taste ("the
client likes it", "passes the editor's read-through") cannot be met or missed, so fixing a
"missed" one never ends. Such criteria are worth rewording as something anyone can check."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from firmbrief.briefs.explain import shown
from firmbrief.briefs.report import Finding
from firmbrief.briefs.rules import Context, warning

__all__ = ["SUBJECTIVE", "check_criteria"]

SUBJECTIVE: Final = re.compile(
    r"\b(?:likes?|liked|loves?|happy|pleased|satisf(?:ied|ies|y|action)|approves?|approved|"
    r"approval|read-?through|feels?|feeling|looks? (?:good|great|right|nice)|to (?:the|their|"
    r"his|her) taste|signs? off|sign-off)\b",
    re.IGNORECASE,
)
"""Words that make a criterion a matter of someone's opinion."""


def check_criteria(ctx: Context) -> Iterator[Finding]:
    """A warning for each acceptance criterion that hangs on someone's taste."""
    for index, item in enumerate(ctx.brief.deliverables):
        for number, criterion in enumerate(item.acceptance):
            found = SUBJECTIVE.search(criterion)
            if found:
                yield warning(
                    "uncheckable-criterion",
                    ("deliverables", index, "acceptance", number),
                    f"{shown(criterion)} cannot be checked ({shown(found.group(0))} is a matter "
                    "of opinion), so fixing a miss never ends: say what can be checked, e.g. "
                    '"no spelling mistakes", "reads at 16 px"',
                )
