"""``firmbrief init``'s questions: the business profile (``firmbrief.toml``) asked at the
terminal, one field at a time, or read from a file of answers (``--answers``).

The questions are the brief's own (the freelancer's fields and their help, from the schema),
and every answer is judged at once by the rule the profile loader applies
(:func:`~firmbrief.briefs.profile.business_problem`): a mistyped IBAN or VAT number is asked
again with the reason, never written.
"""

from __future__ import annotations

from typing import Any, Final

from firmbrief.briefs.profile import (
    ASKED,
    DEFAULT_NUMBER_FORMAT,
    business_problem,
    number_format_problem,
)
from firmbrief.errors import BriefUnreadable
from firmbrief.intake.consoles import Console

__all__ = ["LINE_BREAK", "ask_business", "scripted_business"]

LINE_BREAK: Final = " / "
"""How an address's lines are typed on one line at the terminal."""


def _question(key: str) -> tuple[str, str, str | None]:
    """The question, its help and its example for ``key`` (``bank.iban``), from the schema."""
    from firmbrief.briefs.parties import Bank, Freelancer

    model: Any = Bank if key.startswith("bank.") else Freelancer
    field = model.model_fields[key.removeprefix("bank.")]
    extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
    examples = field.examples or []
    example = str(examples[0]) if examples else None
    return str(extra.get("x-question", key)), field.description or "", example


def _set(business: dict[str, Any], key: str, value: str) -> dict[str, Any]:
    """``business`` with ``key`` set (``bank.iban`` in the ``bank`` table)."""
    merged = {k: dict(v) if isinstance(v, dict) else v for k, v in business.items()}
    if key.startswith("bank."):
        merged.setdefault("bank", {})[key.removeprefix("bank.")] = value
    else:
        merged[key] = value
    return merged


def ask_business(console: Console) -> tuple[dict[str, Any], str]:
    """The ``[business]`` table and the invoice number format, asked at the terminal."""
    business: dict[str, Any] = {}
    console.say("Your business profile (firmbrief.toml): asked once, used by every brief.")
    console.say("Enter leaves an optional field out.")
    for key, needed in ASKED:
        question, help_text, example = _question(key)
        console.say()
        console.say(f"{question}  (business.{key}){'' if needed else '  optional'}")
        notes = [help_text, f"Example: {example}" if example else ""]
        if key == "address":
            notes.append(f'Separate its lines with "{LINE_BREAK.strip()}".')
        console.say("  " + " ".join(n for n in notes if n))
        while True:
            answer = console.ask("> ").strip()
            if key == "address":
                answer = "\n".join(p.strip() for p in answer.split(LINE_BREAK.strip()))
            if not answer:
                if needed:
                    console.say("  ! needed: every document and invoice shows it")
                    continue
                break
            trial = _set(business, key, answer)
            problem = business_problem(trial)
            if problem and problem[0] == f"business.{key}":
                console.say(f"  ! {problem[1]}")
                continue
            business = trial
            break
    console.say()
    console.say("Invoice number format  (invoices.number_format)")
    console.say(f"  {{year}} and {{seq}}; Enter keeps {DEFAULT_NUMBER_FORMAT} (2027-0001...)")
    while True:
        number_format = console.ask("> ").strip() or DEFAULT_NUMBER_FORMAT
        if not (said := number_format_problem(number_format)):
            return business, number_format
        console.say(f"  ! {said}")


def scripted_business(answers: dict[str, Any], *, name: str) -> tuple[dict[str, Any], str]:
    """The ``[business]`` table and the number format from a file of answers in the shape of a
    ``firmbrief.toml`` (``business:`` and ``invoices: {number_format: ...}``)."""
    unknown = [key for key in answers if key not in ("business", "invoices")]
    business, invoices = answers.get("business", {}), answers.get("invoices", {})
    if unknown or not isinstance(business, dict) or not isinstance(invoices, dict):
        raise BriefUnreadable(
            "answers for init hold a business: table and, if you like, invoices: "
            "{number_format: ...}",
            file=name,
            field=unknown[0] if unknown else None,
        )
    missing = [
        f"business.{key}"
        for key, needed in ASKED
        if needed and not str(business.get(key) or "").strip()
    ]
    if missing:
        raise BriefUnreadable(f"needed, and not answered: {', '.join(missing)}", file=name)
    number_format = invoices.get("number_format", DEFAULT_NUMBER_FORMAT)
    if set(invoices) - {"number_format"} or not isinstance(number_format, str):
        raise BriefUnreadable(
            "invoices: holds number_format only, as text", file=name, field="invoices"
        )
    return business, number_format
