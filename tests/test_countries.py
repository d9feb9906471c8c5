"""Countries and regions: ISO 3166 codes, habits told apart, regions that decide the holidays."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from firmbrief.briefs.countries import calendar_region, country_problem, region_problem
from firmbrief.briefs.loading import parse_brief
from firmbrief.briefs.readiness import assess
from firmbrief.briefs.report import Finding

TODAY = date(2026, 12, 1)
EASTER_MONDAY_2027 = "2027-03-29"
EPIPHANY_2027 = "2027-01-06"


def _findings(freelancer: dict[str, Any], client: dict[str, Any] | None = None) -> list[Finding]:
    data = {
        "title": "T",
        "freelancer": freelancer,
        "client": client or {},
        "iterations": [{"start": EASTER_MONDAY_2027}, {"start": EPIPHANY_2027}],
    }
    return assess(parse_brief(data), file="brief.yaml", today=TODAY).findings


def _at(findings: list[Finding], field: str) -> list[Finding]:
    return [f for f in findings if f.field == field]


def test_uk_is_refused_with_the_iso_code_suggested() -> None:
    found = _at(_findings({"country": "DE", "region": "BE"}, {"country": "UK"}), "client.country")
    assert [f.severity for f in found] == ["error"]
    assert "did you mean GB (United Kingdom)" in found[0].message


@pytest.mark.parametrize("code", ["ZZ", "QQ"])
def test_a_code_that_is_no_country_is_refused(code: str) -> None:
    found = _findings({"country": code})
    errors = _at(found, "freelancer.country")
    assert [f.code for f in errors] == ["country-unknown"]
    # the dates are checked against no calendar, and that is not said a second time
    assert not [f for f in found if f.code == "no-holiday-calendar"]


def test_gb_without_a_region_is_warned_with_its_regions_listed() -> None:
    found = _findings({"country": "GB"})
    region = _at(found, "freelancer.region")
    assert [f.code for f in region] == ["region-missing"]
    for code, name in [("ENG", "England"), ("SCT", "Scotland"), ("WLS", "Wales")]:
        assert f"{code} ({name})" in region[0].message
    # Easter Monday is a bank holiday in England, not nationwide: not flagged without the region
    assert not _at(found, "iterations[0].start")


def test_gb_with_england_flags_easter_monday() -> None:
    found = _findings({"country": "GB", "region": "ENG"})
    assert not _at(found, "freelancer.region")
    assert "Easter Monday" in _at(found, "iterations[0].start")[0].message


def test_an_iso_subdivision_counts_with_the_region_it_lies_in() -> None:
    # London (GB-LND) lies in England: England's bank holidays apply
    found = _findings({"country": "GB", "region": "GB-LND"})
    assert not _at(found, "freelancer.region")
    assert "Easter Monday" in _at(found, "iterations[0].start")[0].message
    assert calendar_region("ES", "M") == "MD"  # the province of Madrid, in its community


def test_a_long_list_of_regions_is_given_as_codes_only() -> None:
    message = _at(_findings({"country": "US"}), "freelancer.region")[0].message
    assert " CA " in message and " NY " in message and "WY" in message
    assert "(California)" not in message


@pytest.mark.parametrize(
    ("country", "region", "expected"),
    [
        ("DE", "XX", "is not a region of DE; write one of: BB BE"),
        ("GB", "England", "is written as its code: ENG"),
        ("DK", "ZZ", "DK has the same public holidays everywhere: leave the region out"),
    ],
)
def test_a_region_that_is_not_one_is_refused(country: str, region: str, expected: str) -> None:
    assert expected in (region_problem(country, region) or "")
    found = _at(_findings({"country": country, "region": region}), "freelancer.region")
    assert [f.code for f in found] == ["region-unknown"]


def test_a_region_in_lower_case_still_finds_its_holidays() -> None:
    found = _findings({"country": "DE", "region": "by"})
    assert "Epiphany" in _at(found, "iterations[1].start")[0].message  # Bavaria's, not Berlin's
    assert not [f for f in found if f.code == "no-holiday-calendar"]


def test_a_region_without_holidays_of_its_own_uses_the_countrys() -> None:
    found = _findings({"country": "FR", "region": "ARA"})  # Auvergne-Rhone-Alpes, ISO 3166-2
    assert not _at(found, "freelancer.region")
    assert not [f for f in found if f.code == "no-holiday-calendar"]
    assert "Easter Monday" in _at(found, "iterations[0].start")[0].message


def test_a_region_without_a_country_is_asked_for_the_country() -> None:
    found = _at(_findings({"region": "BY"}), "freelancer.region")
    assert [f.code for f in found] == ["region-without-country"]


def test_real_codes_pass() -> None:
    assert country_problem("gb") is None and country_problem("DE") is None
