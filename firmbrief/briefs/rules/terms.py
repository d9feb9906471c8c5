"""The terms that protect both sides: source released after payment, a described licence, a paid
test task, progress updates."""

from __future__ import annotations

from collections.abc import Iterator

from firmbrief.briefs.report import Finding
from firmbrief.briefs.rules import Context, error, warning

__all__ = ["check_terms"]


def check_terms(ctx: Context) -> Iterator[Finding]:
    brief = ctx.brief
    if brief.terms.source_release == "on_delivery":
        yield error(
            "source-before-payment",
            ("terms", "source_release"),
            "source files would be released before the final payment: use after_final_payment",
        )
    if brief.terms.rights == "licence" and not brief.terms.licence:
        yield warning(
            "no-licence", ("terms", "licence"), "rights: licence, but the licence is not described"
        )
    task = brief.test_task
    if task is not None and not task.price:
        yield error(
            "unpaid-test-task",
            ("test_task", "price"),
            "a test task is work: agree its price before doing it",
        )
    if brief.update_interval_days is None:
        yield warning(
            "no-updates",
            ("update_interval_days",),
            "say how often you report progress to the client (in working days)",
        )
