"""What the standard clauses print: the law, rights, interest, exits, payment route and the
other terms of a brief, formatted for the terms of work.

The defaults come from :mod:`firmbrief.briefs.legal`; the figures of the exits' worked example
from the money module's :func:`~firmbrief.briefs.money.settle` (the same code ``status`` settles
a cancellation with). The templates word it all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from firmbrief.briefs.banking import format_iban
from firmbrief.briefs.law import REFERENCES, topic
from firmbrief.briefs.legal import (
    copyright_for,
    court_rule,
    fee_provable_lower,
    fixes_free,
    governing_law,
    interest_for,
    is_business,
    rights_transferable,
    standard_terms,
    withdrawal_for,
)
from firmbrief.briefs.money import Amounts, InstalmentKind, IterationMoney, formatted, settle
from firmbrief.briefs.plan import Plan, firm_dates
from firmbrief.briefs.schema import Brief
from firmbrief.contracts.catalogues import N_, language_of, translations
from firmbrief.contracts.views import Formats

__all__ = ["exit_examples", "legal_view", "party_name"]


def party_name(
    brief: Brief, side: Literal["freelancer", "client"], say: Callable[[str], str] = str
) -> str:
    """Who contracts: ``Mara Jensen, trading as Jensen Studio`` for a freelancer who trades
    under a business name, else the business, else the person; in ``say``'s language."""
    party = brief.freelancer if side == "freelancer" else brief.client
    if (
        side == "freelancer"
        and brief.freelancer.entity == "person"
        and party.name
        and party.company
        and party.company != party.name
    ):
        said = say(N_("%(name)s, trading as %(company)s"))
        return said % {"name": party.name, "company": party.company}
    return party.company or party.name or ""


def exit_examples(brief: Brief, plan: Plan, fmt: Formats) -> dict[str, str] | None:
    """Ending during the first iteration, its prepayment paid: what the client pays as a fee
    (client's side) and what the freelancer refunds (freelancer's side), by :func:`settle`."""
    first = plan.iterations[0] if plan.iterations else None
    if first is None or not first.price:
        return None
    billed = [p for p in plan.payments if p.iteration == first.number]
    if not billed:
        return None
    prepaid = Amounts.total(p.amounts for p in billed if p.kind is InstalmentKind.prepayment)

    def figures() -> list[IterationMoney]:
        return [IterationMoney(first.number, [p.amounts for p in billed], prepaid, prepaid.gross,
                               accepted=False, started=True)]  # fmt: skip

    gross = plan.pricing.gross_prices or not is_business(brief)  # a consumer sees tax in
    percent = brief.cancellation.fee_percent
    (by_client,) = settle(figures(), fee_percent=percent, pricing=plan.pricing, by="client")
    (by_freelancer,) = settle(figures(), fee_percent=percent, pricing=plan.pricing,
                              by="freelancer")  # fmt: skip
    assert by_client.fee is not None
    price = Amounts.total(p.amounts for p in billed).basis(gross)
    refund = by_freelancer.received - by_freelancer.owed.gross
    return {
        "iteration": first.name,
        "price": fmt.money(price),
        "prepaid": fmt.money(prepaid.basis(gross)),
        "rest": fmt.money(price - prepaid.basis(gross)),
        "fee": fmt.money(by_client.fee.basis(gross)),
        "refund": fmt.money(refund),
    }


def _interest(brief: Brief, fmt: Formats) -> dict[str, Any]:
    found = interest_for(brief)
    fee = ""
    if found.fee is not None:
        fee = formatted(found.fee, found.fee_currency or fmt.currency, 2, fmt.locale)
    bands = tuple(
        {
            "amount": formatted(band.amount, found.fee_currency, 2, fmt.locale),
            "limit": (
                formatted(band.limit, found.claim_currency, 2, fmt.locale)
                if band.limit is not None
                else ""
            ),
            "inclusive": band.inclusive,
        }
        for band in found.bands
    )
    return {
        "kind": found.kind,
        "rate": fmt.percent(found.rate) if found.rate is not None else "",
        "points": fmt.number(found.points) if found.points is not None else "",
        "reference": REFERENCES.get(found.reference or "", ""),
        "reference_code": found.reference or "",
        "source": found.source,
        "country": found.country or "",
        "fee": fee,
        "bands": bands,
        "fee_source": found.fee_source,
    }


def _withdrawal(brief: Brief, say: Callable[[str], str]) -> dict[str, Any] | None:
    entry = withdrawal_for(brief)
    if entry is None:
        return None
    freelancer = brief.freelancer
    named = {freelancer.company, freelancer.name}  # an address may start with the name
    address = ", ".join(
        line.strip()
        for line in (freelancer.address or "").splitlines()
        if line.strip() and line.strip() not in named
    )
    return {
        "days": entry["days"],
        "wording": entry["wording"],
        "source": entry["source"],
        # the sources as the law's own language cites them, where the table has them
        "source_de": entry.get("source_de", ""),
        "value_source": entry.get("value_source", ""),
        "expiry_source": entry.get("expiry_source", ""),
        "contact": ", ".join(
            part
            for part in (
                party_name(brief, "freelancer", say),
                address,
                freelancer.phone or "",
                freelancer.email or "",
            )
            if part
        ),  # fmt: skip
    }


def legal_view(brief: Brief, fmt: Formats) -> dict[str, Any]:
    """The values the standard clauses print (see the module's docstring)."""
    terms, legal = brief.terms, brief.terms.legal
    law = governing_law(brief)
    bank = brief.freelancer.bank
    signatory = brief.client.signatory or brief.client.approver
    portfolio_from = firm_dates(brief).get(("terms", "portfolio_from"))
    return {
        "law": law.name,
        "law_country": law.country or "",
        "law_region": law.region or "",
        "law_said": law.from_brief,
        "venue": legal.venue or "",
        "cap": fmt.money(legal.liability_cap) if legal.liability_cap is not None else "",
        "confidential_years": legal.confidential_years,
        "third_party_costs": legal.third_party_costs,
        "third_party": tuple(legal.third_party) if legal.third_party is not None else None,
        "force_majeure_days": legal.force_majeure_days,
        "notices": legal.notices or "",
        "transferable": rights_transferable(brief),
        "territory": terms.territory or "",
        "term": terms.term or "",
        "portfolio": terms.portfolio,
        "portfolio_from": fmt.day(portfolio_from) if portfolio_from else "",
        "interest": _interest(brief, fmt),
        "business": is_business(brief),
        "withdrawal": _withdrawal(brief, translations(language_of(fmt.locale)).gettext),
        "courts": court_rule(brief),
        "courts_public": bool((topic(law.code, "courts") or {}).get("public_law")),
        "courts_source": (topic(law.code, "courts") or {}).get("source", ""),
        "contract": topic(law.code, "contract") or {},
        "agb": standard_terms(brief) is not None,
        "fixes_free": fixes_free(brief),
        "fee_provable": fee_provable_lower(brief),
        "copyright": copyright_for(brief) or {},
        "law_known": law.code is not None,
        "cure_days": brief.cancellation.cure_days,
        "end_after_days": brief.payment.end_after_days,
        "bank": (
            {
                "holder": bank.holder or brief.freelancer.company or brief.freelancer.name or "",
                "iban": format_iban(bank.iban) if bank.iban else "",
                "bic": bank.bic or "",
            }
            if bank and bank.iban
            else None
        ),
        "payment_link": brief.freelancer.payment_link or "",
        "signatory": (signatory.name or "") if signatory else "",
        "signatory_role": (signatory.role or "") if signatory else "",
        "client_party": party_name(brief, "client"),
        "freelancer_party": party_name(brief, "freelancer"),
        "freelancer_company": brief.freelancer.entity == "company",
    }
