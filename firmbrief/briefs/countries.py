"""Countries and regions: codes that mean something.

A country is an ISO 3166 two-letter code (checked with ``pycountry``); the codes people write
by habit are told apart from typing errors ("UK": did you mean GB?). A region is a subdivision
of the country: the ``holidays`` package's code for it, or its ISO 3166-2 code. Where the
``holidays`` package splits a country's public holidays by region (the United Kingdom, the
United States, Germany, Canada, Australia, Spain, Switzerland...), a brief without a region
misses the regional holidays, and is told which codes there are.

Plain values in, plain values out: the rules in :mod:`firmbrief.briefs.rules.places` turn the
answers into findings. The subdivisions ``holidays`` knows, pycountry's country names and each
country's ISO 3166-2 regions are remembered between runs (:mod:`firmbrief.briefs.cache`:
``holidays`` costs 0.1 s to import, and pycountry 90 ms to read its 5,000 subdivisions).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any, Final

from firmbrief.briefs.cache import remembered

__all__ = [
    "HABITS",
    "calendar_region",
    "country_name",
    "country_problem",
    "region_codes",
    "region_problem",
    "regions_said",
]

HABITS: Final[dict[str, str]] = {
    "UK": "GB",  # the United Kingdom's ISO code is GB
    "EL": "GR",  # the EU's VAT prefix for Greece
    "EN": "GB",  # England is a region of GB (ENG)
    "XK": "XK",  # Kosovo: user-assigned, used by the EU and the holidays package
}
"""Codes written by habit instead of the ISO 3166 one."""

_CODE: Final = re.compile(r"[A-Z0-9]{1,3}")

SHOWN_WITH_NAMES: Final = 12
"""Up to this many regions are listed with their names; more are listed as codes only."""


def country_name(code: str) -> str | None:
    """The English name of the ISO 3166 country ``code`` (``None`` if there is none)."""
    code = code.strip().upper()
    if code == "XK":
        return "Kosovo"
    return _countries().get(code)


@cache
def _countries() -> dict[str, str]:
    """Every ISO 3166 country, code to English name (pycountry's, remembered)."""
    answer = remembered("countries-v1", "pycountry", _country_table, valid=_is_table)
    return {str(k): str(v) for k, v in answer.items()}


def _country_table() -> dict[str, str]:
    import pycountry

    table: Any = pycountry.countries  # pycountry's lookups are not typed
    return {str(c.alpha_2): str(getattr(c, "common_name", None) or c.name) for c in table}


def _is_table(answer: Any) -> bool:
    """A remembered table of codes to names (the cache is a file: anything else is looked up
    again)."""
    return isinstance(answer, dict) and all(isinstance(v, str) for v in answer.values())


def _is_region_table(answer: Any) -> bool:
    """A remembered table of region codes to their name and parent code."""
    return isinstance(answer, dict) and all(
        isinstance(v, list)
        and len(v) == 2
        and isinstance(v[0], str)
        and (v[1] is None or isinstance(v[1], str))
        for v in answer.values()
    )


def country_problem(code: str) -> str | None:
    """Why ``code`` is not a country code (``None`` when it is one)."""
    code = code.strip().upper()
    if country_name(code) is not None:
        return None
    habit = HABITS.get(code)
    if habit is not None and habit != code:
        name = country_name(habit)
        return f'"{code}" is not an ISO 3166 country code: did you mean {habit} ({name})?'
    return f'"{code}" is not an ISO 3166 country code (two letters, such as DE, FR, GB or US)'


@cache
def region_codes(country: str) -> dict[str, str]:
    """The regions whose public holidays the ``holidays`` package tells apart in ``country``,
    code to name (empty when the whole country has the same holidays, or is unknown)."""
    answer = remembered(f"regions-v2-{country.upper()}", "holidays", lambda: _regions(country))
    return {str(k): str(v) for k, v in answer.items()} if isinstance(answer, dict) else {}


def _regions(country: str) -> dict[str, str]:
    import holidays

    try:
        kind = holidays.country_holidays(country.upper()).__class__
    except NotImplementedError:
        return {}
    # Only codes: ``holidays`` also lists cities and school zones ("Augsburg", "Zone A").
    codes = [str(c) for c in getattr(kind, "subdivisions", ()) if _CODE.fullmatch(str(c))]
    aliases = getattr(kind, "subdivisions_aliases", {}) or {}
    names: dict[str, str] = {}
    for name, code in aliases.items():
        names.setdefault(str(code), str(name))
    return {code: names.get(code) or _iso_name(country, code) or code for code in codes}


def _iso_name(country: str, region: str) -> str | None:
    found = _subdivisions(country).get(f"{country.upper()}-{region.upper()}")
    return None if found is None else found[0]


@cache
def _subdivisions(country: str) -> dict[str, tuple[str, str | None]]:
    """The ISO 3166-2 regions of ``country``: code (``GB-LND``) to name and parent code."""
    code = country.strip().upper()
    if country_name(code) is None:
        return {}  # not a country: nothing to look up (nor a cache file to keep for it)
    answer = remembered(
        f"subdivisions-v1-{code}",
        "pycountry",
        lambda: _subdivision_table(code),
        valid=_is_region_table,
    )
    return {
        str(k): (str(name), str(parent) if parent else None) for k, (name, parent) in answer.items()
    }


def _subdivision_table(country: str) -> dict[str, list[str | None]]:
    import pycountry

    table: Any = pycountry.subdivisions
    found = table.get(country_code=country) or ()
    return {str(s.code): [str(s.name), getattr(s, "parent_code", None)] for s in found}


def regions_said(country: str) -> str:
    """The regions of ``country`` as a message lists them: with their names when there are a
    few ("ENG (England), NIR (Northern Ireland), ..."), as codes only when there are many."""
    regions = region_codes(country)
    if len(regions) <= SHOWN_WITH_NAMES:
        return ", ".join(
            code if name == code else f"{code} ({name})" for code, name in regions.items()
        )
    return " ".join(regions)


def calendar_region(country: str, region: str) -> str | None:
    """The region whose public holidays apply to ``region`` of ``country``, as the ``holidays``
    package writes it: ``region`` itself in any case (``by`` is ``BY``), or the region an ISO
    3166-2 code lies in (London, GB-LND, lies in England, ENG); ``None`` if there is none."""
    known = {code.upper(): code for code in region_codes(country)}
    wanted = region.strip().upper().removeprefix(f"{country.upper()}-")
    seen = 0
    while wanted and seen < 5:  # a parent's parent at most: ISO 3166-2 is shallow
        if wanted in known:
            return known[wanted]
        parent = _iso_parent(country, wanted)
        wanted = parent.upper().removeprefix(f"{country.upper()}-") if parent else ""
        seen += 1
    return None


def _iso_parent(country: str, region: str) -> str | None:
    found = _subdivisions(country).get(f"{country.upper()}-{region.upper()}")
    return None if found is None else found[1]


def region_problem(country: str, region: str) -> str | None:
    """Why ``region`` is not a region of ``country`` (``None`` when it is one: a region the
    ``holidays`` package knows, or any ISO 3166-2 code of the country)."""
    wanted = region.strip()
    if calendar_region(country, wanted) is not None:
        return None
    bare = wanted.upper().removeprefix(f"{country.upper()}-")
    if _iso_name(country, bare) is not None:
        return None  # a region without holidays of its own: the nationwide ones apply
    regions = region_codes(country)
    for code, name in regions.items():
        if name.casefold() == wanted.casefold():
            return f'"{wanted}" is written as its code: {code}'
    if regions:
        return f'"{wanted}" is not a region of {country}; write one of: {regions_said(country)}'
    return (
        f'"{wanted}" is not an ISO 3166-2 region of {country}; {country} has the same public '
        "holidays everywhere: leave the region out"
    )
