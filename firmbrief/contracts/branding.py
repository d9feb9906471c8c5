"""The studio's branding for the documents: a ``firmbrief.toml`` beside the brief (or in a folder
above it) and the brief's own ``branding``; a logo must be a PNG, JPEG or SVG in the brief's or
the configuration's folder, checked before it is used."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

from firmbrief.briefs.explain import shown
from firmbrief.briefs.files import dotted, read_bounded
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
    "svg_problem",
]

MAX_LOGO_BYTES: Final = 5_000_000
MAX_LOGO_PIXELS: Final = 10_000
MAX_USE_NESTING: Final = 3
"""How deep an SVG logo may nest ``<use>`` (a use of a group that uses another...)."""
MAX_SVG_ELEMENTS: Final = 10_000
"""How many elements an SVG logo may stand for, once every ``<use>`` is copied out."""
_CSS_URL_OUT: Final = re.compile(r"url\(\s*['\"]?\s*(?!#)")
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
    SVG image in ``source``'s folder (or below it), a regular file, at most
    :data:`MAX_LOGO_BYTES`; a PNG at most :data:`MAX_LOGO_PIXELS` a side; an SVG
    self-contained, without a DTD, and with ``<use>`` nested at most :data:`MAX_USE_NESTING`
    deep and expanding to at most :data:`MAX_SVG_ELEMENTS` elements (a few nested ``<use>``
    that each repeat the one below ten times make billions)."""
    name = shown(logo)

    def refuse(message: str) -> BriefUnreadable:
        return BriefUnreadable(message, file=str(source), field="branding.logo")

    folder = source.resolve().parent
    try:
        path = (folder / logo).resolve(strict=True)
    except (OSError, RuntimeError, ValueError):
        raise refuse(f"{name} not found: put the logo file beside the brief") from None
    if not path.is_relative_to(folder):
        raise refuse(f"{name} is outside the brief's folder: put the logo beside the brief")
    try:
        head = read_bounded(path, MAX_LOGO_BYTES, kind="an image")
    except BriefUnreadable as unreadable:
        raise refuse(f"{name} {unreadable.message}") from None
    if len(head) > MAX_LOGO_BYTES:
        raise refuse(f"{name} is larger than {MAX_LOGO_BYTES // 1_000_000} MB")
    if head.startswith(_MAGIC[0][0]):
        size = _png_size(head)
        if size is None:
            raise refuse(
                f"{name} is not a valid PNG: the format requires its header (IHDR, 13 bytes) as "
                "the first chunk. Save the image again as PNG"
            )
        width, height = size
        if max(width, height) > MAX_LOGO_PIXELS:
            raise refuse(
                f"{name} is {width} x {height} pixels; a logo is at most "
                f"{MAX_LOGO_PIXELS} pixels a side"
            )
    elif _is_svg(head):
        if problem := svg_problem(head):
            raise refuse(f"{name}: {problem}")
    elif not any(head.startswith(magic) for magic, _ in _MAGIC):
        raise refuse(f"{name} is not a PNG, JPEG or SVG image")
    return path


def _png_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG's header, which the format puts first (IHDR, 13 bytes, right
    after the signature); ``None`` when it is not there: no other chunk may come before it."""
    if len(data) < 33 or data[8:12] != (13).to_bytes(4, "big") or data[12:16] != b"IHDR":
        return None
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def _is_svg(data: bytes) -> bool:
    start = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return start.startswith((b"<?xml", b"<svg", b"<!--")) and b"<svg" in data[:4096]


def svg_problem(data: bytes) -> str | None:
    """Why an SVG is not usable as a logo, or ``None``."""
    import xml.etree.ElementTree as ElementTree

    lowered = data.lower()
    if b"<!doctype" in lowered or b"<!entity" in lowered:
        return "an SVG with a DTD (<!DOCTYPE or <!ENTITY) is not used: save it without one"
    try:
        root = ElementTree.fromstring(data)
    except (ElementTree.ParseError, ValueError, RecursionError):
        return "is not a readable SVG image"
    elements = list(root.iter())
    if len(elements) > MAX_SVG_ELEMENTS:
        return f"has more than {MAX_SVG_ELEMENTS:,} elements: not a logo"
    ids = {el.get("id"): el for el in elements if el.get("id")}
    for element in elements:
        for key, value in element.attrib.items():
            if key.rsplit("}", 1)[-1] == "href" and not value.strip().startswith("#"):
                return f"refers to another file ({shown(value)}): a logo must be self-contained"
        if element.tag.rsplit("}", 1)[-1] == "style" and _CSS_URL_OUT.search(element.text or ""):
            return "its style refers to another file: a logo must be self-contained"
        if _CSS_URL_OUT.search(element.get("style", "")):
            return "its style refers to another file: a logo must be self-contained"
    sizes: dict[int, tuple[int, int]] = {}

    def expanded(element: ElementTree.Element, path: tuple[int, ...]) -> tuple[int, int]:
        """How many elements ``element`` stands for once every ``<use>`` in it is copied out,
        and how deep ``<use>`` nests in it."""
        if id(element) in sizes:
            return sizes[id(element)]
        total, nesting = 1, 0
        for child in element:
            size, deep = expanded(child, path)
            total, nesting = total + size, max(nesting, deep)
        if element.tag.rsplit("}", 1)[-1] == "use":
            href = next((v for k, v in element.attrib.items() if k.endswith("href")), "")
            target = ids.get(href.strip()[1:])
            if target is not None:
                if id(target) in path:
                    raise _TooMuch("uses itself through <use>: not a logo")
                size, deep = expanded(target, (*path, id(target)))
                total, nesting = total + size, max(nesting, deep + 1)
        if nesting > MAX_USE_NESTING:
            raise _TooMuch(f"nests <use> more than {MAX_USE_NESTING} deep: not a logo")
        if total > MAX_SVG_ELEMENTS:
            raise _TooMuch(
                f"its <use> elements repeat it into more than {MAX_SVG_ELEMENTS:,} elements: "
                "not a logo"
            )
        sizes[id(element)] = total, nesting
        return total, nesting

    try:
        expanded(root, ())
    except _TooMuch as too_much:
        return str(too_much)
    except RecursionError:
        return "is nested too deep: not a logo"
    return None


class _TooMuch(Exception):
    pass
