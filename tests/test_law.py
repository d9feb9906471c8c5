"""The law as firmbrief knows it (issue 25): the law table with a source on every row, the law
by place, ``check`` asking where it does not know, ``firmbrief law CODE``, and a clause table per
jurisdiction and client kind read back from rendered terms."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from firmbrief.briefs.law import TOPICS, rows
from firmbrief.briefs.legal import governing_law
from firmbrief.briefs.loading import parse_brief
from firmbrief.briefs.readiness import assess
from firmbrief.briefs.schema import Brief
from firmbrief.contracts.render import render_brief
from firmbrief.pdf import Renderer

from conftest import EXAMPLES, TODAY, run
from pdf_support import text_of


def _brief(data: dict[str, Any]) -> Brief:
    brief = parse_brief(data).brief
    assert brief is not None
    return brief


def _example(name: str, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = copy.deepcopy(
        yaml.safe_load((EXAMPLES / f"{name}.yaml").read_text("utf-8"))
    )
    for dotted, value in changes.items():
        *path, last = dotted.split("__")
        node = data
        for key in path:
            node = node.setdefault(key, {})
        if value is None:
            node.pop(last, None)
        else:
            node[last] = value
    return data


# --- the table --------------------------------------------------------------------------------


def _entries() -> list[tuple[str, str, dict[str, Any]]]:
    found = []
    for code, row in rows().items():
        for name, entry in row.items():
            found.append((code, name, entry))
            found.extend((code, f"{name}.{k}", v) for k, v in entry.items() if isinstance(v, dict))
    return found


@pytest.mark.parametrize(("code", "name", "entry"), _entries(), ids=lambda v: str(v)[:20])
def test_every_row_of_the_law_table_names_its_source(
    code: str, name: str, entry: dict[str, Any]
) -> None:
    assert name.split(".")[0] in TOPICS, f"{code}: unknown topic {name}"
    source = entry.get("source")
    assert isinstance(source, str) and len(source.strip()) > 5, f"{code}.{name} has no source"


def test_the_countries_where_copyright_cannot_pass() -> None:
    found = {
        code for code, row in rows().items() if row.get("copyright", {}).get("transfer") is False
    }
    assert found == {"DE", "AT", "CZ", "SK", "HU", "HR", "SI"}


# --- the law by place -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "region", "law", "code"),
    [
        ("US", "NY", None, "US-NY"),
        ("US", "TX", None, "US-TX"),
        ("GB", "SCT", None, "GB-SCT"),
        ("GB", "NIR", None, "GB-NIR"),
        ("GB", "WLS", None, "GB-ENG"),  # Wales shares England's law
        ("GB", "GB-LND", None, "GB-ENG"),  # London lies in England
        ("GB", "GB-EDH", None, "GB-SCT"),  # Edinburgh lies in Scotland
        ("CA", "ON", None, "CA-ON"),
        ("AU", "NSW", None, "AU-NSW"),
        ("DE", "BE", None, "DE"),
        ("DE", "BE", "US-NY", "US-NY"),  # the brief's own choice wins
        ("GB", None, "GB-WLS", "GB-ENG"),
    ],
)
def test_the_law_follows_the_freelancers_place(
    country: str, region: str | None, law: str | None, code: str
) -> None:
    data = _example("logo", freelancer__country=country, freelancer__region=region)
    if law:
        data["terms"].setdefault("legal", {})["law"] = law
    assert governing_law(_brief(data)).code == code


@pytest.mark.parametrize(
    ("country", "region", "law", "said"),
    [
        ("US", None, None, "contract law in the United States is the state's: write the state"),
        ("GB", None, None, "contract law in the United Kingdom is the nation's"),
        ("DE", "BE", "US", "contract law in the United States is the state's"),
        ("DE", "BE", "CA-XX", '"CA-XX" is no province or territory firmbrief knows'),
    ],
)
def test_check_asks_for_the_law_where_it_does_not_know(
    country: str, region: str | None, law: str | None, said: str
) -> None:
    data = _example("logo", freelancer__country=country, freelancer__region=region)
    if law:
        data["terms"].setdefault("legal", {})["law"] = law
    report = assess(_brief(data), file="b.yaml", today=TODAY)
    found = [f for f in report.findings if f.loc == ("terms", "legal", "law")]
    assert found and found[0].severity == "error" and said in found[0].message, found
    assert not report.ready


def test_a_brief_must_say_the_clients_kind() -> None:
    data = _example("logo")
    del data["client"]["kind"]
    report = assess(_brief(data), file="b.yaml", today=TODAY)
    assert [f.code for f in report.findings if f.loc == ("client", "kind")] == ["client-kind"]
    assert not report.ready


@pytest.mark.parametrize("law", ["AT", "US-NY", "US-TX", "PL", "SE"])
def test_a_consumer_is_refused_where_firmbrief_has_no_consumer_wording(law: str) -> None:
    data = _example("consumer-wedding")
    data["terms"].setdefault("legal", {})["law"] = law
    report = assess(_brief(data), file="b.yaml", today=TODAY)
    found = [f for f in report.findings if f.code == "consumer-law"]
    assert len(found) == 1 and found[0].loc == ("client", "kind")
    assert "client.kind is consumer" in found[0].message and f"({law})" in found[0].message
    assert not report.ready


def test_rights_that_pass_under_an_unknown_law_are_refused() -> None:
    data = _example("logo")
    data["terms"].setdefault("legal", {})["law"] = "JP"
    report = assess(_brief(data), file="b.yaml", today=TODAY)
    assert [f.loc for f in report.findings if f.code == "rights-law-unknown"] == [
        ("terms", "rights")
    ]


@pytest.mark.parametrize(
    ("formats", "release", "warned"),
    [
        (["PDF", "InDesign"], "after_final_payment", True),
        (["WordPress theme"], "not_included", True),
        (["Figma file"], "after_final_payment", True),
        (["PDF", "PNG"], "after_final_payment", False),
        (["InDesign"], "on_delivery", False),
    ],
)
def test_a_source_format_held_until_payment_is_a_warning(
    formats: list[str], release: str, warned: bool
) -> None:
    data = _example("logo")
    data["deliverables"][2]["formats"] = formats
    data["terms"]["source_release"] = release
    report = assess(_brief(data), file="b.yaml", today=TODAY)
    found = [f for f in report.findings if f.code == "source-format-held"]
    assert bool(found) == warned, found
    if warned:
        assert found[0].loc == ("deliverables", 2, "formats")


# --- firmbrief law ----------------------------------------------------------------------------


def test_firmbrief_law_prints_each_statement_with_its_source() -> None:
    result = run("law", "DE")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "DE: the law of Germany"
    said = lines[1::2]
    sources = lines[2::2]
    assert len(said) == len(sources) >= 6
    assert all(s.startswith("      source: ") for s in sources), result.output
    assert "      source: § 288(2) BGB" in sources
    assert "      source: § 38(1) ZPO" in sources


def test_firmbrief_law_for_a_nation_and_a_state() -> None:
    scotland = run("law", "gb-sct")
    assert scotland.exit_code == 0, scotland.output
    assert scotland.output.startswith("GB-SCT: the law of Scotland\n")
    assert "Late Payment of Commercial Debts (Interest) Act 1998, s. 5A" in scotland.output
    texas = run("law", "US-TX")
    assert texas.exit_code == 0, texas.output
    assert texas.output.startswith("US-TX: the law of the State of Texas\n")
    assert "interest" not in texas.output  # the table states no interest for Texas


def test_firmbrief_law_states_nothing_it_does_not_know() -> None:
    result = run("law", "JP")
    assert result.exit_code == 0, result.output
    assert "firmbrief states nothing of its own under this law" in result.output
    assert "source:" not in result.output
    bare = run("law", "US")
    assert bare.exit_code == 2, bare.output
    assert "write the state, e.g. US-NY" in bare.output


# --- a clause table per jurisdiction and client kind, from rendered terms ---------------------

CASES: dict[str, dict[str, Any]] = {
    "DE-consumer": {},
    "AT-business": {"base": "logo", "terms__legal__law": "AT"},
    "FR-business": {"base": "logo", "terms__legal__law": "FR"},
    "FR-consumer": {"terms__legal__law": "FR"},
    "GB-ENG-consumer": {"terms__legal__law": "GB-ENG"},
    "GB-SCT-business": {"base": "logo", "freelancer__country": "GB", "freelancer__region": "SCT"},
    "US-TX-business": {"base": "website", "freelancer__region": "TX"},
    "PL-business": {"base": "logo", "terms__legal__law": "PL", "currency": "PLN"},
    "SE-business": {"base": "logo", "terms__legal__law": "SE", "currency": "SEK"},
}
"""Each case rendered once (DE business, US-NY business: tests/clause_table.py's logo, podcast)."""

ROWS: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
    (
        "DE-consumer",
        (
            "15 The consumer’s right of withdrawal",
            "You have the right to withdraw from this contract within 14 days without giving any "
            "reason.",
            "§§ 312g, 355, 356, 357a BGB",
            "Model withdrawal form",
            "I ask the freelancer to start work before the withdrawal period ends.",
            "you shall pay us an amount which is in proportion to what has been provided",
            "Lena Hoffmann signs as the client, in person.",
            "Each side is liable to the other as the law of Germany provides",
            "The client may show that the loss is lower",
            "including VAT",
            "at 5 percentage points a year above the base rate of the Deutsche Bundesbank, as "
            "§ 288(1) BGB sets.",
            "Disputes that remain go to the courts the law designates.",
        ),
        (
            "plus VAT",
            "confirms having the authority",
            "counts as received on the next working day",
            "recovering each late invoice",
            "Prices are net",
            "limited to the fees",
        ),
    ),
    (
        "AT-business",
        (
            "at 9,2 percentage points a year above the base rate of the Oesterreichische "
            "Nationalbank, as § 456 UGB sets for payments between businesses",
            "a fixed 40,00 € towards the costs of recovering each late invoice, as § 458 UGB sets",
            "The law of Austria does not allow copyright itself to be transferred",
            "to be named as its author and to object to a distortion of it",
        ),
        ("right of withdrawal", "in every way"),
    ),
    (
        "FR-business",
        (
            "at 10 percentage points a year above the rate of the European Central Bank’s most "
            "recent main refinancing operation, as art. L441-10 II Code de commerce sets",
            "the right to reproduce it",
            "the right to represent it",
            "the right to adapt it",
            "If both sides contract as merchants, disputes",
        ),
        ("the copyright and every other right", "right of withdrawal", "legal person"),
    ),
    (
        "FR-consumer",
        (
            "The consumer’s right of withdrawal",
            "art. L221-18 to L221-28 Code de la consommation",
            "Model withdrawal form",
        ),
        ("percentage points", "merchant"),
    ),
    (
        "GB-ENG-consumer",
        (
            "governed by the law of England and Wales.",
            "You have the right to cancel this contract within 14 days",
            "Consumer Contracts (Information, Cancellation and Additional Charges) Regulations "
            "2013, regs 29-36 and Schedule 3",
            "Model cancellation form",
        ),
        ("Bank of England", "the fixed sum"),
    ),
    (
        "GB-SCT-business",
        (
            "governed by the law of Scotland, where the freelancer has their place of business.",
            "at 8 percentage points a year above the Bank of England’s base rate",
            "£100.00 for a larger debt",
            "the copyright and every other right in that work",
        ),
        ("England and Wales", "right to cancel"),
    ),
    (
        "US-TX-business",
        (
            "governed by the law of the State of Texas, where the freelancer has their place of "
            "business, without regard to its rules on conflicts of laws.",
            "These terms add no interest on late invoices",
            "the copyright and every other right in that work",
        ),
        ("State of Maine", "moral rights", "percentage points"),
    ),
    (
        "PL-business",
        (
            "at 10 percentage points a year above the reference rate of Narodowy Bank Polski",
            "for a debt up to",
            "the right to reproduce it",
        ),
        ("European Central Bank", "Directive 2011/7/EU"),
    ),
    (
        "SE-business",
        (
            "at 8 percentage points a year above the reference rate set by Sveriges Riksbank, as "
            "6 § räntelagen (1975:635) sets",
            "towards the costs of recovering each late invoice, as 4 a § lagen (1981:739)",
        ),
        ("European Central Bank", "40,00 €"),
    ),
]


@pytest.fixture(scope="module")
def law_terms(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, Path]]:
    """Each case's terms, rendered once and read back."""
    renderer = Renderer()
    out = tmp_path_factory.mktemp("law")
    found = {}
    for name, changes in CASES.items():
        changes = dict(changes)
        data = _example(changes.pop("base", "consumer-wedding"), **changes)
        data.setdefault("language", "en")  # the English wording (tests/test_wording_de.py: German)
        path = out / f"{name}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
        done = render_brief(path, today=TODAY, renderer=renderer, out_dir=out, what=("terms",))
        found[name] = (text_of(Path(done.paths[0])), Path(done.paths[0]))
    return found


@pytest.mark.parametrize(("case", "present", "absent"), ROWS, ids=[r[0] for r in ROWS])
def test_the_law_clause_table(
    law_terms: dict[str, tuple[str, Path]],
    case: str,
    present: tuple[str, ...],
    absent: tuple[str, ...],
) -> None:
    text = law_terms[case][0]
    for sentence in present:
        assert sentence in text, f"{case} should say {sentence!r}"
    for sentence in absent:
        assert sentence not in text, f"{case} should not say {sentence!r}"


def test_the_readme_shows_what_firmbrief_law_prints() -> None:
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text("utf-8")
    shown = readme.split("$ firmbrief law GB-SCT\n", 1)[1].split("```", 1)[0]
    assert run("law", "GB-SCT").output == shown


@pytest.mark.parametrize(("law", "days", "refused"), [("FR", 60, False), ("FR", 61, True),
                                                      ("DE", 85, False)])  # fmt: skip
def test_the_french_payment_limit(law: str, days: int, refused: bool) -> None:
    data = _example("logo")
    data["terms"].setdefault("legal", {})["law"] = law
    data["payment"]["due_days"] = days
    report = assess(_brief(data), file="b.yaml", today=TODAY)
    found = [f for f in report.findings if f.code == "payment-limit"]
    assert bool(found) == refused, found
    if refused:
        assert found[0].loc == ("payment", "due_days")
        assert "art. L441-10 I Code de commerce" in found[0].message


def test_the_invoice_mentions_come_from_the_table() -> None:
    from firmbrief.briefs.law import invoice_mentions

    assert "supply_date" in invoice_mentions("DE")
    assert {"penalty_rate", "recovery_fee", "siren", "ei"} <= set(invoice_mentions("FR"))
    assert invoice_mentions("US-NY") == () and invoice_mentions(None) == ()


@pytest.mark.parametrize(("law", "warned"), [("DE", True), ("FR", False)])
def test_a_fixed_liability_cap_is_not_printed_under_german_standard_terms(
    law: str, warned: bool
) -> None:
    data = _example("logo")
    data["terms"].setdefault("legal", {}).update(law=law, liability_cap="5000.00")
    report = assess(_brief(data), file="b.yaml", today=TODAY)
    found = [f.loc for f in report.findings if f.code == "liability-cap-law"]
    assert found == ([("terms", "legal", "liability_cap")] if warned else [])


def test_the_signed_documents_carry_no_hours_or_capacity(
    law_terms: dict[str, tuple[str, Path]],
) -> None:
    import json

    import pypdf

    from firmbrief.briefs.canonical import canonical_data

    _, path = law_terms["AT-business"]  # logo.yaml: hours on every deliverable, a capacity
    source = _brief(_example("logo"))
    assert source.capacity_hours_per_week and all(d.hours for d in source.deliverables)
    attached = json.loads(pypdf.PdfReader(path).attachments["brief.json"][0])
    assert "capacity_hours_per_week" not in attached
    assert all("hours" not in d for d in attached["deliverables"])
    assert all("hours" not in it for it in attached["iterations"])
    assert "capacity_hours_per_week" not in canonical_data(source)
