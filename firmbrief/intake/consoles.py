"""Where the interview's answers come from: a person at a terminal (:class:`Prompts` over a
:class:`Terminal`), or a file of answers (:class:`Scripted`); and what a question looks like
when it is asked (:class:`Asked`)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final, Protocol

from firmbrief.briefs.fields import Loc
from firmbrief.briefs.files import dotted
from firmbrief.errors import BriefUnreadable
from firmbrief.intake.merge import Missing, value_at
from firmbrief.intake.questions import (
    Block,
    Question,
    Section,
)

__all__ = [
    "DEFERRED",
    "Asked",
    "Console",
    "Prompts",
    "Scripted",
    "Source",
    "Terminal",
    "as_text",
    "item_title",
    "items_of",
    "present",
    "kept_value",
]

DEFERRED: Final = frozenset({"unscheduled", "materials-late"})
"""Errors at a field that answers still to come may settle (the iteration a material is for,
the iteration a deliverable goes in): left to the report at the end, not refused."""

_YES: Final = ("y", "yes", "j", "ja", "o", "oui", "s", "si")
_NO: Final = ("n", "no", "nein", "non")


@dataclass(frozen=True, slots=True)
class Asked:
    """A question at its place in the brief, with what the brief holds there now."""

    question: Question
    loc: Loc
    current: Any
    known: tuple[str, ...] = ()
    example: str | None = None  # instead of the question's (one that fits the country); "": none
    offered: str | None = None  # a default worked out from the brief (the sum of the prices)
    help: str | None = None  # instead of the question's
    problem: str | None = None  # why the value in the brief is asked again

    @property
    def path(self) -> str:
        return dotted(self.loc)


class Source(Protocol):
    """Where answers come from: the person at the terminal, or a file of answers."""

    def section(self, section: Section) -> None: ...
    def item_heading(self, block: Block, number: int, name: str | None) -> None: ...
    def value(self, asked: Asked) -> str | None: ...
    def item(self, asked: Asked, index: int) -> str | None: ...
    def another(self, block: Block, loc: Loc, index: int) -> bool: ...
    def refused(self, asked: Asked, message: str) -> None: ...
    def note(self, text: str) -> None: ...


class Console(Protocol):
    """Lines out, lines in: the terminal, or a test's script."""

    def say(self, text: str = "") -> None: ...
    def ask(self, prompt: str) -> str: ...


class Terminal:
    """The real terminal: ``input()`` with line editing where the platform has it."""

    def __init__(self) -> None:
        try:
            import readline  # noqa: F401  (arrow keys and history in input())
        except ImportError:  # pragma: no cover - Windows
            pass

    def say(self, text: str = "") -> None:
        print(text, flush=True)

    def ask(self, prompt: str) -> str:
        return input(prompt)


class Prompts:
    """Asks the person at the terminal, one question at a time."""

    def __init__(self, console: Console) -> None:
        self.console = console

    def section(self, section: Section) -> None:
        self.console.say()
        self.console.say(f"== {section.title} ==")
        if section.intro:
            self.console.say(f"   {section.intro}")

    def item_heading(self, block: Block, number: int, name: str | None) -> None:
        label = f"{item_title(block)} {number}" + (f": {name}" if name else "")
        self.console.say()
        self.console.say(f"-- {label} --")

    def _header(self, asked: Asked) -> None:
        q = asked.question
        self.console.say()
        self.console.say(f"{q.asked_about}  ({asked.path})")
        notes = [asked.help or q.help_about]
        example = q.example if asked.example is None else asked.example
        if example and not asked.offered:
            notes.append(f"Example: {example}")
        if q.choices:
            notes.append("One of: " + ", ".join(q.choices) + ".")
        line = " ".join(note for note in notes if note)
        if line:
            self.console.say(f"  {line}")
        if asked.problem:
            self.console.say(f"  ! {asked.problem}")
            self.console.say("  Enter keeps it as it is for now; check will still refuse it.")

    def value(self, asked: Asked) -> str | None:
        self._header(asked)
        shown = " / ".join(line.strip() for line in kept_value(asked).strip().splitlines())
        display = shown if len(shown) <= 40 else shown[:36].rstrip() + "..."
        prompt = f"[{display}] > " if shown else "> "
        return self.console.ask(prompt).strip() or None

    def item(self, asked: Asked, index: int) -> str | None:
        if index == 0 or (isinstance(asked.current, list) and index == len(asked.current)):
            self._header(asked)
            q = asked.question
            hint = "One per line; an empty line ends the list"
            if q.none_allowed:
                hint += ', or "none"'
            if index == 0 and items_of(asked.current):
                hint += "; Enter at once keeps the list below"
            self.console.say(f"  {hint}.")
            if asked.known:
                self.console.say("  Deliverables: " + ", ".join(asked.known))
            for number, existing in enumerate(items_of(asked.current), start=1):
                self.console.say(f"  {number}: {existing}")
        answer = self.console.ask(f"  {index + 1}> ").strip()
        return answer or None

    def another(self, block: Block, loc: Loc, index: int) -> bool:
        what = item_title(block).lower()
        question = f"Add a {what}? [Y/n] " if index == 0 else f"Add another {what}? [y/N] "
        while True:
            answer = self.console.ask("\n" + question).strip().lower()
            if not answer:
                return index == 0
            if answer in _YES:
                return True
            if answer in _NO:
                return False
            self.console.say("  Answer y or n.")

    def refused(self, asked: Asked, message: str) -> None:
        self.console.say(f"  ! {message}")

    def note(self, text: str) -> None:
        self.console.say(f"  {text}")


class Scripted:
    """Answers from a YAML or JSON mapping in the shape of a brief (``--answers``)."""

    def __init__(self, answers: dict[str, Any], *, name: str) -> None:
        self.answers = answers
        self.name = name

    def section(self, section: Section) -> None:
        pass

    def item_heading(self, block: Block, number: int, name: str | None) -> None:
        pass

    def _at(self, loc: Loc) -> Any:
        value = value_at(self.answers, loc)
        return None if isinstance(value, Missing) else value

    def value(self, asked: Asked) -> str | None:
        value = self._at(asked.loc)
        if value is None:
            return None
        if isinstance(value, bool | dict | list):
            raise BriefUnreadable(
                f"{_kind(value)} where {asked.question.kind} belongs",
                file=self.name,
                field=asked.path,
            )
        return str(value)

    def item(self, asked: Asked, index: int) -> str | None:
        value = self._at(asked.loc)
        if isinstance(value, str):
            value = [value] if value.strip() else []
        if value is None:
            return None
        if not isinstance(value, list):
            raise BriefUnreadable(
                f"{_kind(value)} where a list belongs", file=self.name, field=asked.path
            )
        if index >= len(value):
            return None
        item = value[index]
        if item is None or isinstance(item, bool | dict | list):
            raise BriefUnreadable(
                f"{_kind(item)} where text belongs",
                file=self.name,
                field=dotted((*asked.loc, index)),
            )
        return str(item)

    def another(self, block: Block, loc: Loc, index: int) -> bool:
        value = self._at(loc)
        return isinstance(value, list) and index < len(value)

    def refused(self, asked: Asked, message: str) -> None:
        raise BriefUnreadable(message, file=self.name, field=asked.path)

    def note(self, text: str) -> None:
        pass


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {bool: "true/false", dict: "a mapping", list: "a list"}.get(type(value), "a value")


def item_title(block: Block) -> str:
    return {"Iteration": "Stage"}.get(block.item_title, block.item_title)


def kept_value(asked: Asked) -> str:
    """The value Enter keeps: the brief's own (when asked again) or the field's default."""
    current = asked.current
    if current is not None and not isinstance(current, Missing | list | dict):
        return format(current, "f") if isinstance(current, Decimal) else str(current)
    return asked.offered or asked.question.default or ""


def as_text(value: Any) -> str:
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def items_of(value: Any) -> list[str]:
    return [str(item) for item in value] if isinstance(value, list) else []


def present(value: Any) -> bool:
    return not isinstance(value, Missing)
