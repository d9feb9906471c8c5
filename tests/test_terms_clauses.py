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

from firmbrief.briefs.loading import load_brief_file
from firmbrief.briefs.money import formatted
from firmbrief.contracts.clauses import CLAUSES, clauses_for
from firmbrief.contracts.pdf import Renderer
from firmbrief.contracts.render import render_brief

from conftest import EXAMPLES, READY_EXAMPLES, TODAY
from pdf_support import A4, LETTER, Rendered, squash, text_of

# --- the variants: an example with some fields changed, rendered once each ------------------

VARIANTS: dict[str, tuple[str, dict[str, Any]]] = {
    "logo": ("logo", {}),
    "translation": ("translation", {}),
    "website": ("website", {}),
    "podcast": ("podcast", {}),
    "logo-fr": (
        "logo",
        {
            "terms.legal.law": "FR",
            "terms.rights": "non_exclusive_licence",
            "terms.portfolio_from": "2027-06-01",
            "terms.legal.third_party_costs": "freelancer",
            "terms.legal.third_party": "none",
            "terms.legal.liability_cap": "5000.00",
            "terms.legal.confidential_years": 1,
            "terms.legal.force_majeure_days": 60,
            "terms.legal.notices": "By registered letter to the addresses above",
            "cancellation.cure_days": 21,
            "cancellation.notice_days": 30,
            "payment.end_after_days": 60,
        },
    ),
    "logo-at": (
        "logo",
        {"terms.legal.law": "AT", "terms.portfolio": False, "terms.legal.confidential_years": 0},
    ),
    "logo-it": ("logo", {"terms.legal.law": "IT", "terms.paper": "Letter"}),
    "logo-gb": ("logo", {"terms.legal.law": "GB", "freelancer.entity": "company"}),
    "logo-consumer": ("logo", {"client.company": None, "client.tax_id": None}),
    "logo-no-route": ("logo", {"freelancer.bank": None}),
    "podcast-licence": (
        "podcast",
        {
            "terms.rights": "exclusive_licence",
            "terms.territory": "in the United States and Canada",
            "terms.term": "for five years",
            "terms.paper": "A4",
            "payment.interest_rate": None,
            "deliverables.1.name": "Colour trailer",
        },
    ),
}

# --- the table: clause, the fields that change it, the sentences for each value ------------
# (variant, present, absent): every sentence in "present" is printed, none of "absent".

Row = tuple[str, str, tuple[str, ...], tuple[str, ...]]

TABLE: dict[str, list[Row]] = {
    "rights (terms.rights, terms.legal.law, territory, term, portfolio, portfolio_from)": [
        (
            "logo",
            "rights: transfer, law of Germany (freelancer's country)",
            (
                "passes once that iteration has been paid in full",
                "the exclusive right to use that work in every way, worldwide and for as long as the "
                "rights last, including the right to change it and to pass these rights on",
                "The law of Germany does not allow copyright itself to be transferred",
                "once the client has published it",
            ),
            ("the copyright and every other right",),
        ),
        (
            "logo-at",
            "law: AT; portfolio: false",
            (
                "The law of Austria does not allow copyright itself to be transferred",
                "does not show the work in a portfolio or anywhere else without the client’s written "
                "consent",
            ),
            ("may show the final work",),
        ),
        (
            "podcast",
            "rights: transfer, law: US-NY; portfolio_from",
            (
                "the copyright and every other right in that work, worldwide and for as long as the "
                "rights last. From then on the client owns it",
                "from 1 June 2027 on",
            ),
            ("does not allow copyright itself",),
        ),
        (
            "logo-fr",
            "rights: non_exclusive_licence, law: FR",
            (
                "a non-exclusive licence to use that work, worldwide and for as long as the rights last",
                "The freelancer keeps the rights and may license the work to others.",
                "from 1 June 2027 on",
            ),
            ("does not allow copyright itself", "once the client has published it"),
        ),
        (
            "podcast-licence",
            "rights: exclusive_licence, territory, term (US spelling)",
            (
                "an exclusive license to use that work, in the United States and Canada, for five "
                "years",
            ),
            ("licence to use",),
        ),
        (
            "translation",
            "rights: licence (worded in the brief)",
            (
                "this licence to that work:",
                "Exclusive right to publish the French translation",
                "All other rights stay with the freelancer.",
            ),
            (),
        ),
    ],
    "payment (instalments, freelancer.bank, freelancer.payment_link)": [
        (
            "logo",
            "bank account",
            (
                "A prepayment is due on the day its iteration starts (the date shown below); a "
                "balance is due 14 days after its iteration is accepted.",
                "The client pays by bank transfer to Jensen Studio, IBAN DE89 3704 0044 0532 0130 00, "
                "BIC COBADEFFXXX, quoting the invoice number.",
            ),
            ("Invoices are due within",),
        ),
        (
            "podcast",
            "bank account and payment link",
            (
                "IBAN GB33 BUKB 2020 1555 5555 55, BIC BUKBGB22, quoting the invoice number, or "
                "online at https://pay.example.com/okafor-audio.",
                "a balance is due 30 days after its iteration is accepted",
            ),
            (),
        ),
        (
            "website",
            "payment link only",
            ("The client pays online at https://pay.example.com/rivera-web-works",),
            ("IBAN",),
        ),
        (
            "logo-no-route",
            "neither",
            ("How the client pays (a bank account or a payment link) is not said yet.",),
            ("IBAN",),
        ),
    ],
    "late_payment (law, client business or not, payment.interest_rate, end_after_days)": [
        (
            "logo",
            "DE, business client",
            (
                "at 9 percentage points a year above the base rate of the Deutsche Bundesbank, as § "
                "288 of the German Civil Code (BGB) sets for payments between businesses",
                "a fixed 40,00 € towards the costs of recovering each late invoice",
                "If an invoice is still unpaid 30 days after its due date, the freelancer may end",
            ),
            (),
        ),
        (
            "logo-consumer",
            "DE, consumer client",
            (
                "at 5 percentage points a year above the base rate of the Deutsche Bundesbank, as § "
                "288 of the German Civil Code (BGB) sets.",
            ),
            ("40,00 €", "between businesses"),
        ),
        (
            "translation",
            "FR",
            (
                "at 10 percentage points a year above the rate of the European Central Bank’s most "
                "recent main refinancing operation, as article L441-10 of the French Commercial Code",
            ),
            (),
        ),
        (
            "logo-it",
            "IT: the Directive",
            (
                "at 8 percentage points a year above the rate of the European Central Bank’s most "
                "recent main refinancing operation, as Directive 2011/7/EU",
            ),
            (),
        ),
        (
            "logo-at",
            "AT",
            (
                "at 9,2 percentage points a year above the base rate of the "
                "Oesterreichische Nationalbank",
            ),
            (),
        ),
        (
            "logo-gb",
            "GB: the Late Payment Act",
            (
                "at 8 percentage points a year above the Bank of England’s base rate",
                "40,00 £ for a debt under 1.000,00 £, 70,00 £ under 10.000,00 £, and 100,00 £ above",
            ),
            (),
        ),
        (
            "podcast",
            "interest_rate: 9",
            ("A late invoice bears interest at 9% a year",),
            ("percentage points",),
        ),
        (
            "website",
            "US, no rate",
            (
                "These terms add no interest on late invoices; what the law itself provides still "
                "applies.",
            ),
            ("percentage points",),
        ),
        (
            "logo-fr",
            "end_after_days: 60, cure_days: 21",
            (
                "still unpaid 60 days after its due date",
                "after a written reminder and 21 further days to pay",
            ),
            (),
        ),
    ],
    "delays (cancellation.cure_days)": [
        (
            "logo",
            "default",
            (
                "at least 14 days after the freelancer receives it",
                "Each side tells the other in writing as soon as it knows",
            ),
            (),
        ),
        ("logo-fr", "cure_days: 21", ("at least 21 days after the freelancer receives it",), ()),
    ],
    "cancellation (notice_days, cure_days, fee_percent, payment.end_after_days)": [
        (
            "logo",
            "default",
            (
                "it then ends 14 days after the notice is received",
                "has not put it right within 14 days of receiving it",
                "If the client ends it at will, or the freelancer ends it for a cause on the client’s "
                "side",
                "If the freelancer ends it at will, or the client ends it for a cause on the "
                "freelancer’s side, no fee is due",
            ),
            (),
        ),
        (
            "logo-fr",
            "notice_days: 30, cure_days: 21, end_after_days: 60",
            (
                "it then ends 30 days after the notice is received",
                "has not put it right within 21 days of receiving it",
                "the client has not paid an invoice 60 days after its due date",
            ),
            (),
        ),
    ],
    "third_party (terms.legal.third_party_costs, third_party)": [
        (
            "logo",
            "client pays, not said",
            ("Once the client has agreed in writing, the client pays for it",),
            ("Expected for this project",),
        ),
        (
            "podcast",
            "items listed",
            (
                "Expected for this project: music licensed from a stock "
                "library and a podcast hosting plan",
            ),
            (),
        ),
        (
            "logo-fr",
            "freelancer pays, none",
            ("are included in the price", "None are expected for this project."),
            ("the client pays for it",),
        ),
    ],
    "warranties": [
        (
            "logo",
            "always",
            (
                "The freelancer promises that the work is their own",
                "The client promises that it may use every material it supplies",
            ),
            (),
        ),
    ],
    "liability (terms.legal.liability_cap, law)": [
        (
            "logo",
            "default",
            (
                "limited to the fees the client has paid under it",
                "anything else the law of Germany does not allow",
            ),
            (),
        ),
        (
            "logo-fr",
            "cap 5000",
            ("limited to 5.000,00 €.", "anything else the law of France does not allow"),
            ("fees the client has paid",),
        ),
    ],
    "confidentiality (terms.legal.confidential_years)": [
        ("logo", "3", ("This lasts for 3 years after the agreement ends",), ()),
        ("logo-fr", "1", ("This lasts for 1 year after the agreement ends",), ()),
        ("logo-at", "0", ("This lasts for as long as the agreement runs.",), ()),
    ],
    "contractor": [
        (
            "logo",
            "always",
            ("The freelancer works as an independent business, not as the client’s employee.",),
            (),
        ),
    ],
    "force_majeure (terms.legal.force_majeure_days)": [
        ("logo", "30", ("If the hindrance lasts more than 30 days, either side may end",), ()),
        ("logo-fr", "60", ("If the hindrance lasts more than 60 days, either side may end",), ()),
    ],
    "communication (terms.legal.notices)": [
        ("logo", "default", ("and claims are sent by email to these addresses.",), ()),
        (
            "logo-fr",
            "said",
            ("and claims are sent as follows: By registered letter to the addresses above.",),
            ("by email to these addresses",),
        ),
    ],
    "law (terms.legal.law, terms.legal.venue)": [
        (
            "logo",
            "freelancer's country",
            (
                "governed by the law of Germany, where the freelancer has their place of business.",
                "go to the courts competent for the freelancer’s place of business",
            ),
            (),
        ),
        (
            "podcast",
            "US-NY and a venue",
            (
                "governed by the law of the State of New York, without regard to its rules on "
                "conflicts of laws.",
                "go to the state and federal courts located in New York County, New York",
            ),
            ("place of business,",),
        ),
        ("website", "US-ME", ("the law of the State of Maine",), ()),
        ("logo-gb", "GB", ("the law of England and Wales.",), ()),
    ],
    "entire": [
        (
            "logo",
            "always",
            ("the brief wins on what is delivered and these terms win on everything else",),
            (),
        ),
    ],
    "severability": [
        ("logo", "always", ("If part of this agreement is not valid or cannot be enforced",), ()),
    ],
    "authority (client.signatory, freelancer.entity, freelancer.company)": [
        (
            "logo",
            "approver signs; freelancer trades under a name",
            (
                "Tom Becker, Owner, signs for Kettle & Crumb GmbH and confirms having the authority",
                "Mara Jensen signs as the freelancer, in person.",
                "agreed between Mara Jensen, trading as Jensen Studio (“the freelancer”)",
            ),
            (),
        ),
        (
            "translation",
            "signatory",
            (
                "Katrin Lindner, Managing Director (Geschäftsführerin), signs for Lindenblatt Verlag "
                "GmbH",
            ),
            ("Jonas Weber, Editor, signs",),
        ),
        (
            "website",
            "a company",
            (
                "Sam Rivera signs for Rivera Web Works LLC and confirms the same.",
                "agreed between Rivera Web Works LLC (“the freelancer”)",
            ),
            ("trading as",),
        ),
        ("logo-gb", "entity: company", ("Mara Jensen signs for Jensen Studio",), ("trading as",)),
    ],
    "spelling (client.country)": [
        (
            "podcast",
            "US client: American",
            ("wording, colors, sizes", "rights and licenses in clause"),
            ("colours",),
        ),
        (
            "logo",
            "DE client: British",
            ("wording, colours, sizes", "rights and licences in clause"),
            ("colors",),
        ),
        ("podcast-licence", "the brief's own words are kept", ("Colour trailer",), ()),
    ],
}

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
            "communication", "law", "entire", "severability", "authority"}  # fmt: skip
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


def test_a_spelling_guard_would_be_seen(terms: dict[str, Rendered]) -> None:
    """The British and American texts differ only where the spelling does: the US terms have
    no British spelling left in the template's own words."""
    text = text_of(terms["podcast"].pdfs["terms"])
    assert not re.search(r"\b(licence|colours|cancelled|organise)\b", text)
