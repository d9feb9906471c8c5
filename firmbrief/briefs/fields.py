"""The kinds of values a brief holds, and how a field carries its question.

Text is capped and free of control characters; money, percentages and hours are
:class:`~decimal.Decimal`, never a float; a date is kept as the text the user wrote (whether it
is firm is :mod:`firmbrief.briefs.dates`' question), and :func:`date_fields` finds every date in
a brief, so no rule has to list them. :func:`ask` gives a field its question for the client or
the freelancer (``x-question``, ``x-asked-of`` in the JSON Schema): the questionnaire and the
interview are generated from there.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from decimal import Decimal
from typing import Annotated, Any, Final, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from firmbrief.briefs.money import AmountUnclear, parse_amount

__all__ = [
    "DATE_EXAMPLES",
    "AskedOf",
    "Colour",
    "Count",
    "Country",
    "Currency",
    "DateText",
    "Days",
    "Email",
    "Bic",
    "Hours",
    "HttpsUrl",
    "Iban",
    "Ident",
    "Line",
    "Loc",
    "Model",
    "Money",
    "Names",
    "Number",
    "Percent",
    "Sentence",
    "Text",
    "ask",
    "date_fields",
    "model_in",
]

AskedOf = Literal["client", "freelancer"]
"""Who answers a field's question: the client, or the freelancer."""

Loc = tuple[str | int, ...]
"""A path in a brief: ``("iterations", 0, "start")``."""

# --- text -----------------------------------------------------------------------------------

_NEWLINES = re.compile(r"\r\n?")


def _no_controls(value: str, *, multiline: bool) -> str:
    value = _NEWLINES.sub("\n", value) if multiline else value
    allowed = "\n\t" if multiline else ""
    for char in value:
        category = unicodedata.category(char)
        if (category == "Cc" and char not in allowed) or category == "Cs":
            where = "here" if multiline else "in a one-line field"
            raise PydanticCustomError(
                "control-character",
                "the control character U+{code} is not allowed {where}",
                {"code": f"{ord(char):04X}", "where": where},
            )
        if _noncharacter(char):
            raise PydanticCustomError(
                "noncharacter",
                "U+{code} is not a character (a Unicode noncharacter): remove it",
                {"code": f"{ord(char):04X}"},
            )
    return value


def _noncharacter(char: str) -> bool:
    """Unicode's 66 noncharacters (U+FDD0 to U+FDEF, and U+xxFFFE, U+xxFFFF in every plane):
    never text, and refused by the XML and PDF an invoice is made of."""
    code = ord(char)
    return 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


def _line(value: str) -> str:
    return _no_controls(value, multiline=False)


def _text(value: str) -> str:
    return _no_controls(value, multiline=True)


Line = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=200), AfterValidator(_line)
]
"""One line of text: a name, a title, a label."""

Sentence = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=500), AfterValidator(_line)
]
"""One sentence: a goal, an acceptance criterion."""

Text = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=5000), AfterValidator(_text)
]
"""Several lines or paragraphs: a summary, an address, terms in words."""

Ident = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")
]
"""A short id to refer to a deliverable: ``logo``, ``home-page``."""

_NOT_IN_EMAIL = "@\\s<>\"',;"
Email = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True,
        max_length=254,
        pattern=f"^[^{_NOT_IN_EMAIL}]+@[^{_NOT_IN_EMAIL}]+\\.[^{_NOT_IN_EMAIL}.]+$",
    ),
]


def _upper(value: str) -> str:
    return value.upper()


Country = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z]{2}$"),
    AfterValidator(_upper),
    Field(examples=["DE"], description="ISO 3166 two-letter country code"),
]
Currency = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z]{3}$"),
    AfterValidator(_upper),
    Field(examples=["EUR"], description="ISO 4217 three-letter currency code"),
]
Colour = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^#[0-9A-Fa-f]{6}$")]


def _banking(check: str) -> Any:
    """A validator that runs :mod:`firmbrief.briefs.banking`'s ``check`` (imported only when a
    value is there to check: schwifty costs 60 ms to import)."""

    def validate(value: str) -> str:
        from firmbrief.briefs import banking

        try:
            result: str = getattr(banking, check)(value)
        except ValueError as wrong:
            raise PydanticCustomError("banking", "{reason}", {"reason": str(wrong)}) from None
        return result

    return AfterValidator(validate)


Iban = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=50),
    _banking("check_iban"),
    Field(examples=["DE89 3704 0044 0532 0130 00"], description="An IBAN (checked)"),
]
"""An IBAN, checked by schwifty (country, length, bank code, check digits); kept compact."""

Bic = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=20),
    _banking("check_bic"),
    Field(examples=["COBADEFFXXX"], description="A BIC (SWIFT code, checked)"),
]
"""A BIC (SWIFT code), checked by schwifty; kept compact."""

HttpsUrl = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, max_length=500, pattern="^https://[^\\s<>\"'`{}|^]+$"
    ),
    Field(examples=["https://pay.example.com/jensen-studio"]),
]
"""A web address that starts with ``https://``: no spaces, quotes or angle brackets."""

_NONE_WORDS: Final = ("none", "None", "NONE")


def _none_word(value: Any) -> Any:
    return [] if isinstance(value, str) and value.strip() in _NONE_WORDS else value


Names = Annotated[
    list[Line],
    BeforeValidator(_none_word),
    Field(max_length=30),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "array", "items": {"type": "string", "maxLength": 200}, "maxItems": 30},
                {"type": "string", "enum": list(_NONE_WORDS)},
            ]
        }
    ),
]
"""A list of names, or the word ``none`` (the same as an empty list): said, and nobody."""

# --- numbers --------------------------------------------------------------------------------



def _decimal(value: Any) -> Any:
    """Text read by the one rule for amounts typed by people (:func:`parse_amount`)."""
    if not isinstance(value, str):
        return value
    try:
        return parse_amount(value)
    except AmountUnclear as unclear:
        raise PydanticCustomError("amount", "{reason}", {"reason": str(unclear)}) from None


Decimal_ = BeforeValidator(_decimal)

_PERCENT_SIGN = re.compile(r"\s*%\s*$")


def _percent(value: Any) -> Any:
    """A percentage as people type it: ``50``, ``50%``, ``19.5 %``; the sign is optional."""
    if not isinstance(value, str):
        return value
    number = _PERCENT_SIGN.sub("", value)
    try:
        return parse_amount(number)
    except AmountUnclear:
        raise PydanticCustomError(
            "amount",
            "{reason}",
            {"reason": f'"{value.strip()[:40]}" is not a percentage: write a number such as 50 '
             "(50% also works)"},
        ) from None


Money = Annotated[Decimal, Field(ge=0, le=Decimal("1e12"), decimal_places=4), Decimal_]
"""An amount in the brief's currency: a decimal number, never a float."""

Percent = Annotated[Decimal, Field(ge=0, le=100, decimal_places=4), BeforeValidator(_percent)]
"""A percentage, 0 to 100: ``50`` or ``50%``."""
Hours = Annotated[Decimal, Field(ge=0, le=100_000, decimal_places=2), Decimal_]
Count = Annotated[int, Field(ge=0, le=100)]
Days = Annotated[int, Field(ge=0, le=365)]
Number = Annotated[int, Field(ge=1, le=100)]

# --- dates ----------------------------------------------------------------------------------

DATE_EXAMPLES: Final = ["2027-03-15", "15 March 2027", "March 15, 2027"]

DateText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=64),
    Field(
        examples=DATE_EXAMPLES,
        json_schema_extra={"x-firm-date": True},
        description=(
            "A firm calendar date: day, month and year, e.g. 2027-03-15 or 15 March 2027. "
            'Not "ASAP", "end of March" or "Q2".'
        ),
    ),
]
"""A date as written. Whether it is firm is the firm-date rule's question, not the schema's."""


def ask(
    question: str,
    *,
    of: AskedOf,
    help: str,
    example: Any = None,
    default: Any = None,
    about: str | None = None,
    about_help: str | None = None,
    **kwargs: Any,
) -> Any:
    """A field with its question: ``x-question`` and ``x-asked-of`` in the JSON Schema.

    ``about`` and ``about_help``: the question and help as the freelancer's interview asks
    them about the client (``x-question-about``, ``x-help-about``), where the client's own
    wording ("Your full name") would speak to the wrong person."""
    extra: dict[str, Any] = {"x-question": question, "x-asked-of": of}
    if about is not None:
        extra["x-question-about"] = about
    if about_help is not None:
        extra["x-help-about"] = about_help
    examples = [example] if example is not None else None
    return Field(
        default,
        description=help,
        examples=examples,
        json_schema_extra=extra,
        **kwargs,
    )


class Model(BaseModel):
    """The base of every part of a brief: unknown keys are errors."""

    model_config = ConfigDict(
        extra="forbid", populate_by_name=True, validate_default=False, defer_build=True
    )


# --- walking a brief ------------------------------------------------------------------------


def _is_date(annotation: Any) -> bool:
    return annotation == DateText or any(_is_date(arg) for arg in get_args(annotation))


def model_in(annotation: Any) -> type[BaseModel] | None:
    """The model class inside a field's annotation (``Client | None``, ``list[Iteration]``)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        if found := model_in(arg):
            return found
    return None


def date_fields(model: BaseModel, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Every date written in ``model``, with its path: ``(("iterations", 0, "start"), "...")``."""
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        key = info.alias or name
        if isinstance(value, str) and _is_date(info.annotation):
            yield (*loc, key), value
        elif isinstance(value, BaseModel):
            yield from date_fields(value, (*loc, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from date_fields(item, (*loc, key, index))
