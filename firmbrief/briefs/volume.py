"""Counted volumes: ``12 pages``, ``1 logo``, ``3,000 words``, ``3 x 30-second videos``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

__all__ = ["UncountedVolume", "Volume", "parse_volume"]

_VOLUME = re.compile(
    r"(?P<quantity>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"(?:\s*[x×]\s*|\s+|(?=[^\W\d_]))"
    r"(?P<unit>[^\W_][\w .,'&/()-]*)"
)


class UncountedVolume(ValueError):
    """A volume that is not a number and a unit."""


@dataclass(frozen=True, slots=True)
class Volume:
    quantity: Decimal
    unit: str

    def __str__(self) -> str:
        return f"{self.quantity:,} {self.unit}".replace(".0 ", " ")


def parse_volume(text: str) -> Volume:
    """A counted volume, or :class:`UncountedVolume` saying what to write instead."""
    match = _VOLUME.fullmatch(text.strip())
    if not match or not re.search(r"[^\W\d_]", match["unit"]):
        raise UncountedVolume(
            f'"{text}" is not a counted volume: write a number and a unit, e.g. 12 pages'
        )
    quantity = Decimal(match["quantity"].replace(",", ""))
    if quantity <= 0:
        raise UncountedVolume(f'"{text}" counts nothing: the quantity must be more than 0')
    return Volume(quantity, match["unit"].strip())
