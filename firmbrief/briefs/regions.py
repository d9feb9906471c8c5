"""The names of the jurisdictions a brief may choose as its governing law: countries (by
Babel, in English), the states of the US and the provinces and territories of Canada."""

from __future__ import annotations

from typing import Final

__all__ = ["jurisdiction_name"]

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

_SPECIAL: Final = {
    "GB": "England and Wales",
    "US": "the United States",
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
    if country == "CA" and region in CA_PROVINCES:
        name = CA_PROVINCES[region].replace("_", " ")
        return (
            name if name.startswith("the ") or region in {"NU", "YT"} else f"the Province of {name}"
        )
    territories = Locale("en").territories
    base = _SPECIAL.get(country) or territories.get(country) or country
    return f"{base} ({region})" if region else str(base)
