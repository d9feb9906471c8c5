"""One package to sign: the terms open with a page at a glance for the client, incorporate the
brief as Schedule 1, carry one signature block and print nothing twice; the brief alone is for
review. Drafts and rounds as a timeline, with wording that fits the counts."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from firmbrief.briefs.language import document_locale, language_for
from firmbrief.contracts.catalogues import translations
from firmbrief.contracts.views import Formats
from firmbrief.templates.translations import counted, tax_word

from conftest import EXAMPLES, TODAY, in_language, run
from pdf_support import EXAMPLE_NAMES, Rendered, pages_text, squash, text_of

pytestmark = pytest.mark.slow

_RUNNING = re.compile(r"brief fingerprint [0-9a-f]{16}|Page \d+ of \d+")


def printed_twice(pdf: Path, running: tuple[str, ...] = ()) -> list[str]:
    """The sentences (of 60 characters or more) the PDF's text holds more than once, running
    heads (``running``: the project, the parties) and feet aside: a paragraph printed twice
    repeats its sentences."""
    pages = [_RUNNING.sub(" ", page) for page in pages_text(pdf)]
    for head in running:
        pages = [page.replace(head, " ") for page in pages]
    text = " ".join(pages)
    found = [s for s in re.split(r"(?<=[.!?])\s+", text) if len(s) >= 60]
    assert len(found) > 30
    return sorted({s for s in found if text.count(s) > 1})


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_the_terms_print_no_paragraph_twice(rendered: dict[str, Rendered], name: str) -> None:
    brief = rendered[name].brief
    parties = [p.company or p.name or "" for p in (brief.freelancer, brief.client)]
    running = (f"{brief.title} {parties[0]} · {parties[1]}",)
    assert printed_twice(rendered[name].pdfs["terms"], running) == []


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_one_package_one_signature_the_brief_as_schedule_1(
    rendered: dict[str, Rendered], name: str
) -> None:
    _ = translations(language_for(rendered[name].brief)).gettext  # the example's language
    pages = pages_text(rendered[name].pdfs["terms"])
    text = " ".join(pages)
    assert _("At a glance") in pages[0]
    assert _("At a glance") not in " ".join(pages[1:])
    for party in ("For the client", "For the freelancer"):
        assert text.count(_(party).upper()) == 1
    assert text.count(_("Place and date")) == 2
    signatures = text.index(_("For the client").upper())
    schedule = text.index(_("Schedule 1: the brief"))
    assert signatures < schedule
    # the brief's parts are in the schedule, once
    for heading in map(_, ("Deliverables", "What the client supplies", "Timeline")):
        assert text[schedule:].count(heading.upper()) + text[schedule:].count(heading) >= 1
    assert text.count(_("Accepted when")) == 1


def test_the_page_at_a_glance_for_the_logo(rendered: dict[str, Rendered]) -> None:
    brief = rendered["logo"].brief  # its client is in Berlin: German words, numbers and dates
    language = language_for(brief)
    words = translations(language)
    _ = words.gettext
    fmt = Formats(document_locale(brief), "EUR", 2)
    page = pages_text(rendered["logo"].pdfs["terms"])[0]
    # 4,200.00 net at 19% VAT: 798.00 VAT, 4,998.00 in all
    vat = {"name": tax_word("VAT", language), "amount": fmt.money(Decimal("798.00"))}
    total = f"{fmt.money(Decimal('4998.00'))} {_('in all, of which %(name)s %(amount)s') % vat}"
    assert squash(total) in page
    # 50% of iteration 1 (1,800.00 net) with VAT: 1,071.00 before it starts
    by = _("%(amount)s by %(day)s") % {
        "amount": fmt.money(Decimal("1071.00")),
        "day": fmt.day(date(2027, 1, 11)),
    }
    assert squash(f"{by}: {_('before iteration %(number)s starts') % {'number': 1}}") in page
    formats = _(", as %(formats)s") % {"formats": f"SVG, PNG {_('and')} PDF"}
    assert f"Primary logo and variants: 3 logo variants{formats}" in page
    delivered = _("%(name)s: delivered %(day)s, for your review until %(until)s")
    when = {
        "name": "Discovery and logo concepts",
        "day": fmt.day(date(2027, 2, 5)),
        "until": fmt.day(date(2027, 2, 10)),  # 3 working days
    }
    assert squash(delivered % when) in page
    supplied = _("%(name)s: by %(day)s")
    photos = {"name": "Photos of the shop and the products", "day": fmt.day(date(2027, 1, 6))}
    assert squash(supplied % photos) in page
    within = _("A written answer on each delivery within %(within)s") % {
        "within": counted(language, 3, "working day")
    }
    given = words.ngettext(
        ", given by %(who)s once %(others)s has agreed",
        ", given by %(who)s once %(others)s have agreed",
        1,
    ) % {"who": "Tom Becker", "others": "Anna Becker (co-owner)"}
    assert squash(within + given) in page
    # German: "binnen" wants the dative ("binnen 3 Arbeitstagen"), not the counted word's "3 Arbeitstage"
    assert not re.search(r"binnen \d+ Arbeitstage\b", page)


def test_the_brief_alone_is_for_review(rendered: dict[str, Rendered]) -> None:
    _ = translations(language_for(rendered["logo"].brief)).gettext  # German: a Berlin client
    text = text_of(rendered["logo"].pdfs["brief"])
    assert _("Brief for review").upper() in text
    assert _("Place and date") not in text
    assert _("Place and date") in text_of(rendered["logo"].pdfs["terms"])  # the terms sign


def test_the_logo_timeline(rendered: dict[str, Rendered]) -> None:
    brief = rendered["logo"].brief  # its client is in Berlin: German words and dates
    language = language_for(brief)
    _ = translations(language).gettext
    day = Formats(document_locale(brief), "EUR", 2).day
    three = counted(language, 3, "working day")
    # a word hyphenated at a line's end (‐) whole
    text = text_of(rendered["logo"].pdfs["brief"]).replace("\u2010 ", "")

    def shown(*parts: str) -> str:
        return squash(" ".join(parts))

    # iteration 1: 11 January to 5 February 2027, 20 working days (no holiday in Berlin then);
    # 2 drafts: draft 1 halfway, working day 10 (25 January), comments within 3 working days
    assert (
        shown(
            _("Draft %(number)s of %(of)s") % {"number": 1, "of": 2},
            day(date(2027, 1, 25)),
            _("working day %(day)s") % {"day": 10},
            _("Comments in writing by %(by)s (%(days)s)")
            % {"by": day(date(2027, 1, 28)), "days": three},
        )
        in text
    )
    assert (
        shown(
            _("Draft %(number)s of %(of)s: the delivery for acceptance") % {"number": 2, "of": 2},
            day(date(2027, 2, 5)),
        )
        in text
    )
    assert (
        shown(_("Review until %(by)s (%(days)s)") % {"by": day(date(2027, 2, 10)), "days": three})
        in text
    )
    # its round: feedback by the end of the review, revised work 5 working days later, reviewed
    # for 3 more
    assert (
        shown(
            _("Revision round %(number)s of %(of)s") % {"number": 1, "of": 1},
            _("Revised work by %(day)s") % {"day": day(date(2027, 2, 17))},
            _(
                "Feedback in writing, all at once, by %(by)s; review of the revised work until %(until)s"
            )
            % {"by": day(date(2027, 2, 10)), "until": day(date(2027, 2, 22))},
        )
        in text
    )
    # iteration 2 starts the working day after that round's review (23 February); one draft,
    # the delivery itself
    assert shown(_("Delivery for acceptance"), day(date(2027, 3, 19))) in text
    assert shown(_("Revision round %(number)s of %(of)s") % {"number": 2, "of": 2}) in text


def test_the_wording_fits_one_draft_and_no_rounds(
    brief_data: Callable[[str], dict[str, Any]],
    write_brief: Callable[[dict[str, Any]], Path],
    tmp_path: Path,
) -> None:
    data = brief_data("logo")
    data["language"] = "en"  # the English wording (the logo's Berlin client reads German)
    for it in data["iterations"]:
        it["drafts"], it["revision_rounds"] = 1, 0
    brief = write_brief(data)
    result = run("render", brief, "-o", tmp_path, "--today", TODAY.isoformat(), "-w", "terms")
    assert result.exit_code == 0, result.output
    (terms,) = tmp_path.glob("*-terms.pdf")  # named after the brief's title
    text = text_of(terms)
    assert "Each iteration is delivered once, as the finished work for acceptance" in text
    assert "No revision rounds are included" in text
    for gone in ("not a finished result", "Draft 1 of", "Revision round 1", "A revision round is"):
        assert gone not in text, gone
    assert text.count("None included") == 2


def test_the_terms_bound_acceptance(rendered: dict[str, Rendered], tmp_path: Path) -> None:
    # the English wording: the logo in English (its Berlin client reads German)
    logo = in_language(EXAMPLES / "logo.yaml", tmp_path / "en")
    result = run("render", logo, "-o", tmp_path, "--today", TODAY.isoformat(), "-w", "terms")
    assert result.exit_code == 0, result.output
    text = text_of(tmp_path / "logo-terms.pdf")
    assert "the freelancer sends a written reminder" in text
    assert "5 working days after the reminder was sent, the delivery counts as accepted" in text
    assert "Silence alone, without the reminder, never counts as acceptance" in text
    # German law (the logo's studio is in Berlin): charging for putting right one's own defect
    # is void in standard terms, so every fix is free, with no bound
    assert "Every fix of a missed criterion is free of charge" in text
    assert "after that, a further fix is handled as a revision round" not in text
    # where the law allows it (the website's studio is in Maine), fixes are bounded
    text = text_of(rendered["website"].pdfs["terms"])
    assert (
        "This is done up to 2 times in each iteration; after that, a further fix is handled "
        "as a revision round" in text
    )
    assert "without using up a revision round" not in text


@pytest.mark.parametrize("law", [None, "GB-ENG"], ids=["german-law", "english-law"])
def test_the_record_bounds_the_fixes_as_the_terms_do(logo: Path, law: str | None) -> None:
    """Under German law every fix is free (the terms say so, and the record counts so); under
    English law the third fix of one iteration counts as a revision round, as the terms say."""
    from tracking_support import record, status

    if law is not None:
        data = yaml.safe_load(logo.read_text(encoding="utf-8"))
        data["terms"].setdefault("legal", {})["law"] = law
        logo.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    record(logo, "signed", "--date", "2026-12-01")
    record(logo, "payment", "--amount", "1071", "--date", "2027-01-05")
    record(logo, "materials", "--material", "1", "--material", "2", "--date", "2027-01-06")
    record(logo, "delivered", "-i", "1", "--date", "2027-02-05")
    said = []
    for day in ("08", "10", "12"):
        said.append(record(logo, "revision", "-i", "1", "--fix", "logo#1: blurred at 16 px",
                           "--date", f"2027-02-{day}"))  # fmt: skip
        record(logo, "delivered", "-i", "1", "--date", f"2027-02-{int(day) + 1}")
    rounds = status(logo, "2027-02-15")["iterations"][0]
    if law is None:
        assert all("at no charge (every fix is free under the terms)" in s for s in said)
        assert rounds["revision_rounds"]["used"] == 0
    else:
        assert "fix 1 of 2 at no charge" in said[0] and "fix 2 of 2 at no charge" in said[1]
        assert "beyond the 2 fixes at no charge: it counts as a revision round" in said[2]
        assert rounds["revision_rounds"]["used"] == 1
