"""The law the terms state: the client's kind, a governing law firmbrief knows, consumer wording
for that law, rights it knows how to grant, and source files held back while a deliverable is
itself a source file. Nothing is printed in place of a law firmbrief does not know: ``check``
asks instead."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from firmbrief.briefs.law import rows, topic
from firmbrief.briefs.legal import copyright_for, governing_law, is_business, withdrawal_for
from firmbrief.briefs.report import Finding
from firmbrief.briefs.rules import Context, error, warning

__all__ = ["SOURCE_FORMATS", "check_law", "check_source_formats"]

SOURCE_FORMATS: Final = re.compile(
    r"\b(indesign|indd|idml|psd|photoshop|\.?ai|illustrator|fig|figma|sketch|xd|afdesign|"
    r"wordpress|source code|source files?|repository|aep|after effects|prproj|premiere|"
    r"ableton|stems|multitrack)\b",
    re.IGNORECASE,
)
"""Formats that are themselves editable source files (a layout, a layered image, a theme, code,
a project or its stems)."""


def _consumer_laws() -> str:
    return ", ".join(code for code, row in rows().items() if "withdrawal" in row)


def check_law(ctx: Context) -> Iterator[Finding]:
    brief = ctx.brief
    if brief.client.kind is None:
        yield error(
            "client-kind",
            ("client", "kind"),
            "say whether the client is a business (a company, an organisation or a sole "
            "trader) or a consumer (a private person): the law and the terms differ",
        )
    law = governing_law(brief)
    if law.problem:
        yield error("law-unknown", ("terms", "legal", "law"), law.problem)
        return
    if brief.client.kind == "consumer":
        if withdrawal_for(brief) is None:
            yield error(
                "consumer-law",
                ("client", "kind"),
                f"client.kind is consumer, but firmbrief has no consumer wording (right of "
                f"withdrawal, model form, consumer clauses) for the law of {law.name} "
                f"({law.code}): nothing is rendered; have the terms worded by a lawyer there, "
                f"or use a law firmbrief words for consumers: {_consumer_laws()}",
            )
        legal = brief.terms.legal
        for field, value in (("venue", legal.venue), ("liability_cap", legal.liability_cap)):
            if value is not None:
                yield warning(
                    "business-only-clause",
                    ("terms", "legal", field),
                    f"not printed for a consumer client: a {field.replace('_', ' ')} binds "
                    "only a business",
                )
    courts = topic(law.code, "courts") or {}
    if brief.terms.legal.venue and is_business(brief) and courts.get("prorogation") == "none":
        yield warning(
            "venue-law",
            ("terms", "legal", "venue"),
            f"not printed under the law of {law.name}: a choice of courts in terms one side "
            f"sets is void ({courts['source']}); the courts the law designates hear a dispute",
        )
    cap = brief.terms.legal.liability_cap
    if cap is not None and is_business(brief) and topic(law.code, "standard_terms"):
        yield warning(
            "liability-cap-law",
            ("terms", "legal", "liability_cap"),
            f"not printed under the law of {law.name}: in standard terms a fixed cap is void "
            "where it falls short of the typical foreseeable damage; the terms limit liability "
            "for slight negligence to that damage instead",
        )
    limit = topic(law.code, "payment_limit") if is_business(brief) else None
    if limit is not None and brief.payment.due_days > limit["days"]:
        yield error(
            "payment-limit",
            ("payment", "due_days"),
            f"{brief.payment.due_days} days to pay is more than the law of {law.name} allows "
            f"between businesses ({limit['days']} days from the invoice, {limit['source']}): "
            f"write {limit['days']} or fewer",
        )
    if brief.terms.rights == "transfer" and copyright_for(brief) is None:
        yield error(
            "rights-law-unknown",
            ("terms", "rights"),
            f"firmbrief does not know whether the law of {law.name} ({law.code}) lets "
            "copyright itself pass: choose exclusive_licence (or licence, worded), or a law "
            "it knows (firmbrief law CODE)",
        )


def check_source_formats(ctx: Context) -> Iterator[Finding]:
    """A deliverable that is itself a source file contradicts holding source files back."""
    release = ctx.brief.terms.source_release
    if release == "on_delivery":
        return
    held = "until the final payment" if release == "after_final_payment" else "at all"
    for index, item in enumerate(ctx.brief.deliverables):
        sources = [f for f in item.formats if SOURCE_FORMATS.search(f)]
        if sources:
            yield warning(
                "source-format-held",
                ("deliverables", index, "formats"),
                f"{' and '.join(sources)} is a source format, but terms.source_release holds "
                f"source files back {held}: list a final format instead (PDF, PNG, a live site), "
                "or agree when source files pass (terms.source_release)",
            )
