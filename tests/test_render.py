"""firmbrief render: the brief and the terms as PDFs, read back as a client's tools read them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pypdf
import pytest

from firmbrief.briefs.canonical import canonical_json, fingerprint
from firmbrief.briefs.language import document_locale, language_for
from firmbrief.briefs.loading import load_brief_file
from firmbrief.briefs.locales import locale_for
from firmbrief.briefs.plan import plan_of
from firmbrief.contracts.catalogues import translations
from firmbrief.contracts.clauses import clauses_for
from firmbrief.contracts.render import render_brief
from firmbrief.contracts.views import Formats
from firmbrief.pdf import Renderer

from conftest import EXAMPLES, TODAY, in_language, run
from pdf_support import (
    DRAFT,
    EXAMPLE_NAMES,
    Rendered,
    no_space,
    pages_text,
    squash,
    text_of,
)

pytestmark = pytest.mark.slow


# --- the command ---------------------------------------------------------------------------------


def test_render_writes_both_documents_named_after_the_brief(tmp_path: Path) -> None:
    result = run("render", EXAMPLES / "logo.yaml", "-o", tmp_path, "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        str(tmp_path / "logo-brief.pdf"),
        str(tmp_path / "logo-terms.pdf"),
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["logo-brief.pdf", "logo-terms.pdf"]


def test_render_writes_beside_the_brief_by_default(tmp_path: Path) -> None:
    brief = tmp_path / "kettle.yaml"
    shutil.copy(EXAMPLES / "logo.yaml", brief)
    result = run("render", brief, "--what", "terms", "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{tmp_path / 'kettle-terms.pdf'}\n"
    assert (tmp_path / "kettle-terms.pdf").read_bytes().startswith(b"%PDF-")
    assert not (tmp_path / "kettle-brief.pdf").exists()


def test_an_unready_brief_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    result = run("render", EXAMPLES / "defects.yaml", "-o", tmp_path, "--today", TODAY.isoformat())
    assert result.exit_code == 1, result.output
    assert "not ready to start" in result.stderr
    assert '"ASAP" is not a calendar date' in result.stderr  # the findings, as check prints them
    assert result.stderr.rstrip().endswith(
        "not ready to sign, nothing written (fix the errors above, or render a marked draft "
        "with --draft)"
    )
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_a_refused_brief_never_loads_weasyprint(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from firmbrief.commands.app import main\n"
        f"code = main(['render', {str(EXAMPLES / 'defects.yaml')!r}, '-o', {str(tmp_path)!r}])\n"
        "print(code, 'weasyprint' in sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.stderr.splitlines()[-1] == "1 False", done.stderr


def test_draft_marks_every_page(tmp_path: Path) -> None:
    renderer = Renderer()
    done = render_brief(
        EXAMPLES / "defects.yaml", today=TODAY, renderer=renderer, out_dir=tmp_path, draft=True
    )
    assert renderer.refused == [] and renderer.warnings == []
    brief = load_brief_file(EXAMPLES / "defects.yaml").brief
    assert brief is not None
    draft = translations(language_for(brief)).gettext(DRAFT)  # the client's language
    assert draft != DRAFT  # the Berlin café reads German
    for pdf in done.paths:
        pages = pages_text(pdf)
        assert len(pages) >= 2
        for number, page in enumerate(pages, start=1):
            assert draft in page, f"{pdf.name} page {number}"
    result = run(
        "render", EXAMPLES / "defects.yaml", "-o", tmp_path / "cli", "--draft", "-w", "brief"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{tmp_path / 'cli' / 'defects-brief.pdf'}\n"


def test_a_ready_brief_has_no_draft_mark(rendered: dict[str, Rendered]) -> None:
    for item in rendered.values():
        draft = translations(language_for(item.brief)).gettext(DRAFT)  # the example's language
        for pdf in item.pdfs.values():
            assert draft not in text_of(pdf)


def test_a_vague_today_is_refused() -> None:
    result = run("render", EXAMPLES / "logo.yaml", "--today", "soon")
    assert result.exit_code == 2
    assert result.stderr.startswith('error: --today: "soon" is not a calendar date')


# --- what the documents say ---------------------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_date_amount_and_party_is_in_the_documents(
    rendered: dict[str, Rendered], name: str
) -> None:
    item = rendered[name]
    brief, plan = item.brief, plan_of(item.brief)
    english = language_for(brief) == "en"  # else the client's language's conventions
    fmt = Formats(locale_for(brief) if english else document_locale(brief), plan.currency,
                  plan.digits)  # fmt: skip
    # a word hyphenated at a line's end (‐) whole: French hyphenates the example's English words
    brief_text, terms_text = (
        text_of(item.pdfs[k]).replace("\u2010 ", "") for k in ("brief", "terms")
    )

    def show(value: str) -> str:
        return squash(value)

    schedule = [
        day
        for it in plan.iterations
        for day in (it.start, it.delivery, it.review_ends)
        if day is not None
    ]
    materials = [m.due for m in plan.materials if m.due is not None]
    for day in schedule + materials:
        assert show(fmt.day(day)) in brief_text, day
        assert show(fmt.day(day)) in terms_text, day
    for payment in plan.payments:
        assert payment.due is not None
        assert show(fmt.day(payment.due)) in terms_text
        for amount in (payment.amounts.net, payment.amounts.tax, payment.amounts.gross):
            assert show(fmt.money(amount)) in terms_text, amount
    totals = plan.totals
    for amount in (totals.net, totals.tax, totals.gross):
        assert show(fmt.money(amount)) in terms_text
    if brief.payment.extra_round_price is not None:
        extra = plan.pricing.split(brief.payment.extra_round_price)
        # a consumer is shown what they pay: the price with its tax
        shown = extra.gross if brief.client.kind == "consumer" else brief.payment.extra_round_price
        assert show(fmt.money(shown)) in terms_text
    for party in (brief.freelancer, brief.client):
        for value in (party.name, party.company, party.email):
            if value:
                assert value in brief_text and value in terms_text
    assert brief.client.approver and brief.client.approver.name
    assert brief.client.approver.name in brief_text
    for goal in brief.goals:
        assert no_space(goal) in no_space(brief_text)
    for deliverable in brief.deliverables:
        assert deliverable.volume and deliverable.volume in brief_text
        for criterion in deliverable.acceptance:
            assert no_space(criterion) in no_space(brief_text)
            assert no_space(criterion) in no_space(terms_text)


def test_money_and_dates_are_written_for_the_freelancers_country(
    rendered: dict[str, Rendered],
) -> None:
    logo = text_of(rendered["logo"].pdfs["terms"])  # German: a Berlin client, German law
    assert "11. Januar 2027" in logo
    assert "900,00 € 171,00 € 1.071,00 €" in logo  # the first prepayment: net, VAT, gross
    assert "4.200,00 € 798,00 € 4.998,00 €" in logo  # the totals
    assert "Die Preise sind Nettopreise; hinzu kommt Umsatzsteuer in Höhe von 19%." in logo
    website = text_of(rendered["website"].pdfs["terms"])
    assert "March 1, 2027" in website
    assert "$1,200.00 $0.00 $1,200.00" in website
    assert "$10,500.00" in website
    assert "Web design services are not subject to Maine sales tax." in website
    translation = text_of(rendered["translation"].pdfs["terms"])
    assert "3 300,00 €" in translation
    assert "Autoliquidation : TVA due par le preneur" in translation
    assert "60,00 €" in translation  # the paid test task


def test_the_terms_number_their_clauses_as_the_notices_cite_them(
    rendered: dict[str, Rendered],
) -> None:
    for item in rendered.values():
        text = text_of(item.pdfs["terms"])
        positions = []
        title = translations(language_for(item.brief)).gettext  # the example's language
        for clause in clauses_for(item.brief):
            heading = f"{clause.number} {title(clause.title)}"
            assert heading in text, heading
            positions.append(text.index(heading))
        assert positions == sorted(positions)
    assert "Test tasks" not in text_of(rendered["logo"].pdfs["terms"])


def test_the_terms_say_what_protects_both_sides(
    rendered: dict[str, Rendered], renderer: Renderer, tmp_path: Path
) -> None:
    english = in_language(EXAMPLES / "logo.yaml", tmp_path / "en")  # the English clauses' words
    done = render_brief(english, today=TODAY, renderer=renderer, out_dir=tmp_path, what=["terms"])
    logo = text_of(done.paths[0])
    for words in (
        "An early draft shows a direction to react to, not a finished result",
        "Each further round costs 280,00 € plus VAT",
        "A change of scope changes what the brief describes",
        "move by the number of working days it was late",
        "the delivery counts as accepted",
        "Work on an iteration starts only once its prepayment has been received",
        "shown with a watermark",
        "handed over once the final payment",
        "passes once that iteration has been paid in full",
        "9 percentage points a year above the base rate of the Deutsche Bundesbank",
        "what it has paid of it and 25% of its unpaid rest, as a flat sum for the freelancer’s "
        "loss; for an iteration not yet started, 25% of what it has paid of it, and the rest is "
        "refunded. The client may show that the loss is lower",
        "Email counts as writing",
    ):
        assert words in logo, words
    translation = text_of(rendered["translation"].pdfs["terms"])
    assert "Exclusive right to publish the French translation" in translation
    # in French (the example's language), under French law
    assert "Les fichiers sources et de travail ne font pas partie du présent contrat" in translation
    assert "Tout travail d’essai est rémunéré" in translation


def test_the_terms_are_signed_once_and_the_brief_is_for_review(
    rendered: dict[str, Rendered],
) -> None:
    for item in rendered.values():
        _ = translations(language_for(item.brief)).gettext  # the example's language
        terms = text_of(item.pdfs["terms"])
        assert terms.count(_("Place and date")) == 2 and terms.count(_("Signature")) >= 2
        agreed = _("Both sides agree to these terms of work and to Schedule 1, the brief, which "
                   "is part of them.")  # fmt: skip
        signed = terms.split(agreed[:30], 1)[1]
        signs = item.brief.client.signatory or item.brief.client.approver
        assert signs and signs.name and signs.name in signed[:400]
        assert item.brief.freelancer.name and item.brief.freelancer.name in signed[:400]
        brief = pages_text(item.pdfs["brief"])
        assert _("Place and date") not in " ".join(brief)
        review = _("This brief is for review. It is signed once, as Schedule 1 of the terms of "
                   "work with the same fingerprint: one set of documents and one signature for "
                   "both.")  # fmt: skip
        assert review.split(". ", 1)[1][:40] in brief[-1]


# --- what every PDF carries ---------------------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_each_pdf_carries_the_canonical_brief_and_its_fingerprint_on_every_page(
    rendered: dict[str, Rendered], name: str
) -> None:
    item = rendered[name]
    expected = canonical_json(item.brief)
    print_ = fingerprint(item.brief)
    _ = translations(language_for(item.brief)).gettext  # the example's language
    for kind, pdf in item.pdfs.items():
        reader = pypdf.PdfReader(pdf)
        assert reader.attachments["brief.json"] == [expected], kind
        json.loads(expected)  # and it is JSON
        pages = pages_text(pdf)
        assert len(pages) == len(reader.pages) >= 2
        for number, page in enumerate(pages, start=1):
            assert f"{_('brief fingerprint')} {print_}" in page, f"{kind} page {number}"
            assert f"{_('Page')} {number} {_('of')} {len(pages)}" in page


def test_the_attachment_is_the_same_bytes_every_time(
    rendered: dict[str, Rendered], tmp_path: Path, renderer: Renderer
) -> None:
    again = render_brief(
        EXAMPLES / "logo.yaml",
        today=date(2027, 1, 4),
        renderer=renderer,
        out_dir=tmp_path,
        what=("brief",),
    )
    first = pypdf.PdfReader(rendered["logo"].pdfs["brief"]).attachments["brief.json"]
    assert pypdf.PdfReader(again.paths[0]).attachments["brief.json"] == first


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_each_pdf_has_document_metadata(rendered: dict[str, Rendered], name: str) -> None:
    item = rendered[name]
    assert item.brief.title
    _ = translations(language_for(item.brief)).gettext  # the example's language
    freelancer = item.brief.freelancer.company or item.brief.freelancer.name
    for kind, pdf in item.pdfs.items():
        meta = pypdf.PdfReader(pdf).metadata
        assert meta is not None
        assert (
            meta.title
            == f"{_('Brief') if kind == 'brief' else _('Terms of work')}: {item.brief.title}"
        )
        assert meta.author == freelancer
        assert meta.subject and item.brief.title in meta.subject
        assert meta.creation_date is not None
        assert meta.creation_date.date() == TODAY
        assert f"brief fingerprint {fingerprint(item.brief)}" in str(meta["/Keywords"])


def test_our_templates_load_nothing_refused_and_warn_nothing(
    rendered: dict[str, Rendered], renderer: Renderer
) -> None:
    assert rendered  # every example has been rendered through this renderer
    assert renderer.refused == []
    assert renderer.warnings == []
