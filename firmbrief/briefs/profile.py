"""The business profile: ``firmbrief.toml`` beside a brief (or in a folder above it) holds the
freelancer's business once for all briefs.

``[business]`` has the same keys as a brief's ``freelancer`` (name, company, email, phone,
address, country, region, tax_id, registration, legal_form, role, ``bank`` with holder, iban
and bic, payment_link);
``[invoices]`` the invoice number format and where the invoice register lives; ``[branding]``
the documents' look (read by :mod:`firmbrief.contracts.branding`). A brief may leave out what
the profile gives, and overrides it where it says more: :func:`with_profile` fills the brief's
``freelancer`` from ``[business]`` key by key (the bank account too), before the brief is
validated, so ``check``, the documents and the brief's canonical form and fingerprint all hold
the values used.

The profile is read as strictly as a brief: at most 64 kB of UTF-8 TOML, no unknown table or
key, every value validated by the brief's own schema (an IBAN by its check digits, a VAT number
by its country's rule); a problem is one :class:`~firmbrief.errors.BriefUnreadable` naming the
file and the field (``business.bank.iban``).
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from firmbrief.briefs.files import dotted, printable, read_bounded
from firmbrief.errors import BriefUnreadable

__all__ = [
    "ASKED",
    "CONFIG_NAME",
    "DEFAULT_NUMBER_FORMAT",
    "MAX_CONFIG_BYTES",
    "REGISTER_NAME",
    "Profile",
    "business_problem",
    "find_config",
    "number_format_problem",
    "profile_for",
    "read_profile",
    "read_toml",
    "refuse_existing",
    "profile_text",
    "with_profile",
    "write_profile",
]

CONFIG_NAME: Final = "firmbrief.toml"
MAX_CONFIG_BYTES: Final = 64_000
TABLES: Final = ("business", "invoices", "branding", "dates")
DEFAULT_NUMBER_FORMAT: Final = "{year}-{seq:04d}"
REGISTER_NAME: Final = "invoices.sqlite"
"""The invoice register's file name, beside ``firmbrief.toml`` unless ``[invoices] register``
names another path."""

_INVOICE_KEYS: Final = ("number_format", "register")
ASKED: Final = (
    ("name", True), ("company", False), ("email", True), ("phone", False),
    ("address", True), ("country", True), ("region", False), ("tax_id", False),
    ("bank.holder", False), ("bank.iban", False), ("bank.bic", False),
    ("payment_link", False),
)  # fmt: skip
"""What ``firmbrief init`` asks for ``[business]``, in order, and whether it is needed: the
brief's freelancer's keys (``bank.iban`` is ``[business.bank]``'s ``iban``)."""
_NUMBER: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,29}")


@dataclass(frozen=True, slots=True)
class Profile:
    """A ``firmbrief.toml``: the business (as brief data), and how invoices are numbered and
    registered."""

    path: Path
    business: dict[str, Any]
    number_format: str = DEFAULT_NUMBER_FORMAT
    register: Path | None = None  # as given; relative to the file's folder
    date_order: str | None = None  # [dates] order: DMY or MDY, for every brief that says none

    @property
    def register_path(self) -> Path:
        """Where the invoice register lives: as given (relative to this file's folder), or
        :data:`REGISTER_NAME` beside this file."""
        folder = self.path.resolve().parent
        return folder / (self.register or REGISTER_NAME)


def find_config(brief_path: Path) -> Path | None:
    """The ``firmbrief.toml`` that applies to a brief: in its folder, or (for a brief in your
    home folder) in the nearest folder above it, up to your home folder."""
    folder = brief_path.resolve().parent
    home = Path.home().resolve()
    candidates = [folder, *folder.parents] if folder.is_relative_to(home) else [folder]
    for candidate in candidates:
        if (candidate / CONFIG_NAME).is_file():
            return candidate / CONFIG_NAME
        if candidate == home:
            break
    return None


def read_toml(path: Path) -> dict[str, Any]:
    """The tables of a ``firmbrief.toml``, with no unknown table in it."""
    import tomllib

    raw = read_bounded(path, MAX_CONFIG_BYTES, kind="a firmbrief config")  # regular files only
    if len(raw) > MAX_CONFIG_BYTES:
        raise BriefUnreadable(
            f"larger than {MAX_CONFIG_BYTES // 1000} kB: not a firmbrief config", file=str(path)
        )
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise BriefUnreadable(f"not TOML ({error})", file=str(path)) from None
    for key, value in data.items():
        if key not in TABLES:
            raise BriefUnreadable(
                f"unknown table or key {key!r}: the tables are [business], [invoices], "
                "[branding] and [dates]",
                file=str(path),
                field=key,
            )
        if not isinstance(value, dict):
            raise BriefUnreadable(f"[{key}] should be a table", file=str(path), field=key)
    return data


def read_profile(path: Path) -> Profile:
    """The business profile in the ``firmbrief.toml`` at ``path``, validated."""

    data = read_toml(path)
    business = data.get("business", {})
    if found := business_problem(business):
        raise BriefUnreadable(found[1], file=str(path), field=found[0])
    invoices = data.get("invoices", {})
    for key in invoices:
        if key not in _INVOICE_KEYS:
            raise BriefUnreadable(
                f"unknown key {key!r}: [invoices] has number_format and register",
                file=str(path),
                field=f"invoices.{key}",
            )
    number_format = invoices.get("number_format", DEFAULT_NUMBER_FORMAT)
    if not isinstance(number_format, str) or (problem := number_format_problem(number_format)):
        said = "should be text" if not isinstance(number_format, str) else problem
        raise BriefUnreadable(str(said), file=str(path), field="invoices.number_format")
    register = invoices.get("register")
    if register is not None and (not isinstance(register, str) or not register.strip()):
        raise BriefUnreadable(
            "should be the path of the register file, e.g. invoices.sqlite",
            file=str(path),
            field="invoices.register",
        )
    dates = data.get("dates", {})
    order = dates.get("order")
    if set(dates) - {"order"} or order not in (None, "DMY", "MDY"):
        raise BriefUnreadable(
            "[dates] has one key, order: DMY (15/03/2027) or MDY (03/15/2027), the order "
            "all-numeric dates are read in for every brief that declares none",
            file=str(path),
            field="dates.order",
        )
    return Profile(
        path=path,
        business=business,
        number_format=number_format,
        register=Path(register).expanduser() if register else None,
        date_order=order,
    )


def business_problem(business: dict[str, Any]) -> tuple[str, str] | None:
    """The first problem of a ``[business]`` table as ``(field, message)``
    (``("business.bank.iban", ...)``), or ``None``: the brief's own validators (the
    freelancer's schema, the tax number's rule). ``init`` asks with the same rule."""
    from pydantic import ValidationError

    from firmbrief.briefs.explain import explain
    from firmbrief.briefs.parties import Freelancer

    try:
        validated = Freelancer.model_validate(business)
    except ValidationError as invalid:
        first = invalid.errors(include_url=False)[0]
        loc = ("business", *first["loc"])
        message = (
            f'unknown field "{first["loc"][-1]}"'
            if first["type"] == "extra_forbidden"
            else explain(first)
        )
        return dotted(loc), message
    if validated.tax_id:
        from firmbrief.briefs.banking import check_tax_number

        judged = check_tax_number(validated.tax_id, validated.country)
        if judged.problem and judged.severity == "error":
            return "business.tax_id", judged.problem
    if validated.registration:
        from firmbrief.briefs.registration import check_registration

        found = check_registration(validated.registration, validated.country)
        if found.problem and found.severity == "error":
            return "business.registration", found.problem
    return None


def number_format_problem(pattern: str) -> str | None:
    """Why ``pattern`` cannot number invoices, or ``None``: it must use ``{seq}`` (with an
    optional format such as ``{seq:04d}``) and may use ``{year}``, nothing else, and give
    numbers of at most 30 letters, digits and ``. _ / -``."""
    try:
        parts = list(string.Formatter().parse(pattern))
    except ValueError as error:
        return f"{pattern!r} is not a number format ({error})"
    names = [name for _, name, _, _ in parts if name is not None]
    if unknown := [name for name in names if name not in ("seq", "year")]:
        return f"{pattern!r} uses {{{unknown[0]}}}: only {{year}} and {{seq}} are known"
    if "seq" not in names:
        return f"{pattern!r} has no {{seq}}: write e.g. {DEFAULT_NUMBER_FORMAT}"
    if any(conversion for _, _, _, conversion in parts):
        return f"{pattern!r}: no conversions (!r, !s) in a number format"
    try:
        samples = [pattern.format(year=2027, seq=seq) for seq in (1, 99999)]
    except (ValueError, TypeError) as error:
        return f"{pattern!r} is not a number format ({error})"
    if bad := next((s for s in samples if not _NUMBER.fullmatch(s)), None):
        return (
            f"{pattern!r} gives {bad!r}: an invoice number is at most 30 letters, digits and "
            ". _ / - (starting with a letter or digit)"
        )
    return None


def with_profile(data: dict[str, Any], business: dict[str, Any]) -> dict[str, Any]:
    """Brief ``data`` with its ``freelancer`` filled from the profile's ``business``: every key
    the brief leaves out (or leaves empty) comes from the profile; the bank account key by key.
    A ``freelancer`` that is not a mapping is left for the schema to refuse."""
    if not business:
        return data
    own = data.get("freelancer", {})
    if own is None:
        own = {}
    if not isinstance(own, dict):
        return data
    merged = dict(own)
    for key, value in business.items():
        if key == "bank" and isinstance(value, dict) and isinstance(own.get("bank"), dict):
            bank = dict(own["bank"])
            for part, given in value.items():
                if bank.get(part) in (None, ""):
                    bank[part] = given
            merged["bank"] = bank
        elif merged.get(key) in (None, ""):
            merged[key] = value
    return {**data, "freelancer": merged}


def profile_for(brief_path: Path) -> Profile | None:
    """The profile that applies to the brief at ``brief_path``, if there is one."""
    config = find_config(brief_path)
    return read_profile(config) if config else None


def profile_text(business: dict[str, Any], *, number_format: str = DEFAULT_NUMBER_FORMAT) -> str:
    """The ``firmbrief.toml`` holding ``business`` and ``number_format``, as TOML text."""
    import json

    def value(given: Any) -> str:
        return json.dumps(given, ensure_ascii=False)  # a JSON string is a TOML basic string

    lines = [
        "# Your business profile, written by `firmbrief init`: every brief in this folder (and",
        "# below it, in your home folder) takes the freelancer's details from it.",
        "",
        "[business]",
    ]
    lines += [f"{k} = {value(v)}" for k, v in business.items() if not isinstance(v, dict)]
    for key, table in business.items():
        if isinstance(table, dict):
            lines += ["", f"[business.{key}]", *(f"{k} = {value(v)}" for k, v in table.items())]
    lines += ["", "[invoices]", f"number_format = {value(number_format)}", ""]
    return "\n".join(lines)


def refuse_existing(path: Path, *, force: bool) -> None:
    """:class:`BriefUnreadable` if a profile is at ``path`` already and ``force`` is not given
    (``init`` asks nothing then)."""
    if (path.exists() or path.is_symlink()) and not force:
        raise BriefUnreadable(
            "a profile is here already: nothing written; edit it, or run `firmbrief init "
            "--force` to replace it",
            file=printable(str(path)),
        )


def write_profile(
    path: Path, business: dict[str, Any], *, number_format: str, force: bool = False
) -> Profile:
    """Check ``business`` and ``number_format`` as :func:`read_profile` does and write them as
    ``path`` (a ``firmbrief.toml``); an existing profile is replaced only with ``force``.
    :class:`BriefUnreadable` naming the field, and nothing written, if anything is wrong."""
    from firmbrief.atomic import write_text_atomic

    refuse_existing(path, force=force)
    if problem := business_problem(business):
        raise BriefUnreadable(problem[1], file=printable(str(path)), field=problem[0])
    if said := number_format_problem(number_format):
        raise BriefUnreadable(said, file=printable(str(path)), field="invoices.number_format")
    text = profile_text(business, number_format=number_format)
    import tomllib

    try:  # what is written is TOML the loader reads back, or nothing is written
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise BriefUnreadable(f"cannot be written as TOML ({error})", file=str(path)) from None
    write_text_atomic(path, text)
    return read_profile(path)  # read back by the loader every command uses
