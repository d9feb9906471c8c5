"""The names of the jurisdictions a brief may choose as its governing law: countries (by
Babel, in English), the states of the US and of Australia, the provinces and territories of
Canada, and the three legal systems of the United Kingdom (England and Wales, Scotland,
Northern Ireland). In those four countries contract law is the state's, province's or nation's:
:data:`SUBDIVIDED` lists them, and :func:`subdivision` finds the one a region code names."""

from __future__ import annotations

from typing import Final

__all__ = ["SUBDIVIDED", "jurisdiction_name", "subdivision"]

US_STATES: Final = dict(
    pair.split("=")
    for pair in (
        "AL=Alabama AK=Alaska AZ=Arizona AR=Arkansas CA=California CO=Colorado "
        "CT=Connecticut DE=Delaware FL=Florida GA=Georgia HI=Hawaii ID=Idaho IL=Illinois "
        "IN=Indiana IA=Iowa KS=Kansas KY=Kentucky LA=Louisiana ME=Maine MD=Maryland "
        "MA=Massachusetts MI=Michigan MN=Minnesota MS=Mississippi MO=Missouri MT=Montana "
        "NE=Nebraska NV=Nevada NH=New_Hampshire NJ=New_Jersey NM=New_Mexico NY=New_York "
        "NC=North_Carolina ND=North_Dakota OH=Ohio OK=Oklahoma OR=Oregon PA=Pennsylvania "
        "RI=Rhode_Island SC=South_Carolina SD=South_Dakota TN=Tennessee TX=Texas UT=Utah "
        "VT=Vermont VA=Virginia WA=Washington WV=West_Virginia WI=Wisconsin WY=Wyoming"
    ).split()
)
"""The US states, by postal code (underscores stand for spaces)."""

CA_PROVINCES: Final = dict(
    pair.split("=")
    for pair in (
        "AB=Alberta BC=British_Columbia MB=Manitoba NB=New_Brunswick "
        "NL=Newfoundland_and_Labrador NS=Nova_Scotia ON=Ontario PE=Prince_Edward_Island "
        "QC=Quebec SK=Saskatchewan NT=the_Northwest_Territories NU=Nunavut YT=Yukon"
    ).split()
)

AU_STATES: Final = dict(
    pair.split("=")
    for pair in (
        "NSW=New_South_Wales VIC=Victoria QLD=Queensland WA=Western_Australia "
        "SA=South_Australia TAS=Tasmania ACT=the_Australian_Capital_Territory "
        "NT=the_Northern_Territory"
    ).split()
)

GB_NATIONS: Final = {"ENG": "ENG", "WLS": "ENG", "SCT": "SCT", "NIR": "NIR"}
"""The UK's nations by ISO 3166-2 code, and the legal system each belongs to (Wales shares
England's)."""

SUBDIVIDED: Final[dict[str, dict[str, str]]] = {
    "US": US_STATES,
    "CA": CA_PROVINCES,
    "AU": AU_STATES,
    "GB": GB_NATIONS,
}
"""The countries whose contract law is their states', provinces' or nations'."""

_SPECIAL: Final = {
    "GB-ENG": "England and Wales",
    "GB-SCT": "Scotland",
    "GB-NIR": "Northern Ireland",
    "US": "the United States",
    "GB": "the United Kingdom",
    "NL": "the Netherlands",
    "AE": "the United Arab Emirates",
    "PH": "the Philippines",
    "US-DC": "the District of Columbia",
}


def jurisdiction_name(code: str) -> str:
    """``the State of New York`` for ``US-NY``, ``France`` for ``FR``, ``England and Wales``
    for ``GB``; a code it does not know is given back as it is."""
    from babel import Locale

    if code in _SPECIAL:
        return _SPECIAL[code]
    country, _, region = code.partition("-")
    if country == "US" and region in US_STATES:
        return "the State of " + US_STATES[region].replace("_", " ")
    if country == "AU" and region in AU_STATES:
        return AU_STATES[region].replace("_", " ")
    if country == "CA" and region in CA_PROVINCES:
        name = CA_PROVINCES[region].replace("_", " ")
        return (
            name if name.startswith("the ") or region in {"NU", "YT"} else f"the Province of {name}"
        )
    territories = Locale("en").territories
    base = _SPECIAL.get(country) or territories.get(country) or country
    return f"{base} ({region})" if region else str(base)


def subdivision(country: str, region: str | None) -> str | None:
    """The jurisdiction ``US-NY`` for the region ``NY`` of ``US`` (``GB-ENG`` for Wales, whose
    law is England's); ``None`` when ``country`` has no such law of its own or ``region`` is
    none of its subdivisions. ``AU-NSW`` and ``AU-AU-NSW`` style codes are read as ``NSW``."""
    known = SUBDIVIDED.get(country)
    if known is None or not region:
        return None
    region = region.upper().removeprefix(f"{country}-")
    found = known.get(region)
    if found is None:
        return None
    return f"{country}-{found if country == 'GB' else region}"
