"""An invoice as plain data: everything its page and its Factur-X XML say, and nothing else.

:func:`invoice_data` builds it from a brief and one of the project's instalments (as
:func:`~firmbrief.contracts.record.replay.project_at` works them out), with the amounts from
the one money module; :func:`credit_note_of` turns an issued invoice into the credit note that
cancels it (its own number, the same lines, every amount negated). :meth:`InvoiceData.as_json`
is what the register keeps, so an invoice can be printed again exactly from it; and
:meth:`InvoiceData.summary` is the issued invoice as the project record will want it (number,
instalment, amounts, dates).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Final, Literal

from firmbrief.briefs.money import Amounts, InstalmentKind, amount_text, minor_digits
from firmbrief.briefs.parties import Client, Freelancer
from firmbrief.briefs.schema import Brief
from firmbrief.contracts.catalogues import N_, language_of

__all__ = [
    "DEFAULT_TAX_NOTES",
    "DEPOSIT_COUNTRIES",
    "InvoiceData",
    "Kind",
    "PartyData",
    "Prepaid",
    "credit_note_of",
    "describe",
    "invoice_data",
]

Kind = Literal["invoice", "credit_note"]

DEFAULT_TAX_NOTES: Final = {
    "reverse_charge": N_("Reverse charge: the VAT is to be accounted for by the client."),
    "small_business": N_("No VAT is charged: the freelancer is a small business exempt from VAT."),
    "not_taxable": N_("These services are not subject to tax."),
}
"""The note an invoice carries for an exemption when the brief does not word it."""

DEPOSIT_COUNTRIES: Final = frozenset({"US"})
"""Sellers whose invoices call a prepayment a deposit, and say Subtotal and Total."""

_POSTCODE_CITY: Final = re.compile(r"^(\d{4,5})\s+([^,]+?)\s*(?:,\s*(.+))?$")


@dataclass(frozen=True, slots=True)
class PartyData:
    """One side of an invoice, as printed and as put into the XML."""

    display: str  # the business, or the person when there is no business
    name: str
    company: str
    address: tuple[str, ...]  # the lines, without the name printed above them
    postcode: str  # read from an address line "10435 Berlin", or ""
    city: str
    country: str  # two-letter code, or ""
    tax_id: str
    vat: bool  # whether tax_id is a VAT number (with its country prefix)
    email: str
    # The legal registration number, apart from the VAT number (issue 25 item 6): as printed
    # ("732 829 320 00074", "HRB 12345, Amtsgericht Charlottenburg", "12345678"), its
    # identifier compact ("73282932000074") and its scheme as an ISO/IEC 6523 ICD for
    # EN 16931 BT-30 (SpecifiedLegalOrganization/ID/@schemeID): "0002" a SIREN, "0009" a
    # SIRET, "" when the number has no scheme firmbrief knows (then no schemeID).
    registration: str = ""
    registration_id: str = ""
    registration_scheme: str = ""
    registration_label: str = ""  # what the page calls it: "SIRET", "SIREN", "Company number"
    legal_form: str = ""  # "EI" for a French entrepreneur individuel, printed after the name


def _party(party: Freelancer | Client) -> PartyData:
    display = party.company or party.name or ""
    lines = [line.strip() for line in (party.address or "").splitlines() if line.strip()]
    if lines and lines[0] == display:
        lines = lines[1:]
    postcode = city = ""
    for line in reversed(lines):
        if found := _POSTCODE_CITY.match(line):
            postcode, city = found.group(1), found.group(2)
            break
    vat = False
    if party.tax_id:
        from firmbrief.briefs.banking import check_tax_number

        vat = check_tax_number(party.tax_id, party.country).vat
    registration: dict[str, str] = {}
    if isinstance(party, Freelancer) and party.registration:
        from firmbrief.briefs.registration import check_registration

        number = check_registration(party.registration, party.country)
        registration = {
            "registration": number.shown,
            "registration_id": number.identifier,
            "registration_scheme": number.scheme,
            "registration_label": number.label,
        }
    return PartyData(
        display=display,
        name=party.name or "",
        company=party.company or "",
        address=tuple(lines),
        postcode=postcode,
        city=city,
        country=party.country or "",
        tax_id=party.tax_id or "",
        vat=vat,
        email=party.email or "",
        legal_form=(party.legal_form or "") if isinstance(party, Freelancer) else "",
        **registration,
    )


@dataclass(frozen=True, slots=True)
class Prepaid:
    """A prepayment invoice a final invoice deducts: its number, its date, its amounts."""

    number: str
    issued: date
    amounts: Amounts


@dataclass(frozen=True, slots=True)
class InvoiceData:
    """One invoice or credit note: what its page and its XML say."""

    number: str
    kind: Kind
    issued: date
    due: date | None  # None on a credit note
    credits: str  # a credit note: the number of the invoice it cancels; else ""
    credits_issued: date | None  # ... and that invoice's date
    project: str  # the project's title
    instalment: str  # its key: 1-prepayment, 2-round-3, change-1, test-task
    instalment_kind: str  # an InstalmentKind
    description: str  # what is billed, one line: "Prepayment (50%) for iteration 1"
    iteration: int | None
    iteration_name: str
    deliverables: tuple[str, ...]  # their names
    seller: PartyData
    buyer: PartyData
    currency: str
    digits: int
    amounts: Amounts
    rate: Decimal  # percent; 0 when exempt
    tax_name: str  # "VAT"
    exemption: str  # none, reverse_charge, small_business, not_taxable
    tax_note: str
    gross_prices: bool
    bank_holder: str
    iban: str  # compact, or ""
    bic: str
    payment_link: str
    due_days: int
    clause: str  # "clause 8 (Payment)": the clause of the terms the invoice follows
    fingerprint: str  # the brief's
    brief_json: str  # the canonical brief, embedded as brief.json
    locale: str
    lines: tuple[tuple[str, str, str], ...] = ()  # a settlement's lines: words, owed, received
    # The date of supply or the service period (EN 16931 BG-14 BT-73/BT-74; § 14(4) Nr. 6
    # UStG): an iteration's start to its acceptance; the test task's day; for a prepayment
    # invoiced before the work, the period planned (``advance`` is then True: "for work to be
    # performed in").
    period_start: date | None = None
    period_end: date | None = None
    advance: bool = False
    # A final invoice (an iteration's balance): the iteration's whole price and the
    # prepayment invoices it deducts; ``amounts`` stays what this invoice asks for.
    whole: Amounts | None = None
    prepayments: tuple[Prepaid, ...] = ()
    consumer: bool = False  # the client is a consumer: prices shown with tax
    tax_point: date | None = None  # a UK seller's VAT invoice: the time of supply (BT-7)
    # What the seller's law has an invoice say beyond the common list (law.invoice_mentions:
    # supply_date, penalty_rate, recovery_fee, siren, ei, tax_point, unit_price), and the
    # figures for it as the terms state them (briefs.legal.interest_for): late-payment interest
    # agreed (a yearly percent) or by statute (points above a reference rate of law.REFERENCES),
    # and the fixed recovery fee of a business client; each with its source.
    mentions: tuple[str, ...] = ()
    late_rate: str = ""
    late_points: str = ""
    late_reference: str = ""
    late_source: str = ""
    recovery_fee: str = ""
    recovery_currency: str = ""
    recovery_source: str = ""

    @property
    def credit_note(self) -> bool:
        return self.kind == "credit_note"

    def text(self, amount: Decimal) -> str:
        """An amount as data: ``"1071.00"``."""
        return amount_text(amount, self.digits)

    def summary(self) -> dict[str, Any]:
        """The issued invoice as the project record wants it: plain JSON-able values."""
        return {
            "number": self.number,
            "kind": self.kind,
            "instalment": self.instalment,
            "credits": self.credits or None,
            "issued": self.issued.isoformat(),
            "due": self.due.isoformat() if self.due else None,
            "currency": self.currency,
            "net": self.text(self.amounts.net),
            "tax": self.text(self.amounts.tax),
            "gross": self.text(self.amounts.gross),
        }

    def as_json(self) -> dict[str, Any]:
        """Everything, as JSON-able values (what the register keeps)."""
        data = asdict(self)
        data["issued"] = self.issued.isoformat()
        data["due"] = self.due.isoformat() if self.due else None
        data["credits_issued"] = self.credits_issued.isoformat() if self.credits_issued else None
        data["amounts"] = {
            part: self.text(getattr(self.amounts, part)) for part in ("net", "tax", "gross")
        }
        data["rate"] = format(self.rate.normalize(), "f")
        for day in ("period_start", "period_end", "tax_point"):
            data[day] = getattr(self, day).isoformat() if getattr(self, day) else None
        data["whole"] = self._amounts_json(self.whole) if self.whole else None
        data["prepayments"] = [
            {"number": p.number, "issued": p.issued.isoformat(),
             "amounts": self._amounts_json(p.amounts)}
            for p in self.prepayments
        ]  # fmt: skip
        return data

    def _amounts_json(self, amounts: Amounts) -> dict[str, str]:
        return {part: self.text(getattr(amounts, part)) for part in ("net", "tax", "gross")}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> InvoiceData:
        """The invoice :meth:`as_json` gave."""
        values = dict(data)
        values["issued"] = date.fromisoformat(data["issued"])
        values["due"] = date.fromisoformat(data["due"]) if data["due"] else None
        values["credits_issued"] = (
            date.fromisoformat(data["credits_issued"]) if data["credits_issued"] else None
        )
        values["amounts"] = _amounts(data["amounts"])
        for day in ("period_start", "period_end", "tax_point"):
            values[day] = date.fromisoformat(data[day]) if data.get(day) else None
        values["mentions"] = tuple(data.get("mentions", ()))
        values["whole"] = _amounts(data["whole"]) if data.get("whole") else None
        values["prepayments"] = tuple(
            Prepaid(str(p["number"]), date.fromisoformat(p["issued"]), _amounts(p["amounts"]))
            for p in data.get("prepayments", ())
        )
        values["rate"] = Decimal(data["rate"])
        values["deliverables"] = tuple(data["deliverables"])
        values["lines"] = tuple((str(a), str(b), str(c)) for a, b, c in data.get("lines", ()))
        for side in ("seller", "buyer"):
            values[side] = PartyData(**{**data[side], "address": tuple(data[side]["address"])})
        return cls(**values)


def _amounts(data: dict[str, str]) -> Amounts:
    return Amounts(*(Decimal(data[part]) for part in ("net", "tax", "gross")))


def describe(
    kind: str, key: str, label: str, brief: Brief, iteration: int | None, language: str = "en"
) -> str:
    """What an instalment bills, in one line: "Prepayment (50%) for iteration 1"."""
    from firmbrief.contracts.catalogues import translations

    _ = translations(language).gettext
    share = brief.payment.prepayment_percent
    derived = brief.payment.instalments is None
    if kind == InstalmentKind.prepayment:
        part = f" ({share.normalize():f}%)" if derived else ""
        if (brief.freelancer.country or "").upper() in DEPOSIT_COUNTRIES:
            return _("Deposit{part} for iteration {iteration}").format(
                part=part, iteration=iteration
            )
        return _("Prepayment{part} for iteration {iteration}").format(
            part=part, iteration=iteration
        )
    if kind == InstalmentKind.balance:
        part = f" ({(100 - share).normalize():f}%)" if derived else ""
        return _("Balance{part} on acceptance of iteration {iteration}").format(
            part=part, iteration=iteration
        )
    if kind == InstalmentKind.extra_round:
        round_number = key.rsplit("-", 1)[-1]
        return _("Extra revision round {round} of iteration {iteration}").format(
            round=round_number, iteration=iteration
        )
    if kind == InstalmentKind.change:
        return _("Agreed change of scope ({label})").format(label=label)
    if kind == "settlement":
        return label
    if kind == InstalmentKind.test_task:
        task = brief.test_task.description if brief.test_task else None
        return _("Test task: {task}").format(task=task) if task else _("Test task")
    return label


def _tax_note(exemption: str, locale: str, seller_country: str | None = None) -> str:
    from firmbrief.briefs.law import topic
    from firmbrief.contracts.catalogues import translations

    law = topic(seller_country, "invoice") or {}
    if exemption == "small_business" and law.get("franchise_note"):
        return str(law["franchise_note"])  # the words the law sets: "TVA non applicable, ..."
    note = DEFAULT_TAX_NOTES.get(exemption, "")
    return translations(language_of(locale)).gettext(note) if note else ""


def invoice_data(
    brief: Brief,
    *,
    number: str,
    issued: date,
    instalment: str,
    kind: str,
    label: str,
    iteration: int | None,
    amounts: Amounts,
    clause: str,
    fingerprint: str,
    brief_json: str,
    locale: str,
    due: date | None = None,
    lines: tuple[tuple[str, str, str], ...] = (),
) -> InvoiceData:
    """The invoice ``number`` for one instalment of ``brief``, dated ``issued``, due on ``due``:
    the day the terms' payment clause sets for the instalment (a prepayment on the day its
    iteration starts, a balance ``payment.due_days`` after acceptance, as the record's schedule
    has it). Without one, or when that day is before the invoice's, ``payment.due_days`` after
    the invoice's date: no invoice is due before it is sent."""
    if due is None or due < issued:
        due = issued + timedelta(days=brief.payment.due_days)
    due = min(due, issued + timedelta(days=_payment_limit(brief)))
    currency = (brief.currency or "").upper()
    tax = brief.tax
    exemption = tax.exemption if tax else "none"
    rate = tax.rate if tax and tax.rate is not None and exemption == "none" else Decimal(0)
    iterations = brief.iterations
    it = iterations[iteration - 1] if iteration and 0 < iteration <= len(iterations) else None
    names = {d.id: d.name or d.id for d in brief.deliverables if d.id}
    bank = brief.freelancer.bank
    seller = _party(brief.freelancer)
    return InvoiceData(
        number=number,
        kind="invoice",
        issued=issued,
        due=due,
        credits="",
        credits_issued=None,
        project=brief.title or "",
        instalment=instalment,
        instalment_kind=str(kind),
        description=describe(kind, instalment, label, brief, iteration, language_of(locale)),
        iteration=iteration,
        iteration_name=(it.name or "") if it else "",
        deliverables=tuple(str(names.get(key, key)) for key in (it.deliverables if it else [])),
        seller=seller,
        buyer=_party(brief.client),
        currency=currency,
        digits=minor_digits(currency),
        amounts=amounts,
        rate=rate,
        tax_name=(tax.name if tax and tax.name else "VAT"),
        exemption=exemption,
        tax_note=(tax.note if tax and tax.note
                  else _tax_note(exemption, locale, brief.freelancer.country)),  # fmt: skip
        gross_prices=bool(tax and tax.prices == "gross"),
        bank_holder=(bank.holder if bank and bank.holder else seller.display),
        iban=(bank.iban or "") if bank else "",
        bic=(bank.bic or "") if bank else "",
        payment_link=brief.freelancer.payment_link or "",
        due_days=brief.payment.due_days,
        clause=clause,
        fingerprint=fingerprint,
        brief_json=brief_json,
        locale=locale,
        lines=lines,
        consumer=brief.client.kind == "consumer",
        **_mentions(brief),
    )


def _payment_limit(brief: Brief) -> int:
    """The most days the governing law lets an invoice between businesses run (French law:
    60 days from the invoice, art. L441-10 I C. com.); else no limit but the calendar's."""
    from firmbrief.briefs.law import topic
    from firmbrief.briefs.legal import governing_law, is_business

    limit = topic(governing_law(brief).code, "payment_limit") if is_business(brief) else None
    return int(limit["days"]) if limit else 36_500


def _mentions(brief: Brief) -> dict[str, Any]:
    """The seller's law's invoice mentions, with the figures the terms state for them."""
    from firmbrief.briefs.law import invoice_mentions
    from firmbrief.briefs.legal import interest_for

    mentions = invoice_mentions(brief.freelancer.country)
    found: dict[str, Any] = {"mentions": mentions}
    if not mentions:
        return found
    interest = interest_for(brief)
    if "penalty_rate" in mentions and interest.kind != "none":
        found["late_source"] = interest.source
        if interest.kind == "agreed" and interest.rate is not None:
            found["late_rate"] = format(interest.rate.normalize(), "f")
        elif interest.points is not None:
            found["late_points"] = format(interest.points.normalize(), "f")
            found["late_reference"] = interest.reference or ""
    if "recovery_fee" in mentions:  # a consumer owes none: interest_for gives no fee then
        fee = interest.fee
        if fee is None and len(interest.bands) == 1:
            fee = interest.bands[0].amount
        if fee is not None:
            found["recovery_fee"] = format(fee.normalize(), "f")
            found["recovery_currency"] = interest.fee_currency or brief.currency or ""
            found["recovery_source"] = interest.fee_source
    return found


def credit_note_of(invoice: InvoiceData, *, number: str, issued: date) -> InvoiceData:
    """The credit note ``number`` that cancels ``invoice``: the same parties and lines, every
    amount negated, nothing to pay."""
    return replace(
        invoice,
        number=number,
        kind="credit_note",
        issued=issued,
        due=None,
        credits=invoice.number,
        credits_issued=invoice.issued,
        amounts=-invoice.amounts,
        whole=None,  # it cancels what the invoice asked for: one line, not the deductions
        prepayments=(),
        tax_point=invoice.issued if invoice.tax_point else None,
    )
