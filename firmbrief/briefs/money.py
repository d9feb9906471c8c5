"""Money: the one place amounts are rounded, split, billed, settled and formatted.

**The rounding rule.** Every amount is a :class:`~decimal.Decimal`, rounded half-up (0.005 EUR
becomes 0.01) to the currency's minor unit (Babel's ISO 4217 data: 2 digits for EUR, 0 for JPY,
3 for KWD), by :func:`round_money` and nowhere else.

**Net, tax and gross.** A price is net (tax is added on top) or gross (tax is inside), as the
brief's ``tax.prices`` says. :func:`split_price` turns one into the three amounts: from a net
price the tax is rounded and added; from a gross price the net is rounded and the tax is what is
left, so ``net + tax == gross`` always and a gross-price brief bills exactly the gross it names.

**Instalments.** An iteration's price is split into net, tax and gross as a whole; its
prepayment is ``payment.prepayment_percent`` of the price (rounded), split on its own, and its
balance is the whole less the prepayment, as a final invoice deducts an advance one. So the
prepayment and the balance add up to the price, their tax to the iteration's tax, and a brief
with gross prices bills exactly the same net, tax and gross as its net twin. An extra revision
round and an agreed change are billed at their own price. A payment schedule spelled out in the
brief (``payment.instalments``) is taken as written. Reading a brief's prices, tax rate and
instalments off the brief is :mod:`firmbrief.briefs.pricing`'s, by these rules.

**Settlement.** :func:`settle` says what is owed for each iteration when a project ends early,
from plain figures, and who ends it decides: the client ending for convenience pays a fee on the
iterations that started; the freelancer ending owes no fee and refunds what was paid for work
not accepted. The terms' worked example and ``status`` both call it.

**Reading amounts.** :func:`parse_amount` is the one rule for an amount typed by a person (in a
brief, on the command line, in answers): a plain decimal with a point (``1071.00``) is always
read; a decimal comma is read where it cannot be mistaken (``1071,00``, ``280,5``); what can be
read two ways (``1,071`` is 1071 or 1.071; ``1.000`` is 1 or 1000 where points group thousands)
is refused with both readings and the form to write, unless the locale it was typed in (the
brief's) decides it (``1.071,00`` with German conventions, ``1,071.00`` with English ones).
:func:`read_amount` is the client's answer read by the rule of the client's locale (the
questionnaire's language): ``1 200,00`` in French, ``1.200,00`` in German, ``1,200.00`` in
English; ``1.200`` in an English answer (or ``1,200`` in a German one) could be either and is
refused. ``templates/amount.js`` is its twin on the questionnaire page
(``tests/data/amount_readings.tsv`` is read by both).

**Formats.** :func:`amount_text` is an amount in data (JSON, the record): a decimal string with
the currency's digits, ``"1000.00"``. :func:`plain` is an amount in a message, unambiguous in any
locale: ``1,071.00 EUR``. :func:`formatted` is an amount in a document, by Babel in the
document's locale: ``1.071,00 €``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import cache
from typing import Final, Literal

from firmbrief.briefs.cache import remembered

__all__ = [
    "ROUNDING",
    "ZERO",
    "Amounts",
    "InstalmentKind",
    "IterationMoney",
    "Pricing",
    "Settled",
    "Standing",
    "AmountUnclear",
    "amount_symbols",
    "amount_text",
    "formatted",
    "is_currency",
    "imprecise",
    "is_exact",
    "minor_digits",
    "parse_amount",
    "plain",
    "read_amount",
    "round_money",
    "settle",
    "split_price",
    "written_amount",
]

ROUNDING: Final = ROUND_HALF_UP
"""The one rounding rule for money: half-up, to the currency's minor unit."""

ZERO: Final = Decimal(0)

DEFAULT_DIGITS: Final = 2
_MAX_MINOR_DIGITS: Final = 4  # ISO 4217's most (CLF, UYW); a remembered answer beyond is not ours
"""The minor unit of a currency that is not said yet (or not known)."""


class InstalmentKind(StrEnum):
    """What an instalment pays for."""

    test_task = "test_task"
    prepayment = "prepayment"
    extra_round = "extra_round"
    balance = "balance"
    change = "change"
    settlement = "settlement"  # what a cancellation's settlement leaves owed (record only)


# --- currencies and rounding -----------------------------------------------------------------


@cache
def _currencies() -> dict[str, int]:
    """Every ISO 4217 currency Babel knows, with its minor-unit digits."""

    def compute() -> dict[str, int]:
        from babel.numbers import get_currency_precision, list_currencies

        return {code: int(get_currency_precision(code)) for code in sorted(list_currencies())}

    answer = remembered("currencies", "babel", compute)
    valid = isinstance(answer, dict) and all(
        isinstance(k, str) and re.fullmatch(r"[A-Z]{3}", k)
        and type(v) is int and 0 <= v <= _MAX_MINOR_DIGITS
        for k, v in answer.items()
    )  # fmt: skip
    return {str(k): int(v) for k, v in answer.items()} if valid else compute()


def is_currency(code: str) -> bool:
    """Whether ``code`` is an ISO 4217 currency Babel knows."""
    return code.upper() in _currencies()


def minor_digits(currency: str | None) -> int:
    """Digits after the decimal point in ``currency`` (2 for EUR, 0 for JPY, 3 for KWD); 2 for
    a currency not said or not known."""
    if not currency:
        return DEFAULT_DIGITS
    return _currencies().get(currency.upper(), DEFAULT_DIGITS)


def round_money(amount: Decimal, digits: int) -> Decimal:
    """``amount`` rounded by the one rule (:data:`ROUNDING`) to ``digits`` decimal places."""
    return amount.quantize(Decimal(1).scaleb(-digits), rounding=ROUNDING)


def is_exact(amount: Decimal, digits: int) -> bool:
    """Whether ``amount``, as written, fits the minor unit: no more decimals than the currency
    has (``10.50`` EUR, not ``10.505`` nor ``1.000``, which a point-grouping hand means as one
    thousand)."""
    exponent = amount.as_tuple().exponent
    return isinstance(exponent, int) and -exponent <= digits


def imprecise(amount: Decimal, digits: int, currency: str | None) -> str | None:
    """Why ``amount`` does not fit the currency's minor unit, or ``None`` when it does."""
    if is_exact(amount, digits):
        return None
    said = f"{amount} has more decimals than {currency or 'the currency'} has ({digits})"
    if _DOT_GROUPS.fullmatch(str(amount)):  # 1.000 for one thousand, with a grouping point
        whole = str(amount).replace(".", "")
        return f"{said}; if you mean {whole}, write {whole}.{'0' * digits}".rstrip(".")
    return said


# --- reading amounts -------------------------------------------------------------------------

_PLAIN: Final = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_DECIMAL_COMMA: Final = re.compile(r"[0-9]+,(?:[0-9]{1,2}|[0-9]{4,})")
_DOT_GROUPS: Final = re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+")
_GROUPED: Final = re.compile(
    r"(?P<whole>[0-9]{1,3}(?P<group>[.,' \u00a0\u202f])[0-9]{3}(?:(?P=group)[0-9]{3})*)"
    r"(?:(?P<point>(?!(?P=group))[.,])(?P<fraction>[0-9]+))?"
)
"""Thousands grouped by one separator (point, comma, apostrophe or a space), then perhaps a
decimal part after the other mark: ``1.071,00``, ``1,071.00``, ``1 200,00``, ``1'200.50``,
``1.000.000``. Read one way only; ``1,071`` alone could be either, and is refused."""
_MAX_TEXT: Final = 40


class AmountUnclear(ValueError):
    """Text that is not an amount, or can be read as two; the message says how to write it."""


def _refuse(text: str, why: str) -> AmountUnclear:
    shown = text if len(text) <= _MAX_TEXT else text[: _MAX_TEXT - 3] + "..."
    return AmountUnclear(f'"{shown}" {why}')


def parse_amount(text: str, *, locale: str | None = None) -> Decimal:
    """The amount a person typed, by the one rule (see the module's docstring);
    :class:`AmountUnclear` if it is not an amount or can be read two ways. ``locale`` (the
    brief's) is not consulted: the brief, the record, the answers and every option read the
    same text the same way, whoever typed it."""
    raw = text.strip()
    sign, digits = ("-", raw[1:].lstrip()) if raw.startswith("-") else ("", raw.lstrip("+"))
    if _PLAIN.fullmatch(digits):
        return Decimal(sign + digits)  # "1.000" as written: the currency's precision judges it
    if _DECIMAL_COMMA.fullmatch(digits):
        return Decimal(sign + digits.replace(",", "."))
    if re.search(r"[0-9.][eE][+-]?[0-9]", digits):  # 1e3 is no amount a person types
        raise _refuse(raw, "has an exponent: write the amount in full, such as 1000.00")
    if found := _GROUPED.fullmatch(digits):
        group, point = found["group"], found["point"]
        whole = re.sub(r"[^0-9]", "", found["whole"])
        if point or group not in ".," or found["whole"].count(group) > 1:
            return Decimal(sign + whole + ("." + found["fraction"] if point else ""))
    if re.fullmatch(r"[0-9]{1,3},[0-9]{3}", digits):
        plain, small = digits.replace(",", ""), digits.replace(",", ".")
        raise _refuse(
            raw, f"could be {sign}{plain} (a comma grouping thousands) or {sign}{small} "
            f"(a decimal comma): write {sign}{plain}.00 or {sign}{small}"
        )  # fmt: skip
    if re.fullmatch(r"[0-9][0-9.,' \u00a0\u202f]*[0-9]", digits):
        raise _refuse(
            raw, "uses separators that can be read more than one way: write the amount with "
            "a point for decimals and no thousands separator, e.g. 1071.00"
        )  # fmt: skip
    if raw.endswith("%"):
        raise _refuse(raw, "is a percentage, not an amount: write the amount, such as 1071.00")
    raise _refuse(raw, "is not an amount: write a number such as 1071.00")


_SPACES: Final = " \u00a0\u202f"
_AMOUNT_CHARS: Final = re.compile(r"[0-9](?:[0-9.,'" + _SPACES + r"]*[0-9])?")
_ONE_MARK: Final = re.compile(r"([0-9]{1,3})([.,])([0-9]{3})")
_SHORT_DECIMAL: Final = re.compile(r"[0-9]+[.,][0-9]{1,2}")


def amount_symbols(locale: str) -> tuple[str, str]:
    """``locale``'s thousands group and decimal mark (``de``: ``.`` and ``,``)."""
    from babel.numbers import get_decimal_symbol, get_group_symbol

    return str(get_group_symbol(locale)), str(get_decimal_symbol(locale))


def written_amount(amount: Decimal, locale: str) -> str:
    """An amount as a person in ``locale`` types it, every decimal kept: ``4.200,00`` (``de``),
    ``1,200.50`` (``en``); :func:`read_amount` reads it back as it was."""
    from babel.numbers import format_decimal

    return str(format_decimal(amount, format="#,##0.00", locale=locale, decimal_quantization=False))


def _written(amount: str, locale: str) -> str:
    return written_amount(Decimal(amount), locale)


def read_amount(text: str, locale: str) -> Decimal:
    """An amount the client typed, read by ``locale``'s rule (Babel's, strict): its thousands
    group and its decimal mark; a point or comma before three digits alone that is not the
    locale's group (``1.200`` in ``en``) could be either, and is refused; a decimal part of one
    or two digits after either mark (``1200.50`` in ``de``) cannot be a group, and is read.
    :class:`AmountUnclear` says how to write it."""
    from babel.numbers import NumberFormatError, parse_decimal

    raw = text.strip()
    sign = "-" if raw.startswith("-") else ""
    body = raw[1:].strip() if raw[:1] in ("+", "-") else raw
    group, point = amount_symbols(locale)
    example = _written("1200", locale)
    if not _AMOUNT_CHARS.fullmatch(body):
        raise _refuse(raw, f"is not an amount: write a number such as {example}")
    if group in _SPACES:
        body = re.sub(f"[{_SPACES}]", group, body)
    if (one := _ONE_MARK.fullmatch(body)) and one[2] != group:
        whole, small = one[1] + one[3], str(Decimal(f"{one[1]}.{one[3]}").normalize())
        raise _refuse(
            raw, f"could be {sign}{whole} or {sign}{small}: write "
            f"{sign}{_written(whole, locale)} or {sign}{_written(small, locale)}"
        )  # fmt: skip
    try:
        return Decimal(sign + str(parse_decimal(body, locale, strict=True)))
    except NumberFormatError:
        pass
    if _SHORT_DECIMAL.fullmatch(body):
        return Decimal(sign + body.replace(",", "."))
    raise _refuse(raw, f"is not written as amounts are here: write it like {example}")


# --- amounts ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Amounts:
    """Net, tax and gross of one amount; ``net + tax == gross`` always."""

    net: Decimal
    tax: Decimal
    gross: Decimal

    def __add__(self, other: Amounts) -> Amounts:
        return Amounts(self.net + other.net, self.tax + other.tax, self.gross + other.gross)

    def __neg__(self) -> Amounts:
        return Amounts(-self.net, -self.tax, -self.gross)

    def __sub__(self, other: Amounts) -> Amounts:
        return self + -other

    def basis(self, gross_prices: bool) -> Decimal:
        """The amount as prices are written: gross when prices include tax, else net."""
        return self.gross if gross_prices else self.net

    @staticmethod
    def total(parts: Iterable[Amounts]) -> Amounts:
        return sum(parts, NOTHING)


NOTHING: Final = Amounts(ZERO, ZERO, ZERO)


def split_price(price: Decimal, *, gross_prices: bool, rate: Decimal, digits: int) -> Amounts:
    """``price`` (net, or gross when ``gross_prices``) as net, tax and gross at ``rate`` percent."""
    price = round_money(price, digits)
    if gross_prices:
        net = round_money(price * 100 / (100 + rate), digits)
        return Amounts(net=net, tax=price - net, gross=price)
    tax = round_money(price * rate / 100, digits)
    return Amounts(net=price, tax=tax, gross=price + tax)


def part_of(amounts: Amounts, gross: Decimal, digits: int) -> Amounts:
    """The net and tax in ``gross`` of ``amounts``, in the same proportion (a part payment)."""
    gross = round_money(gross, digits)
    if not amounts.gross:
        return Amounts(gross, ZERO, gross)
    net = round_money(amounts.net * gross / amounts.gross, digits)
    return Amounts(net, gross - net, gross)


@dataclass(frozen=True, slots=True)
class Pricing:
    """How a brief's prices become amounts: its currency's digits, its tax rate, and whether
    prices are written net or gross."""

    currency: str
    digits: int
    rate: Decimal
    gross_prices: bool

    def split(self, price: Decimal) -> Amounts:
        """``price``, as the brief's prices are written, as net, tax and gross."""
        return split_price(
            price, gross_prices=self.gross_prices, rate=self.rate, digits=self.digits
        )

    def share(self, price: Decimal, percent: Decimal) -> Decimal:
        """``percent`` of ``price``, rounded."""
        return round_money(price * percent / 100, self.digits)

    def plain(self, amount: Decimal) -> str:
        """``1,071.00 EUR``: see :func:`plain`."""
        return plain(amount, self.currency, self.digits)

    def text(self, amount: Decimal) -> str:
        """``"1071.00"``: see :func:`amount_text`."""
        return amount_text(amount, self.digits)


# --- settlement ------------------------------------------------------------------------------


class Standing(StrEnum):
    """Where an iteration stands on the day a project ends."""

    accepted = "accepted"
    in_progress = "in_progress"
    not_started = "not_started"


@dataclass(frozen=True, slots=True)
class IterationMoney:
    """What a settlement needs to know of one iteration on the day the project ends."""

    number: int
    billed: Sequence[Amounts]  # everything billed for it: instalments, extra rounds, changes
    paid: Amounts  # what was received for it by that day
    received: Decimal  # gross received for it, in all
    accepted: bool
    started: bool


@dataclass(frozen=True, slots=True)
class Settled:
    """What is owed for one iteration when the project ends."""

    number: int
    standing: Standing
    owed: Amounts
    received: Decimal  # gross
    fee: Amounts | None = None  # the cancellation fee on an iteration in progress


def settle(
    iterations: Iterable[IterationMoney],
    *,
    fee_percent: Decimal,
    pricing: Pricing,
    by: Literal["client", "freelancer"] = "client",
    unstarted_fee: bool = False,
) -> list[Settled]:
    """What is owed for each iteration if the project ends now, under the terms' cancellation
    clause. Whoever ends it, an accepted iteration is owed in full. When the client ends it, an
    iteration that started owes what was paid of it (prepayments are not refunded) plus
    ``fee_percent`` of its unpaid rest, as prices are written, and one not started what was
    paid of it; with ``unstarted_fee`` (German standard terms, a consumer: a flat sum the client
    may prove lower, never the whole prepayment), ``fee_percent`` of what was paid of it, the
    rest refunded. When the freelancer ends it, no fee is due and an iteration not accepted owes
    nothing: what was paid for it is refunded. An iteration not started and not paid owes
    nothing and is left out."""
    settled: list[Settled] = []
    for it in iterations:
        whole = Amounts.total(it.billed)
        standing = Standing.in_progress if it.started else Standing.not_started
        if it.accepted:
            settled.append(Settled(it.number, Standing.accepted, whole, it.received))
        elif by == "freelancer":
            if it.started or it.received:
                settled.append(Settled(it.number, standing, NOTHING, it.received))
        elif it.started:
            rest = whole.basis(pricing.gross_prices) - it.paid.basis(pricing.gross_prices)
            fee = pricing.split(pricing.share(max(rest, ZERO), fee_percent))
            settled.append(
                Settled(it.number, Standing.in_progress, it.paid + fee, it.received, fee)
            )
        elif it.received and unstarted_fee:
            paid = it.paid.basis(pricing.gross_prices)
            fee = pricing.split(pricing.share(paid, fee_percent))
            settled.append(Settled(it.number, Standing.not_started, fee, it.received, fee))
        elif it.received:
            settled.append(Settled(it.number, Standing.not_started, it.paid, it.received))
    return settled


# --- formats ---------------------------------------------------------------------------------


def amount_text(amount: Decimal, digits: int) -> str:
    """An amount in data: a decimal string with the currency's digits, ``"1000.00"``."""
    return format(round_money(amount, digits), "f")


def plain(amount: Decimal, currency: str | None, digits: int) -> str:
    """An amount in a message: ``1,071.00 EUR``, read the same way everywhere."""
    return f"{round_money(amount, digits):,.{digits}f} {currency or ''}".rstrip()


def formatted(amount: Decimal, currency: str | None, digits: int, locale: str) -> str:
    """An amount in a document, by Babel in ``locale``: ``1.071,00 €`` (``en_DE``)."""
    from babel.numbers import format_currency, format_decimal

    rounded = round_money(amount, digits)
    if not currency:
        return str(format_decimal(rounded, locale=locale, decimal_quantization=False))
    return str(format_currency(rounded, currency, locale=locale))
