"""American spelling of firmbrief's own English words: the one table, for the documents
(:mod:`firmbrief.contracts.spelling`, a Jinja extension) and the questionnaire
(:mod:`firmbrief.intake.form_view`), which may not import each other. Every text is written in
British spelling; :func:`american` respells it for a reader in the US ("licence" becomes
"license", "emphasises" "emphasizes")."""

from __future__ import annotations

import re
from typing import Final

__all__ = ["AMERICAN", "american"]

AMERICAN: Final = {
    "licence": "license",
    "licences": "licenses",
    "licensed": "licensed",
    "cancelled": "canceled",
    "cancelling": "canceling",
    "colour": "color",
    "colours": "colors",
    "favour": "favor",
    "behaviour": "behavior",
    "judgement": "judgment",
    "programme": "program",
    "centre": "center",
    "honour": "honor",
    "labour": "labor",
    "neighbourhood": "neighborhood",
    "defence": "defense",
    "fulfil": "fulfill",
    "fulfils": "fulfills",
    "organise": "organize",
    "organised": "organized",
    "recognise": "recognize",
    "recognised": "recognized",
    "authorise": "authorize",
    "authorised": "authorized",
    "realise": "realize",
    "apologise": "apologize",
    "analyse": "analyze",
    "summarise": "summarize",
    "catalogue": "catalog",
    "whilst": "while",
}
"""British spellings the templates use, and their American forms."""

_ISE_STEMS: Final = (
    "apolog", "authoris", "customis", "emphas", "finalis", "maximis", "minimis", "optimis",
    "organis", "prioritis", "realis", "recognis", "specialis", "standardis", "summaris",
    "utilis", "criticis", "itemis", "capitalis", "characteris", "normalis",
)  # fmt: skip
"""Verbs the templates (or their catalogue entries) may write with -ise: each of their forms
(-ise, -ises, -ised, -ising, -isation) is spelled -ize in American English."""

for _stem in _ISE_STEMS:
    _stem = _stem.removesuffix("is")  # "organis" and "organ" name the same verb
    for _british, _us in (("ise", "ize"), ("ises", "izes"), ("ised", "ized"), ("ising", "izing"),
                          ("isation", "ization"), ("isations", "izations")):  # fmt: skip
        AMERICAN.setdefault(_stem + _british, _stem + _us)

WORD: Final = re.compile(r"\b(" + "|".join(sorted(AMERICAN, key=len, reverse=True)) + r")\b",
                          re.IGNORECASE)  # fmt: skip


def american(text: str) -> str:
    """``text`` in American spelling; a capital first letter is kept."""

    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        us = AMERICAN[word.lower()]
        if word.isupper() and len(word) > 1:
            return us.upper()
        return us[0].upper() + us[1:] if word[0].isupper() else us

    return WORD.sub(swap, text)
