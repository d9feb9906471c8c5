"""The names of the documents written for a brief: ``logo.yaml`` gives ``logo-brief.pdf`` and
``logo-terms.pdf``; never a doubled word (``brief.yaml`` does not give ``brief-brief.pdf``, nor
``kettle-brief.yaml`` ``kettle-brief-brief.pdf``). A file named only ``brief`` takes its name
from the brief's title (``Brand identity for a bakery``: ``brand-identity-for-a-bakery-brief.pdf``).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Final

__all__ = ["document_stem"]

_KINDS: Final = re.compile(r"(?:^|[-_. ]+)(?:brief|terms|briefing)$", re.IGNORECASE)
_MAX: Final = 48


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", plain.lower())
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > _MAX:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug


def document_stem(path: Path, title: str | None) -> str:
    """The start of each document's file name for the brief at ``path`` (``title``: its
    title, if known): the file's name without a trailing "brief" or "terms", or the title's
    words when nothing else is left, or ``project``."""
    stem = _KINDS.sub("", path.stem)
    if stem:
        return stem
    return _slug(title or "") or "project"
