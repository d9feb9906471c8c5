"""The locale a brief is written and read in: English, with the number and date conventions of
the freelancer's country (else the client's) where Babel knows them, else plain ``en``.

Documents and notices format money and dates in it, and amounts typed for a brief (on the
command line, in answers) are read in it (:func:`firmbrief.briefs.money.parse_amount`).
"""

from __future__ import annotations

from functools import cache

from firmbrief.briefs.schema import Brief

__all__ = ["locale_for"]


@cache
def _locale_exists(name: str) -> bool:
    from babel import localedata

    return bool(localedata.exists(name))


def locale_for(brief: Brief) -> str:
    """``en_DE`` for a studio in Germany, ``en_US`` in the US, ``en`` when the country is not
    said or Babel has no English conventions for it."""
    for country in (brief.freelancer.country, brief.client.country):
        if country and _locale_exists(f"en_{country}"):
            return f"en_{country}"
    return "en"
