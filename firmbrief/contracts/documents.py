"""What the documents say, formatted for people: the template context of a brief's PDFs.

:func:`document_context` turns a :class:`~firmbrief.briefs.schema.Brief` and its
:class:`~firmbrief.briefs.plan.Plan` into plain values the templates print as they are: dates
spelled out and money formatted by Babel in a locale that fits the brief (English, with the
number conventions of the freelancer's country: ``1.071,00 €`` for a studio in Germany,
``$1,200.00`` in the US), counts with their nouns, every party's lines ready to print. The
templates decide the wording and the layout; no rule about dates, money or instalments is
re-made here (they come from the plan).

Every value is text written by someone else: the templates' environment escapes it, isolates
its direction and gives long words break opportunities (:mod:`firmbrief.contracts.render`).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Final

from firmbrief import __version__
from firmbrief.briefs.canonical import fingerprint
from firmbrief.briefs.language import document_locale, language_for, versions_for
from firmbrief.briefs.legal import is_business, spelling_for
from firmbrief.briefs.money import Amounts, InstalmentKind
from firmbrief.briefs.parties import Client, Freelancer
from firmbrief.briefs.plan import (
    Plan,
    PlannedIteration,
    PlannedPayment,
    firm_dates,
    paid_test_task,
    plan_of,
)
from firmbrief.briefs.pricing import tax_rate
from firmbrief.briefs.schema import Brief
from firmbrief.briefs.terms import Branding
from firmbrief.briefs.timeline import (
    FIX_CYCLES,
    REDELIVERY_WORKING_DAYS,
    REMINDER_WORKING_DAYS,
    IterationTimeline,
    timeline_of,
)
from firmbrief.contracts.catalogues import N_, counted, translations
from firmbrief.contracts.clauses import clauses_for
from firmbrief.contracts.terms_view import exit_examples, legal_view, party_name
from firmbrief.contracts.views import (
    NOT_SET,
    Context,
    DeliverableView,
    Formats,
    IterationView,
    MaterialView,
    Meta,
    PartyView,
    PaymentView,
    RoundView,
    StepView,
    TaxView,
    TimelineView,
)
from firmbrief.templates.translations import tax_word

__all__ = [
    "DEFAULT_ACCENT",
    "PAPER_SIZES",
    "document_context",
]

DEFAULT_ACCENT: Final = "#1f4e79"
PAPER_SIZES: Final = {"a4": "A4", "letter": "letter"}
"""The paper sizes offered, as CSS ``@page`` sizes."""

_COLOUR: Final = re.compile(r"#[0-9A-Fa-f]{6}")

DEFAULT_TAX_NOTES: Final = {
    "reverse_charge": N_("Reverse charge: the tax is to be accounted for by the client."),
    "small_business": N_("No VAT is charged: the freelancer is a small business exempt from VAT."),
    "not_taxable": N_("These services are not subject to tax."),
}
"""The note a document carries for an exemption when the brief does not word it (in the
document's language)."""


# --- formats ----------------------------------------------------------------------------------



def plural(count: int, singular: str, many: str | None = None) -> str:
    """``1 draft``, ``2 drafts``, ``0 revision rounds``."""
    return f"{count} {singular if count == 1 else (many or singular + 's')}"


# --- building ---------------------------------------------------------------------------------


def _party(
    party: Freelancer | Client, label: str, signer: str | None, role: str | None, legal: str = ""
) -> PartyView:
    display = party.company or party.name or NOT_SET
    address = tuple(line.strip() for line in (party.address or "").splitlines() if line.strip())
    # An address that starts with the business's name would print it twice under the name.
    if address and address[0] == display:
        address = address[1:]
    return PartyView(
        label=label,
        display=display,
        name=party.name or "",
        company=party.company or "",
        address=address,
        email=party.email or "",
        phone=party.phone or "",
        tax_id=party.tax_id or "",
        signer=signer or party.name or "",
        signer_role=role or "",
        legal=legal or display,
    )


def _iteration_view(it: PlannedIteration, names: dict[str, str], fmt: Formats) -> IterationView:
    return IterationView(
        number=it.number,
        name=it.name,
        deliverables=tuple(names.get(key, key) for key in it.deliverables),
        start=fmt.day(it.start),
        delivery=fmt.day(it.delivery),
        review_days=it.review_days,
        review_ends=fmt.day(it.review_ends),
        drafts=it.drafts,
        revision_rounds=it.revision_rounds,
        price=fmt.money(it.price),
    )


def _timeline_view(timeline: IterationTimeline, fmt: Formats) -> TimelineView:
    return TimelineView(
        number=timeline.number,
        name=timeline.name,
        start=fmt.day(timeline.start),
        window_days=timeline.window_days,
        steps=tuple(
            StepView(s.kind, s.number, fmt.day(s.day), s.offset, fmt.day(s.answer_by))
            for s in timeline.steps
        ),
        rounds=tuple(
            RoundView(r.number, fmt.day(r.feedback_by), fmt.day(r.redelivery),
                      fmt.day(r.review_until))
            for r in timeline.rounds
        ),  # fmt: skip
    )


def _glance(brief: Brief, plan: Plan, fmt: Formats, language: str = "en") -> dict[str, Any]:
    """The page at a glance's money: every payment in the order it falls due, a paid test task
    among them (:func:`~firmbrief.briefs.plan.paid_test_task`), and the total with it."""
    task = paid_test_task(brief, plan.pricing)
    extra = (task,) if task else ()
    total = Amounts.total([plan.totals, *(t.amounts for t in extra)])
    return {
        "payments": _payments(brief, plan, fmt, language, extra),
        "gross": fmt.money(total.gross),
        "tax": fmt.money(total.tax),
        "test_task": fmt.money(task.amounts.gross) if task else "",
    }


def _payments(
    brief: Brief,
    plan: Plan,
    fmt: Formats,
    language: str = "en",
    extra: tuple[PlannedPayment, ...] = (),
) -> tuple[PaymentView, ...]:
    """The payments in the order they fall due (one with no date yet last), in ``language``;
    ``extra`` (a paid test task) among them."""
    _ = translations(language).gettext
    share = brief.payment.prepayment_percent
    derived = brief.payment.instalments is None
    labels = {
        "test_task": _("Test task"),
        "prepayment": _("Prepayment") + (f" ({fmt.percent(share)})" if derived else ""),
        "balance": _("Balance on acceptance")
        + (f" ({fmt.percent(100 - share)})" if derived else ""),
    }
    names = {it.number: it.name for it in plan.iterations}
    days = counted(language, brief.payment.due_days, "day")

    def trigger(p: PlannedPayment) -> str:
        if p.kind is InstalmentKind.test_task:
            return _("the test task, once it is delivered")
        if p.kind is InstalmentKind.prepayment:
            return _("before iteration %(number)s starts") % {"number": p.iteration}
        said = _("%(days)s after iteration %(number)s is accepted") % {
            "days": days,
            "number": p.iteration,
        }
        if p.following is not None:
            said += _(", at the latest when iteration %(number)s starts") % {"number": p.following}
        return said

    return tuple(
        PaymentView(
            iteration=p.iteration,
            iteration_name=names.get(p.iteration, ""),
            kind=p.kind,
            label=labels.get(p.kind, p.kind),
            net=fmt.money(p.amounts.net),
            tax=fmt.money(p.amounts.tax),
            gross=fmt.money(p.amounts.gross),
            due=fmt.day(p.due),
            trigger=trigger(p),
            expected=p.kind == "balance",
        )
        for p in sorted((*extra, *plan.payments), key=lambda p: (p.due is None, p.due or date.min))
    )


def _tax(brief: Brief, fmt: Formats, language: str = "en") -> TaxView:
    _ = translations(language).gettext
    tax = brief.tax
    if tax is None:
        return TaxView(_("tax"), _("Tax"), fmt.percent(0), "none", "net", "", said=False)
    rate = tax_rate(brief)
    default = DEFAULT_TAX_NOTES.get(tax.exemption)
    note = tax.note or (_(default) if default else "")
    vat = tax.exemption in ("reverse_charge", "small_business")
    # the brief's generic "VAT" in the document's word (German "USt."); its own name as written
    name = tax_word(tax.name, language) if tax.name else (_("VAT") if vat else "")
    return TaxView(
        name=name or _("tax"),
        label=name or _("Tax"),
        rate=fmt.percent(rate),
        exemption=tax.exemption,
        prices=tax.prices,
        note=note,
        said=True,
    )


def _extra_round(brief: Brief, plan: Plan, fmt: Formats) -> str:
    """The price of an extra round as written; with its tax for a consumer client, who is shown
    what they pay."""
    price = brief.payment.extra_round_price
    if price is None:
        return ""
    return fmt.money(plan.pricing.split(price).gross if not is_business(brief) else price)


def _cancellation(brief: Brief, plan: Plan, fmt: Formats) -> dict[str, Any]:
    """The exits, with a worked example on the first iteration's numbers, both ways
    (:func:`~firmbrief.contracts.terms_view.exit_examples`)."""
    cancel = brief.cancellation
    return {
        "notice_days": cancel.notice_days,
        "fee_percent": fmt.percent(cancel.fee_percent),
        "terms": cancel.terms or "",
        "example": exit_examples(brief, plan, fmt),
    }


def _accent(branding: Branding | None) -> str:
    accent = branding.accent if branding else None
    # The schema checks the pattern; checked again here because this value goes into CSS.
    return accent.lower() if accent and _COLOUR.fullmatch(accent) else DEFAULT_ACCENT


def document_context(
    brief: Brief,
    *,
    kind: str,
    today: date,
    draft: bool = False,
    paper: str = "a4",
    logo: str = "",
    branding: Branding | None = None,
    plan: Plan | None = None,
    locale: str | None = None,
    language: str | None = None,
) -> Context:
    """The template context of ``brief``'s document ``kind`` ("brief" or "terms").

    ``today`` is the day the document is prepared on (its creation date); ``logo`` a file URL
    the caller built for a checked image, or ""; ``branding`` the studio's name and colour
    (default: the brief's own); ``language`` its words' (default: the client's,
    :func:`~firmbrief.briefs.language.language_for`), ``locale`` its dates' and numbers'.
    """
    plan = plan or plan_of(brief)
    language = language or language_for(brief)
    fmt = Formats(locale or document_locale(brief, language), plan.currency, plan.digits)
    _ = translations(language).gettext
    freelancer = _party(
        brief.freelancer,
        _("Freelancer"),
        None,
        brief.freelancer.role,
        party_name(brief, "freelancer", _),
    )
    approver = brief.client.approver
    signs = brief.client.signatory or approver
    client = _party(
        brief.client,
        _("Client"),
        signs.name if signs else None,
        signs.role if signs else None,
    )
    names = {d.id: d.name or d.id for d in brief.deliverables if d.id}
    uses: dict[str, list[int]] = {}
    for it in plan.iterations:
        for key in it.deliverables:
            uses.setdefault(key, []).append(it.number)
    deliverables = tuple(
        DeliverableView(
            id=d.id or "",
            name=d.name or d.id or _("Deliverable {number}").format(number=index + 1),
            description=d.description or "",
            volume=d.volume or NOT_SET,
            formats=tuple(d.formats),
            acceptance=tuple(d.acceptance),
            iterations=tuple(uses.get(d.id or "", ())),
        )
        for index, d in enumerate(brief.deliverables)
    )
    iterations = tuple(_iteration_view(it, names, fmt) for it in plan.iterations)
    it_names = {it.number: it.name for it in plan.iterations}
    materials = tuple(
        MaterialView(m.name, fmt.day(m.due), m.iteration, it_names.get(m.iteration, ""))
        for m in plan.materials
    )
    totals = plan.totals
    project = brief.title or _("Untitled project")
    title = {"brief": _("Brief"), "terms": _("Terms of work"), "amendment": _("Amendment")}[kind]
    share = brief.payment.prepayment_percent
    task = brief.test_task
    clauses = tuple(clauses_for(brief))
    branding = branding or brief.branding
    studio = (branding.studio if branding else None) or freelancer.display
    versions, prevailing = versions_for(brief)
    return Context(
        doc=Meta(
            title=f"{title}: {project}",
            author=freelancer.display,
            subject=_("{title} for {project}, between {freelancer} and {client}").format(
                title=title, project=project, freelancer=freelancer.display, client=client.display
            ),
            created=today.isoformat(),
            prepared=fmt.day(today),
            fingerprint=fingerprint(brief),
            generator=f"firmbrief {__version__}",
            paper=PAPER_SIZES.get(paper, "A4"),
            accent=_accent(branding),
            studio=studio,
            draft=draft,
        ),
        kind=kind,
        project=project,
        summary=brief.summary or "",
        freelancer=freelancer,
        client=client,
        approver=approver.name if approver and approver.name else "",
        approver_role=approver.role if approver and approver.role else "",
        approver_email=(approver.email if approver and approver.email else "")
        or brief.client.email
        or "",
        also_agree=tuple(brief.client.also_agree) if brief.client.also_agree is not None else None,
        goals=tuple(brief.goals),
        emphasis=tuple(brief.emphasis),
        audience=brief.audience or "",
        rules=tuple(brief.rules) if brief.rules is not None else None,
        deliverables=deliverables,
        materials=materials,
        iterations=iterations,
        payments=_payments(brief, plan, fmt, language),
        totals={
            "net": fmt.money(totals.net),
            "tax": fmt.money(totals.tax),
            "gross": fmt.money(totals.gross),
        },
        tax=_tax(brief, fmt, language),
        glance=_glance(brief, plan, fmt, language),
        currency=plan.currency,
        prepayment=fmt.percent(share),
        balance=fmt.percent(100 - share),
        instalments_spelled_out=brief.payment.instalments is not None,
        due_days=brief.payment.due_days,
        extra_round_price=_extra_round(brief, plan, fmt),
        late_payment=brief.payment.late_payment or "",
        update_interval_days=brief.update_interval_days,
        source_release=brief.terms.source_release,
        rights=brief.terms.rights,
        licence=brief.terms.licence or "",
        previews=brief.terms.previews,
        late_materials=brief.terms.late_materials,
        iterations_overlap=brief.terms.iterations == "may_overlap",
        test_task=(
            {
                "description": task.description or "",
                "price": fmt.money(task.price) if task.price is not None else "",
                "due": fmt.day(firm_dates(brief).get(("test_task", "due"))) if task.due else "",
            }
            if task
            else None
        ),
        cancellation=_cancellation(brief, plan, fmt),
        legal=legal_view(brief, fmt),
        spelling=spelling_for(brief),
        clauses=clauses,
        clause={c.id: c for c in clauses},
        logo=logo,
        timelines=tuple(_timeline_view(t, fmt) for t in timeline_of(plan)),
        timing={
            "fix_cycles": FIX_CYCLES,
            "reminder_days": REMINDER_WORKING_DAYS,
            "redelivery_days": REDELIVERY_WORKING_DAYS,
            "most_drafts": max((it.drafts for it in plan.iterations), default=0),
            "rounds": sum(it.revision_rounds for it in plan.iterations),
        },
        language=language,
        versions=versions,
        prevailing=prevailing,
    )
