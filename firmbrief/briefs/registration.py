"""A business's legal registration number, apart from its VAT number: the French SIRET or
SIREN, the German commercial register entry ("HRB 12345, Amtsgericht Charlottenburg"), the UK
Companies House number.

:func:`check_registration` judges one for the freelancer's country with python-stdnum where it
has a validator (``stdnum.fr.siret``, ``stdnum.fr.siren``, ``stdnum.de.handelsregisternummer``)
and says what it is: its label on an invoice, its identifier compact and its scheme as an
ISO/IEC 6523 ICD for EN 16931 BT-30 ("0002" a SIREN, "0009" a SIRET). Plain values in and out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal

__all__ = ["LABEL", "Registration", "check_registration"]

LABEL: Final = re.compile(r"^\s*(SIRET|SIREN)\b[\s:.#-]*", re.IGNORECASE)
"""A French number written with its name before it ("SIRET 732 829 320 00074")."""
_COMPANIES_HOUSE: Final = re.compile(r"(?:[A-Z]{2}\d{6}|\d{8})")
_COURT: Final = re.compile(r"^(?:Amtsgericht|AG)\s+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Registration:
    """A registration number as an invoice prints it and the XML carries it; ``problem`` says
    why it is wrong ("error": certainly, "warning": not confirmed)."""

    shown: str  # as printed: "732 829 320 00074"
    identifier: str  # compact: "73282932000074"
    scheme: str  # ISO/IEC 6523 ICD, or ""
    label: Literal["SIRET", "SIREN", "Company number", "Commercial register", "Registration"]
    problem: str | None = None
    severity: Literal["error", "warning"] = "error"


def check_registration(value: str, country: str | None) -> Registration:
    """Judge ``value`` as the legal registration number of a business in ``country``."""
    said = " ".join(value.split())
    country = (country or "").upper()
    named = LABEL.match(said)
    if country == "FR" or named:
        return _french(said[named.end():] if named else said, named[1].upper() if named else "")
    if country == "DE":
        from stdnum.de import handelsregisternummer

        if handelsregisternummer.is_valid(_COURT.sub("", _court_first(said))):
            return Registration(said, said, "", "Commercial register")
        return Registration(said, said, "", "Commercial register", problem=(
            f'"{said[:60]}" is not a commercial register entry firmbrief can confirm: write it '
            'as the register has it, e.g. "HRB 12345, Amtsgericht Charlottenburg"'),
            severity="warning")  # fmt: skip
    if country == "GB":
        compact = said.replace(" ", "").upper()
        if _COMPANIES_HOUSE.fullmatch(compact):
            return Registration(compact, compact, "", "Company number")
        return Registration(said, compact, "", "Company number", problem=(
            f'"{said[:40]}" is not a Companies House number (8 digits, or 2 letters and 6 '
            "digits): copy it from your certificate of incorporation"),
            severity="warning")  # fmt: skip
    return Registration(said, said, "", "Registration")


def _court_first(said: str) -> str:
    """``HRB 12345, Amtsgericht Charlottenburg`` as stdnum reads it: the court first."""
    number, comma, court = said.partition(",")
    return f"{court.strip()} {number.strip()}" if comma else said


def _french(value: str, named: str) -> Registration:
    from stdnum.fr import siren, siret

    compact = re.sub(r"[\s.\-]", "", value)
    if len(compact) == 14 and named != "SIREN" and siret.is_valid(compact):
        return Registration(siret.format(compact), compact, "0009", "SIRET")
    if len(compact) == 9 and named != "SIRET" and siren.is_valid(compact):
        return Registration(siren.format(compact), compact, "0002", "SIREN")
    short = named == "SIREN" or (not named and len(compact) == 9)
    kind: Literal["SIRET", "SIREN"] = "SIREN" if short else "SIRET"
    return Registration(value, compact, "", kind, problem=(
        f'"{value[:40]}" is not a valid {kind} (a SIRET has 14 digits, a SIREN 9, and their '
        "check digit must hold): copy it from your avis de situation INSEE"))  # fmt: skip
