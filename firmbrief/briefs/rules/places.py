"""Countries and regions: ISO 3166 codes, and a region where the public holidays depend on it.

Runs before the dates: a country or region that means nothing is set aside, so the dates are
checked against the calendar that is known (the country's, or none) and not told twice.
"""

from __future__ import annotations

from collections.abc import Iterator

from firmbrief.briefs.countries import (
    calendar_region,
    country_name,
    country_problem,
    region_codes,
    region_problem,
    regions_said,
)
from firmbrief.briefs.report import Finding
from firmbrief.briefs.rules import Context, error, warning
from firmbrief.briefs.workdays import WorkCalendar

__all__ = ["check_places"]


def check_places(ctx: Context) -> Iterator[Finding]:
    """Country codes are ISO 3166 codes; the freelancer's region is one of the country's, and
    is given where the country's public holidays depend on it."""
    client = ctx.brief.client
    if client.country and (problem := country_problem(client.country)):
        yield error("country-unknown", ("client", "country"), problem)
    freelancer = ctx.brief.freelancer
    country, region = freelancer.country, freelancer.region
    if not country:
        if region:
            yield error(
                "region-without-country",
                ("freelancer", "region"),
                f'"{region}" is a region of which country? Give the country too',
            )
        return
    if problem := country_problem(country):
        yield error("country-unknown", ("freelancer", "country"), problem)
        ctx.calendar = WorkCalendar()  # no calendar: weekends only, said once
        return
    if region and (problem := region_problem(country, region)):
        yield error("region-unknown", ("freelancer", "region"), problem)
        ctx.calendar = WorkCalendar(country)
        return
    if region:  # the calendar of the region as ``holidays`` writes it, or the country's
        ctx.calendar = WorkCalendar(country, calendar_region(country, region))
    if not region and region_codes(country):
        yield warning(
            "region-missing",
            ("freelancer", "region"),
            f"public holidays in {country} ({country_name(country)}) differ by region; only the "
            f"nationwide ones are checked. Give your region as one of: {regions_said(country)}; "
            "an ISO 3166-2 code works too",
        )
