"""The studio's branding for the documents: a ``firmbrief.toml`` beside the brief (or in a folder
above it) and the brief's own ``branding``; a logo must be a PNG, JPEG or SVG in the brief's or
the configuration's folder, checked before it is used."""

from __future__ import annotations

from pathlib import Path
from typing import Final

from firmbrief.briefs.files import dotted
from firmbrief.briefs.profile import CONFIG_NAME, MAX_CONFIG_BYTES, find_config, read_toml
from firmbrief.briefs.schema import Brief
from firmbrief.briefs.terms import Branding
from firmbrief.errors import BriefUnreadable

__all__ = [
    "CONFIG_NAME",
    "MAX_CONFIG_BYTES",
    "MAX_LOGO_BYTES",
    "branding_for",
    "check_logo",
    "find_config",
    "read_config",
]

MAX_LOGO_BYTES: Final = 5_000_000
_MAGIC: Final = ((b"\x89PNG\r\n\x1a\n", "PNG"), (b"\xff\xd8\xff", "JPEG"))


def read_config(path: Path) -> Branding:
    """The branding in a ``firmbrief.toml`` (its ``[branding]`` table: studio, accent, logo;
    the profile's other tables are :mod:`firmbrief.briefs.profile`'s)."""
    from pydantic import ValidationError

    def refuse(message: str, field: str | None = None) -> BriefUnreadable:
        return BriefUnreadable(message, file=str(path), field=field)

    data = read_toml(path)
    try:
        return Branding.model_validate(data.get("branding", {}))
    except ValidationError as invalid:
        first = invalid.errors(include_url=False)[0]
        field = dotted(("branding", *first["loc"]))
        if first["type"] == "string_pattern_mismatch":
            raise refuse("not a colour: write it as #rrggbb, e.g. #1f5f8b", field) from None
        raise refuse(str(first["msg"]), field) from None


def branding_for(brief_path: Path, brief: Brief) -> tuple[Branding, Path | None]:
    """The branding of a brief's documents, and its logo file, checked.

    The brief's own ``branding`` wins; what it leaves unsaid comes from :func:`find_config`.
    A logo is looked for in the folder of the file that names it, and must be an image there.
    """
    own = brief.branding or Branding()
    config = find_config(brief_path)
    shared = read_config(config) if config else Branding()
    branding = Branding(
        studio=own.studio or shared.studio,
        accent=own.accent or shared.accent,
        logo=own.logo or shared.logo,
    )
    logo = None
    if own.logo:
        logo = check_logo(own.logo, source=brief_path)
    elif shared.logo and config:
        logo = check_logo(shared.logo, source=config)
    return branding, logo


def check_logo(logo: str, *, source: Path) -> Path:
    """The logo file named in ``source`` (a brief or a config file), checked: a PNG, JPEG or
    SVG image in ``source``'s folder (or below it)."""

    def refuse(message: str) -> BriefUnreadable:
        return BriefUnreadable(message, file=str(source), field="branding.logo")

    folder = source.resolve().parent
    try:
        path = (folder / logo).resolve(strict=True)
    except (OSError, RuntimeError):
        raise refuse(f"{logo!r} not found: put the logo file beside the brief") from None
    if not path.is_relative_to(folder):
        raise refuse(f"{logo!r} is outside the brief's folder: put the logo beside the brief")
    if not path.is_file():
        raise refuse(f"{logo!r} is not a file")
    with path.open("rb") as handle:
        head = handle.read(MAX_LOGO_BYTES + 1)
    if len(head) > MAX_LOGO_BYTES:
        raise refuse(f"{logo!r} is larger than {MAX_LOGO_BYTES // 1_000_000} MB")
    if not (any(head.startswith(magic) for magic, _ in _MAGIC) or _is_svg(head)):
        raise refuse(f"{logo!r} is not a PNG, JPEG or SVG image")
    return path


def _is_svg(data: bytes) -> bool:
    start = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return start.startswith((b"<?xml", b"<svg", b"<!--")) and b"<svg" in data[:4096]
