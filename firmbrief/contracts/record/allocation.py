"""Booking one payment against what it pays: the one rule, for every kind of payment target.

A target is anything with a key and an outstanding gross amount: today an instalment
(``1-prepayment``), later an invoice standing for several. :func:`allocate` books an amount:

* against the targets it names, in the order named, each up to what is outstanding on it;
* naming none, against the target whose outstanding amount it matches exactly (the first in due
  order, if several do); otherwise against the targets in the order they fall due, splitting the
  amount across as many as it covers.

What is left once every target is paid (``rest``) is the caller's to judge: ``firmbrief
record`` refuses it unless the freelancer records it as a credit, and a credit is booked, by
this same rule, against the next targets as they appear.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

__all__ = ["Allocation", "Target", "allocate"]

ZERO: Final = Decimal(0)


@dataclass(frozen=True, slots=True)
class Target:
    """Something a payment can pay: its key and the gross still outstanding on it."""

    key: str
    outstanding: Decimal


@dataclass(frozen=True, slots=True)
class Allocation:
    """How an amount was booked: ``(key, gross)`` per target it paid, and the rest."""

    shares: tuple[tuple[str, Decimal], ...]
    rest: Decimal

    @property
    def booked(self) -> Decimal:
        return sum((amount for _, amount in self.shares), ZERO)


def allocate(amount: Decimal, targets: Sequence[Target], *, named: bool) -> Allocation:
    """Book ``amount`` against ``targets``: those the payment names, in the order named
    (``named``), or every outstanding one in the order they fall due (then an exact match
    first). Nothing is booked against a target with nothing outstanding."""
    open_ = [t for t in targets if t.outstanding > 0]
    if not named:
        exact = next((t for t in open_ if t.outstanding == amount), None)
        if exact is not None:
            return Allocation(((exact.key, amount),), ZERO)
    shares: list[tuple[str, Decimal]] = []
    left = amount
    for target in open_:
        if left <= 0:
            break
        part = min(left, target.outstanding)
        shares.append((target.key, part))
        left -= part
    return Allocation(tuple(shares), left)
