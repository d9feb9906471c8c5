"""The terms' clauses, read back from real PDFs: for every clause, the brief fields that change
it and the sentences expected for each value (the table below), every clause present, the paper
size, the figures equal to the money module's, and no paragraph printed twice."""

from __future__ import annotations

import copy
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pypdf
import pytest
import yaml
from clause_table import TABLE, VARIANTS

from firmbrief.briefs.loading import load_brief_file
from firmbrief.briefs.money import formatted
from firmbrief.contracts.clauses import CLAUSES, clauses_for
from firmbrief.contracts.render import render_brief
from firmbrief.pdf import Renderer

from conftest import EXAMPLES, READY_EXAMPLES, TODAY
from pdf_support import A4, LETTER, Rendered, squash, text_of

PAPER = {
    "logo": A4, "translation": A4, "website": LETTER, "podcast": LETTER,
    "logo-it": LETTER,  # terms.paper: Letter
    "podcast-licence": A4,  # terms.paper: A4
}  # fmt: skip


def _set(data: dict[str, Any], dotted: str, value: Any) -> None:
    *path, last = dotted.split(".")
    node: Any = data
    for key in path:
        node = node[int(key)] if key.isdigit() else node.setdefault(key, {})
    if value is None:
        node.pop(last, None)
    else:
        node[last] = value


@pytest.fixture(scope="module")
def terms(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Rendered]:
    """Every variant's terms, rendered once."""
    renderer = Renderer()
    out = tmp_path_factory.mktemp("clauses")
    found = {}
    for name, (base, changes) in VARIANTS.items():
        data = yaml.safe_load((EXAMPLES / f"{base}.yaml").read_text("utf-8"))
        data = copy.deepcopy(data)
        for dotted, value in changes.items():
            _set(data, dotted, value)
        data.setdefault("language", "en")  # the English wording (tests/test_wording_de.py: German)
        path = out / f"{name}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
        done = render_brief(path, today=TODAY, renderer=renderer, out_dir=out, what=("terms",))
        brief = load_brief_file(path).brief
        assert brief is not None
        found[name] = Rendered(brief, path, {"terms": done.paths[0]})
    return found


ROWS = [
    pytest.param(clause, variant, present, absent, id=f"{clause.split()[0]}-{variant}-{i}")
    for clause, rows in TABLE.items()
    for i, (variant, _said, present, absent) in enumerate(rows)
]


@pytest.mark.parametrize(("clause", "variant", "present", "absent"), ROWS)
def test_the_clause_table(
    terms: dict[str, Rendered],
    clause: str,
    variant: str,
    present: tuple[str, ...],
    absent: tuple[str, ...],
) -> None:
    text = text_of(terms[variant].pdfs["terms"])
    for sentence in present:
        assert sentence in text, f"{clause}: {variant} should say {sentence!r}"
    for sentence in absent:
        assert sentence not in text, f"{clause}: {variant} should not say {sentence!r}"


def test_the_table_covers_every_clause_we_added() -> None:
    covered = {key.split()[0] for key in TABLE}
    ours = {"rights", "payment", "late_payment", "delays", "cancellation", "third_party",
            "warranties", "liability", "confidentiality", "contractor", "force_majeure",
            "communication", "law", "entire", "severability", "authority",
            "withdrawal", "review"}  # fmt: skip
    assert ours <= covered
    assert ours <= {key for key, _ in CLAUSES}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_every_clause_is_present_in_order(terms: dict[str, Rendered], variant: str) -> None:
    item = terms[variant]
    text = text_of(item.pdfs["terms"])
    positions = []
    for c in clauses_for(item.brief):
        found = text.find(f"{c.number} {c.title}")
        assert found >= 0, f"{variant}: clause {c.number} {c.title} missing"
        positions.append(found)
    assert positions == sorted(positions)


@pytest.mark.parametrize(("variant", "size"), list(PAPER.items()))
def test_paper_size_follows_the_client_or_the_brief(
    terms: dict[str, Rendered], variant: str, size: tuple[float, float]
) -> None:
    for page in pypdf.PdfReader(terms[variant].pdfs["terms"]).pages:
        box = page.mediabox
        assert (round(float(box.width), 2), round(float(box.height), 2)) == size


def test_the_paper_option_wins_over_the_brief(tmp_path: Path) -> None:
    done = render_brief(EXAMPLES / "podcast.yaml", today=TODAY, out_dir=tmp_path,
                        what=("terms",), paper="a4")  # fmt: skip
    box = pypdf.PdfReader(done.paths[0]).pages[0].mediabox
    assert (round(float(box.width), 2), round(float(box.height), 2)) == A4


def _money(amount: str, currency: str, locale: str) -> str:
    return squash(formatted(Decimal(amount), currency, 2, locale))


def test_the_exit_figures_are_the_money_modules(terms: dict[str, Rendered]) -> None:
    """Logo, iteration 1: 1,800 net, 50% prepaid, 19% VAT; the client ending pays 25% of the
    unpaid 900, the freelancer ending refunds the 1,071 gross prepayment."""
    text = text_of(terms["logo"].pdfs["terms"])
    assert f"that is {_money('225', 'EUR', 'en_DE')} plus VAT" in text
    assert f"the freelancer refunds the {_money('1071', 'EUR', 'en_DE')} paid for it" in text
    # the podcast: 3,800, 40% prepaid, no tax: 25% of 2,280 is 570; the refund 1,520
    text = text_of(terms["podcast"].pdfs["terms"])
    assert f"that is {_money('570', 'USD', 'en_GB')}." in text
    assert f"the freelancer refunds the {_money('1520', 'USD', 'en_GB')} paid for it" in text


def test_one_money_format_per_document(terms: dict[str, Rendered]) -> None:
    text = text_of(terms["podcast"].pdfs["terms"])
    amounts = re.findall(r"(?:US\$|\$|USD ?)[\d,]+\.\d\d|[\d,.]+ ?(?:USD|\$)", text)
    assert amounts and all(a.startswith("US$") for a in amounts), amounts


def _paragraphs(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.:;])\s+(?=[A-Z“])", text) if len(s) > 80]


@pytest.mark.parametrize("example", [p.stem for p in READY_EXAMPLES])
def test_no_paragraph_is_printed_twice(terms: dict[str, Rendered], example: str) -> None:
    counts = Counter(_paragraphs(text_of(terms[example].pdfs["terms"])))
    assert [s for s, n in counts.items() if n > 1] == []


NOT_ISE_VERBS = frozenset(
    "advertise advise arise chastise clockwise comprise compromise concise demise despise devise "
    "disguise enterprise excise exercise expertise franchise improvise likewise merchandise noise "
    "otherwise paradise poise praise precise premise promise raise revise rise supervise "
    "surprise televise wise".split()
)
"""Words that end in -ise in American English too."""


@pytest.mark.parametrize("example", ["podcast", "website"])
def test_american_terms_and_their_brief_have_no_ise_spelling_left(
    terms: dict[str, Rendered], example: str
) -> None:
    """Any -ise verb the templates or catalogues write (not only those listed once) is spelled
    -ize for a client in the US, in the terms and in the brief they attach (Schedule 1)."""
    text = text_of(terms[example].pdfs["terms"])
    assert "emphasizes" in text  # the brief's "When choices come up, the work emphasizes"
    british = {
        word
        for word in re.findall(r"\b[a-z]+is(?:e|es|ed|ing|ation|ations)\b", text.lower())
        if re.sub(r"(s|d|ing|ation|ations)$", "", word).rstrip("e") + "e" not in NOT_ISE_VERBS
    }
    assert british == set()


def test_a_spelling_guard_would_be_seen(terms: dict[str, Rendered]) -> None:
    """The British and American texts differ only where the spelling does: the US terms have
    no British spelling left in the template's own words."""
    text = text_of(terms["podcast"].pdfs["terms"])
    assert not re.search(r"\b(licence|colours|cancelled|organise)\b", text)
