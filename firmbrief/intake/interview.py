"""The terminal interview: a brief collected one question at a time, saved after every answer.

The questions are the brief's own (:mod:`firmbrief.intake.questions`), in schema order, each with
its help and an example. Every answer is checked on the spot by the rules ``check`` applies: a
date must be firm (:func:`~firmbrief.briefs.dates.parse_firm_date`, read with the brief's
``date_order``), a value must pass the schema (numbers, money, choices, lengths), and an answer
``check`` would call an error at that field (a volume that is not counted, a delivery before its
start, a total that is not the sum of the prices) is refused with the reason and asked again.
Warnings are shown and the answer kept.

After every answer the brief is written atomically, so Ctrl-C, a closed terminal or a crash
loses nothing. Running the interview again on the same file goes on where it stopped:

* a question whose field is present in the brief is answered and skipped; a question skipped
  with Enter is written as an empty value (``null``) until the end, so it is not asked again;
* a list (goals) or a block (deliverables) is still open, and asks for more, as long as no later
  question has been answered;
* a value already in the brief that ``check`` refuses (a vague date, an uncounted volume, an
  ambiguous numeric date: an answer imported from the client) is asked again, with the reason;
  Enter keeps it as it is for now.

At the end the empty values are removed, the ``check`` report is printed, and the brief notes
at its top that every question was asked once (:data:`ASKED_ONCE`). From then on, only what
``check`` says is missing or wrong is asked: an optional question left blank is not asked
again. ``--again`` asks everything, with the brief's answer as the default.

Questions are asked in the freelancer's voice (``x-question-about``: "The client's full name"),
with what :mod:`firmbrief.intake.offers` works out from the brief: an example that fits the
country, a computed default (the total), and only the questions that apply.

The interview starts from the business profile (the ``firmbrief.toml`` that applies to the
brief's folder, found as every command finds it): what its ``[business]`` says of the
freelancer is not asked, and every check (each answer's, the report at the end) judges the
brief with the profile merged in, as ``check`` does. The brief file keeps only what was answered.

The same path runs without prompts from a file of answers (``--answers``): a YAML or JSON
mapping in the shape of a brief. A missing answer is a skipped question; an answer the rules
refuse stops the run with one line naming the file and the field.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from firmbrief.briefs.dates import format_long, parse_firm_date
from firmbrief.briefs.fields import Loc
from firmbrief.briefs.files import read_data
from firmbrief.briefs.loading import parse_brief
from firmbrief.briefs.readiness import assess
from firmbrief.briefs.report import Finding, Report
from firmbrief.briefs.writer import leading_comments, write_brief
from firmbrief.errors import VagueDate
from firmbrief.intake.consoles import (
    DEFERRED,
    Asked,
    Source,
    as_text,
    present,
)
from firmbrief.intake.merge import Missing, place, value_at
from firmbrief.intake.offers import offer
from firmbrief.intake.questions import (
    Block,
    Group,
    Item,
    Question,
    catalog,
    question_at,
    sections,
)

__all__ = ["ASKED_ONCE", "Interview", "run_interview"]

ASKED_ONCE = (
    "Every question was asked once: the interview now asks only what check says is missing or "
    "wrong (--again asks all)."
)
"""The comment that tells a later run the interview went through every question once."""


# --- the interview ------------------------------------------------------------------------


class Interview:
    """One run of the interview on one brief file."""

    def __init__(self, path: Path, source: Source, *, today: date, again: bool = False) -> None:
        self.path = path
        self.source = source
        self.today = today
        self.again = again
        self.resumed = path.exists()
        self.data: dict[str, Any] = read_data(path) if self.resumed else {}
        self.comments = (
            leading_comments(path)
            if self.resumed
            else ["A brief collected with: firmbrief intake interview", ""]
        )
        self.comments = [line for line in self.comments if line]
        self.asked_once = any(ASKED_ONCE in line for line in self.comments)
        self._errors: set[tuple[str, Loc]] = set()
        self._wrong: dict[Loc, str] = {}
        self._wanted: set[Loc] = set()
        from firmbrief.briefs.profile import profile_for

        profile = profile_for(path)
        self.business: dict[str, Any] = profile.business if profile else {}
        self.profile_order = profile.date_order if profile else None

    def _with_profile(self, data: dict[str, Any]) -> dict[str, Any]:
        """``data`` as ``check`` reads it: its freelancer filled from the business profile."""
        from firmbrief.briefs.profile import with_profile

        return with_profile(data, self.business)

    def _from_profile(self, loc: Loc) -> bool:
        """Whether the profile answers the question at ``loc`` (and the brief does not)."""
        return (
            bool(self.business)
            and loc[:1] == ("freelancer",)
            and not present(value_at(self.data, loc))
            and present(value_at(self._with_profile({}), loc))
        )

    # -- walking ---------------------------------------------------------------------------

    def run(self) -> Report:
        """Ask every question not answered yet, then tidy the brief and assess it."""
        start = self.report()
        self._errors = {(f.code, f.loc) for f in start.errors}
        self._wanted = {f.loc for f in start.findings if f.loc}
        self._wrong = {
            f.loc: f.message
            for f in start.errors
            if _refuses_the_value(f.code) and _is_value(value_at(self.data, f.loc), f.loc)
        }
        for section in sections(None):
            if self._all_answered(section.items, ()) and not self.again:
                continue
            self.source.section(section)
            self._items(section.items, ())
        self._finish()
        return self.report()

    def report(self) -> Report:
        merged = self._with_profile(self.data)
        return assess(parse_brief(merged), file=str(self.path), today=self.today)

    def _items(self, items: tuple[Item, ...], prefix: Loc) -> None:
        for item in items:
            if isinstance(item, Question):
                loc = (*prefix, *item.loc)
                if item.is_list:
                    self._list(item, loc)
                else:
                    self._scalar(item, loc)
            elif isinstance(item, Group):
                self._items(item.items, prefix)
            else:
                self._block(item, (*prefix, *item.loc))

    def _wanted_at(self, loc: Loc) -> bool:
        """Whether ``check`` has something to say at ``loc``, or about a part it is in."""
        return any(loc[: len(w)] == w or w[: len(loc)] == loc for w in self._wanted)

    def _to_ask(self, question: Question, loc: Loc) -> bool:
        """Whether the question at ``loc`` is to be asked in this run."""
        if not offer(question, loc, self._with_profile(self.data)).applies:
            return False
        if self._from_profile(loc):
            return False
        if self.again or loc in self._wrong:
            return True
        if present(value_at(self.data, loc)):
            return False
        return self._wanted_at(loc) if self.asked_once else True

    def _all_answered(self, items: tuple[Item, ...], prefix: Loc) -> bool:
        for item in items:
            if isinstance(item, Question):
                if self._to_ask(item, (*prefix, *item.loc)):
                    return False
            elif isinstance(item, Group):
                if not self._all_answered(item.items, prefix):
                    return False
            else:
                loc = (*prefix, *item.loc)
                if not self._closed(loc) and not (self.asked_once and not self._wanted_at(loc)):
                    return False
                existing = value_at(self.data, loc)
                for index in range(len(existing) if isinstance(existing, list) else 0):
                    if not self._all_answered(item.items, (*loc, index)):
                        return False
        return True

    def _plan(self) -> list[Loc]:
        """Every question's place in the brief, in order, for the items the brief has now."""

        def walk(items: tuple[Item, ...], prefix: Loc) -> Iterator[Loc]:
            for item in items:
                if isinstance(item, Question):
                    yield (*prefix, *item.loc)
                elif isinstance(item, Group):
                    yield from walk(item.items, prefix)
                else:
                    loc = (*prefix, *item.loc)
                    existing = value_at(self.data, loc)
                    yield loc  # the block itself: its place when it has no item yet
                    for index in range(len(existing) if isinstance(existing, list) else 0):
                        yield from walk(item.items, (*loc, index))

        return [loc for section in catalog() for loc in walk(section.items, ())]

    def _later_answered(self, loc: Loc) -> bool:
        """Whether a question after everything under ``loc`` has an answer: ``loc`` is closed."""
        plan = self._plan()
        last = max((i for i, here in enumerate(plan) if here[: len(loc)] == loc), default=-1)
        return any(
            present(value_at(self.data, here))
            for here in plan[last + 1 :]
            if question_at(here) is not None
        )

    def _closed(self, loc: Loc) -> bool:
        """A list or block the brief has, with answers after it: asked for no more items."""
        return present(value_at(self.data, loc)) and self._later_answered(loc)

    # -- asking ----------------------------------------------------------------------------

    def _asked(self, question: Question, loc: Loc, current: Any, **more: Any) -> Asked:
        offered = offer(question, loc, self._with_profile(self.data))
        return Asked(
            question,
            loc,
            None if isinstance(current, Missing) else current,
            example=offered.example,
            offered=offered.default,
            help=offered.help,
            problem=self._wrong.get(loc),
            **more,
        )

    def _scalar(self, question: Question, loc: Loc, *, fixing: bool = False) -> None:
        current = value_at(self.data, loc)
        if not fixing and not self._to_ask(question, loc):
            return
        asked = self._asked(question, loc, current)
        wrong = self._wrong.pop(loc, None)
        while True:
            answer = self.source.value(asked)
            if (answer is None or not answer.strip()) and fixing and current is not None:
                answer = as_text(current)  # Enter keeps the answer: it must pass this time
            if (answer is None or not answer.strip()) and asked.offered and not present(current):
                answer = asked.offered  # Enter takes the default worked out: checked all the same
            if answer is None or not answer.strip():
                if present(current) or wrong:
                    return  # asked again: Enter keeps what is there
                self._store(loc, self._skipped(question))
                return
            value = self._convert(question, answer.strip())
            problem, warnings, errors = self._check(question, loc, value)
            if problem:
                self.source.refused(asked, problem)
                continue
            self._store(loc, value)
            self._after(question, value, warnings)
            self._follow_up(loc, errors)
            return

    def _list(self, question: Question, loc: Loc) -> None:
        current = value_at(self.data, loc)
        if present(current) and not self.again:
            if not isinstance(current, list) or self._closed(loc):
                return
        elif not self._to_ask(question, loc):
            return
        items = list(current) if isinstance(current, list) else []
        if self.again and present(current) and isinstance(current, list):
            items = []  # asked again: the new list replaces the old, Enter at once keeps it
        asked = self._asked(question, loc, current, known=self._known(question))
        limit = question.max_items or 50
        while len(items) < limit:
            answer = self.source.item(asked, len(items))
            if answer is None or not answer.strip():
                break
            text = answer.strip()
            if question.none_allowed and not items and text.lower() in ("none", "nobody"):
                self._store(loc, "none")
                return
            problem, _, errors = self._check(question, loc, [*items, text])
            if problem:
                self.source.refused(asked, problem)
                continue
            items.append(text)
            self._store(loc, list(items))
            self._follow_up(loc, errors)
        if not items and not present(current):
            self._store(loc, self._skipped(question))

    def _block(self, block: Block, loc: Loc) -> None:
        index = 0
        while True:
            existing = value_at(self.data, loc)
            have = len(existing) if isinstance(existing, list) else 0
            if index >= have:
                if index >= block.max_items or (self._closed(loc) and not self.again):
                    return
                if self.asked_once and not self.again and not self._wanted_at(loc):
                    return  # check wants no more of them
                if not self.source.another(block, loc, index):
                    if not present(existing):
                        self._store(loc, [])  # said: none; asked no more on a rerun
                    return
            item_loc = (*loc, index)
            if self.again or not self._all_answered(block.items, item_loc):
                name = value_at(self.data, (*item_loc, "name"))
                self.source.item_heading(block, index + 1, name if isinstance(name, str) else None)
                self._items(block.items, item_loc)
            index += 1

    # -- checking --------------------------------------------------------------------------

    def _convert(self, question: Question, answer: str) -> str:
        if question.choices:
            for choice in question.choices:
                if answer.lower() == choice.lower():
                    return choice
        return answer

    def _skipped(self, question: Question) -> Any:
        """What a skipped question leaves: its default, or an empty value until the end."""
        if question.default is not None:
            return question.default
        if question.is_list and not question.optional:
            return []
        return None

    def _date_order(self) -> Any:
        order = self.data.get("date_order") or self.profile_order  # the brief's, or the profile's
        return order if order in ("DMY", "MDY") else None

    def _known(self, question: Question) -> tuple[str, ...]:
        if question.refers_to != "deliverables":
            return ()
        items = self.data.get("deliverables")
        return tuple(
            str(item["id"])
            for item in (items if isinstance(items, list) else [])
            if isinstance(item, dict) and isinstance(item.get("id"), str)
        )

    def _check(
        self, question: Question, loc: Loc, value: Any
    ) -> tuple[str | None, list[str], list[Finding]]:
        """Why ``value`` cannot be the answer at ``loc`` (or ``None``), the warnings ``check``
        would give about it, and every error of the brief with it."""
        if question.kind == "date" and isinstance(value, str):
            try:
                parse_firm_date(value, order=self._date_order())
            except VagueDate as vague:
                return vague.message, [], []
        trial = copy.deepcopy(self.data)
        place(trial, loc, value)
        parsed = parse_brief(self._with_profile(trial))
        for finding in parsed.findings:
            if finding.loc[: len(loc)] == loc:
                return finding.message, [], []
        report = assess(parsed, file=str(self.path), today=self.today)
        for finding in report.errors:
            if finding.loc[: len(loc)] == loc and finding.code not in DEFERRED:
                return finding.message, [], []
        warnings = [f.message for f in report.warnings if f.loc[: len(loc)] == loc]
        return None, warnings, report.errors

    def _follow_up(self, loc: Loc, errors: list[Finding]) -> None:
        """An answer can make an earlier one wrong (a delivery date that shows the start
        overlaps the previous stage): ask the earlier one again, with the reason."""
        new = [f for f in errors if (f.code, f.loc) not in self._errors]
        self._errors = {(f.code, f.loc) for f in errors}
        scope = _scope(loc)
        for finding in new:
            where = finding.loc
            if not scope or where[: len(scope)] != scope or finding.code in DEFERRED:
                continue  # elsewhere in the brief: the report at the end says it
            if where[: len(loc)] == loc or loc[: len(where)] == where:
                continue
            question = question_at(where)
            current = value_at(self.data, where)
            if question is None or question.is_list or current is None or not present(current):
                continue
            self.source.note(f"! {finding.field}: {finding.message}")
            self._scalar(question, where, fixing=True)

    def _after(self, question: Question, value: Any, warnings: list[str]) -> None:
        """What the answer reads as (a date), and the warnings ``check`` has about it."""
        if question.kind == "date":
            day = parse_firm_date(value, order=self._date_order())
            self.source.note(f"= {day.strftime('%A')}, {format_long(day)}")
        for warning in warnings:
            self.source.note(f"note: {warning}")

    # -- saving ----------------------------------------------------------------------------

    def _store(self, loc: Loc, value: Any) -> None:
        place(self.data, loc, value)
        write_brief(self.path, self.data, self.comments)

    def _finish(self) -> None:
        """Remove the empty values that stood for skipped questions, and save."""
        _tidy(self.data, ())
        if not self.asked_once:
            self.comments.append(ASKED_ONCE)
            self.asked_once = True
        write_brief(self.path, self.data, self.comments)


_VALUE_CODES = frozenset({"uncounted-volume", "invalid-value", "country-unknown", "region-unknown"})


def _refuses_the_value(code: str) -> bool:
    """Whether a finding of this kind is about the value itself (a vague date, an uncounted
    volume), not about how it sits with other answers (a total that no longer adds up): only
    those are asked again, so that the value alone can settle them."""
    return code.startswith("date-") or code in _VALUE_CODES


def _is_value(value: Any, loc: Loc) -> bool:
    """Whether ``value`` at ``loc`` is an answer a question can ask again (not a list, not a
    part of the brief, not nothing)."""
    question = question_at(loc)
    return (
        question is not None
        and not question.is_list
        and present(value)
        and value is not None
        and not isinstance(value, dict | list)
    )


def _scope(loc: Loc) -> Loc:
    """The part of the brief an answer belongs with: its item of a block, or its group."""
    for index, part in enumerate(loc):
        if isinstance(part, int):
            return loc[: index + 1]
    return loc[:-1]


def _tidy(value: Any, loc: Loc) -> Any:
    """``value`` without empty values, empty mappings and empty trailing items, in place."""
    if isinstance(value, dict):
        for key in list(value):
            here = (*loc, key)
            _tidy(value[key], here)
            child = value[key]
            question = question_at(here)
            empty_list = child == [] and not (question is not None and question.none_allowed)
            if child is None or child == {} or empty_list:
                del value[key]
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _tidy(item, (*loc, index))
        while value and (value[-1] is None or value[-1] == {}):
            value.pop()
    return value


def run_interview(
    path: Path, source: Source, *, today: date, again: bool = False
) -> tuple[Interview, Report]:
    """Run the interview on ``path`` (created or resumed) and assess the brief it leaves."""
    interview = Interview(path, source, today=today, again=again)
    report = interview.run()
    return interview, report
