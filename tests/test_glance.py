"""The page at a glance (issue 25, item 8), read back from the rendered terms: it answers what
happens if the client is late or unhappy, what ending costs each side and when rights and source
files pass, with the clauses' own figures and numbers; its payments run in date order and add up
to its total, a paid test task included. The layout around it: page 1 is never left blank, a
table's total stands once under the whole table, no page ends on a heading, and table headers
are in sentence case in the brief, the terms and the invoice."""

from __future__ import annotations

import re
import subprocess
from datetime import date, datetime
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_languages import _english_words, _logo_in

from firmbrief.briefs.language import language_for
from firmbrief.briefs.loading import load_brief_file
from firmbrief.contracts.catalogues import translations
from firmbrief.contracts.render import render_brief
from firmbrief.pdf import Renderer
from firmbrief.templates import folder

from conftest import EXAMPLES, READY_EXAMPLES, TODAY, in_language, run
from invoice_support import SIGNED, business
from pdf_support import EXAMPLE_NAMES, Rendered, no_space, squash, text_of

pytestmark = pytest.mark.slow

TITLES = {
    "materials": "Client materials",
    "review": "Review and acceptance",
    "revisions": "Revision rounds",
    "late_payment": "Late payment",
    "cancellation": "Ending the agreement",
    "rights": "Rights in the work",
    "source": "Source and working files",
    "previews": "Previews",
    "withdrawal": "The consumer’s right of withdrawal",
}
"""The clauses the page cites, by the title their heading carries in the terms."""


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory, renderer: Renderer) -> dict[str, Rendered]:
    """Every ready example's terms in English (the Berlin and Paris clients' copies in German
    and French say the same in their words): these tests read the English clauses' wording."""
    out = tmp_path_factory.mktemp("english")
    found = {}
    for example in READY_EXAMPLES:
        copy = in_language(example, out / example.stem)
        done = render_brief(copy, today=TODAY, renderer=renderer, out_dir=out, what=["terms"])
        brief = load_brief_file(copy).brief
        assert brief is not None and brief.language == "en"
        found[example.stem] = Rendered(brief, copy, {"terms": done.paths[0]})
    return found


_MONEY = re.compile(r"(?:US\$|\$|£)?\d[\d., ]*\d(?: ?€)?")


def _glance(pdf: Path) -> str:
    """The page at a glance: the terms' text before the preamble."""
    text = text_of(pdf)
    assert "At a glance" in text
    return text.split("These terms of work are agreed", 1)[0]


def _part(glance: str, heading: str, following: str | None) -> str:
    start = glance.index(heading) + len(heading)
    end = glance.index(following, start) if following else len(glance)
    return glance[start:end]


def _number(text: str, title: str) -> int:
    """The number of the clause headed ``title`` in the terms' text."""
    found = re.findall(rf"(?<![\d.,])(\d{{1,2}}) {re.escape(title)}(?= [A-Z])", text)
    assert found, title
    return int(found[0])


def _amount(text: str) -> Decimal:
    """``1.071,00 €``, ``US$1,520.00``, ``3 360,00 €`` as a number."""
    digits = re.sub(r"[^\d.,]", "", text)
    whole, cents = re.fullmatch(r"([\d.,]*?)[.,](\d{2})", digits).groups()  # type: ignore[union-attr]
    return Decimal(re.sub(r"[.,]", "", whole) + "." + cents)


def _day(text: str) -> date:
    for pattern in ("%d %B %Y", "%B %d, %Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise AssertionError(f"not a date: {text!r}")


# --- 1. the client's questions, with the clauses' own figures and numbers ---------------------


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_the_glance_says_what_lateness_unhappiness_and_ending_cost_citing_the_clauses(
    english: dict[str, Rendered], name: str
) -> None:
    item = english[name]
    terms = text_of(item.pdfs["terms"])
    glance = _glance(item.pdfs["terms"])
    clauses = terms[len(glance) :]
    number = {key: _number(clauses, title) for key, title in TITLES.items()
              if key != "withdrawal" or item.brief.client.kind == "consumer"}  # fmt: skip
    late = _part(glance, "If you are late", "If you are not happy")
    unhappy = _part(glance, "If you are not happy", "Ending early")
    ending = _part(glance, "Ending early", "When the work is yours")
    yours = _part(glance, "When the work is yours", None)

    # late: materials move the dates, an unanswered delivery, a late invoice
    assert f"by the working days it is late; the prices stay (clause {number['materials']})" in late
    reminder = re.search(r"has still not answered (\d+ working days?) after the reminder", clauses)
    assert (
        reminder
        and f"accepted {reminder[1]} after a written reminder (clause {number['review']})" in late
    )
    cited = f"{number['late_payment']} and {number['cancellation']}"
    unpaid = re.search(r"has not paid an invoice (\d+ days) after its due date", clauses)
    assert (
        unpaid
        and f"{unpaid[1]} after its due date the freelancer may end the agreement (clauses {cited})"
        in late
    )
    if interest := re.search(r"at (\d+) percentage points a year above", clauses):
        assert (
            f"interest at {interest[1]} percentage points a year above the reference rate "
            f"clause {number['late_payment']} names" in late
        )
    elif agreed := re.search(r"bears interest at (\S+%) a year", clauses):
        assert f"interest at {agreed[1]} a year (clause {number['late_payment']})" in late
    else:
        assert "These terms add no interest on late invoices" in clauses
        assert (
            "These terms add no interest on a late invoice; what the law provides still "
            f"applies (clause {number['late_payment']})" in late
        )

    # unhappy: free fixes, the rounds, a further round's price as the clause states it
    assert "put right free of charge" in unhappy
    assert f"within the review period (clause {number['review']})" in unhappy
    assert f"clause {number['revisions']})" in unhappy
    further = re.search(r"Each further round costs (.+?)(?:, and| including)", clauses)
    if further:
        assert f"A further round costs {further[1]}." in unhappy

    # ending: the notice, the fee during an iteration as the clause's worked example has it
    notice = re.search(r"it then ends (\d+ days?) after the notice", clauses)
    assert (
        notice
        and f"it ends {notice[1]} after the notice arrives (clause {number['cancellation']})"
        in ending
    )
    example = re.search(r"“([^”]+)” \(price .+?\) means paying (\d+%) of the remaining .+?, "
                        r"that is (.+?)\. ", clauses)  # fmt: skip
    assert example, clauses
    assert f"{example[2]} of its unpaid rest: {example[3]} more during “{example[1]}”" in ending
    refund = re.search(r"the freelancer refunds the (.+?) paid for it", clauses)
    assert refund and "no fee is due and you get back what you paid" in ending
    if item.brief.client.kind == "consumer":
        days = re.search(r"within (\d+) days without giving any reason", clauses)
        assert (
            days
            and f"withdraw within {days[1]} days of signing, without giving a reason "
            f"(clause {number['withdrawal']})"
            in ending
        )
    else:
        assert "withdraw" not in ending

    # rights after each iteration's payment in full; source files as the clause says
    assert (
        f"paid in full (clause {number['rights']}); until then you may review it, not "
        f"publish it (clause {number['previews']})" in yours
    )
    source = f"(clause {number['source']})"
    if "handed over once the final payment" in clauses:
        assert f"Source and working files: after the final payment {source}" in yours
    elif "Source and working files are not part of this agreement" in clauses:
        assert f"Source and working files are not included {source}" in yours
    else:
        assert f"Source and working files: with each delivery {source}" in yours


def test_ending_before_an_iteration_starts_costs_the_share_the_law_allows(
    english: dict[str, Rendered],
) -> None:
    """German standard terms: the client ending before iteration 1 starts pays the fee's share
    of its prepayment and gets the rest back; in New York the prepayment is kept."""
    brief = english["logo"].brief
    first = brief.iterations[0].price
    assert first is not None and brief.tax is not None and brief.tax.rate is not None
    share = Decimal(brief.payment.prepayment_percent) / 100
    prepaid = first * share * (1 + brief.tax.rate / 100)
    back = prepaid * (1 - Decimal(brief.cancellation.fee_percent) / 100)
    ending = _part(_glance(english["logo"].pdfs["terms"]), "Ending early", "When the work")
    said = re.search(r"get the rest back: (.+?) of the first one’s (.+?)\. ", ending)
    assert said, ending
    assert (_amount(said[1]), _amount(said[2])) == (back.quantize(Decimal("0.01")), prepaid)
    podcast = _part(_glance(english["podcast"].pdfs["terms"]), "Ending early", "When the work")
    assert "If you end it before an iteration starts, its prepayment is not refunded" in podcast


# --- 2. payments in date order, adding up to the total, a paid test task among them -----------


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_the_payments_run_in_date_order_and_add_up_to_the_total(
    english: dict[str, Rendered], name: str
) -> None:
    costs = _part(_glance(english[name].pdfs["terms"]), "It costs", "You supply and decide")
    total = _amount(_MONEY.findall(costs)[0])
    listed = re.findall(
        rf"({_MONEY.pattern}) by (\d+ [A-Z][a-z]+ \d{{4}}|[A-Z][a-z]+ \d+, \d{{4}})", costs
    )
    assert len(listed) >= 4, costs
    days = [_day(day) for _, day in listed]
    assert days == sorted(days), costs
    assert sum(_amount(amount) for amount, _ in listed) == total, costs
    task = english[name].brief.test_task
    if task is not None and task.price:
        assert "the test task, once it is delivered" in costs
        assert re.search(r", the test task’s \S+ ?€? included", costs), costs


# --- 3. the layout: page 1, a table's total, headings, headers ---------------------------------


def _raw_pages(pdf: Path, language: str = "en") -> list[list[str]]:
    """Each page's lines as drawn (pdftotext -raw), without the running head and foot (a line
    on most pages) and the draft's marks, in the document's ``language``."""
    _ = translations(language).gettext
    done = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
                          check=True)  # fmt: skip
    foot = rf"{_('Page')} \d+ {_('of')} \d+$"
    mark = _("DRAFT — not ready to sign").split()[0]  # "DRAFT", "ENTWURF"
    pages = []
    for page in done.stdout.split("\f"):
        lines = [squash(line) for line in page.splitlines() if squash(line)]
        lines = [line for line in lines
                 if not re.search(foot, line) and mark not in line]  # fmt: skip
        if lines:
            pages.append(lines)
    running = {line for line in pages[1]
               if sum(line in lines for lines in pages) > len(pages) // 2}  # fmt: skip
    return [[line for line in lines if line not in running] for lines in pages]


class _Headings(HTMLParser):
    """The text of every h1-h3 and th of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.open: str | None = None
        self.found: dict[str, list[str]] = {"h": [], "th": []}
        self.text = ""

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("h1", "h2", "h3", "th") and self.open is None:
            self.open, self.text = tag, ""

    def handle_endtag(self, tag: str) -> None:
        if tag == self.open:
            self.found["th" if tag == "th" else "h"].append(squash(self.text))
            self.open = None

    def handle_data(self, data: str) -> None:
        if self.open:
            self.text += " " + data


def _long_brief(tmp_path: Path, iterations: int = 2) -> Path:
    """The logo brief with long goals and 14 long deliverables; ready to sign with the
    example's 2 iterations, a draft with more (on the same dates)."""
    data = yaml.safe_load((EXAMPLES / "logo.yaml").read_text("utf-8"))
    words = "a long sentence about what the work must do for the shop and its customers"
    data["goals"] = [f"Goal {n}: {words}, {words}." for n in range(1, 9)]
    data["summary"] = " ".join([words.capitalize() + "."] * 12)
    base = data["deliverables"][0]
    data["deliverables"] = [
        base | {"id": f"item-{n}", "name": f"Deliverable {n} with a long name",
                "volume": f"{n} variants, {words}", "description": words}
        for n in range(1, 15)
    ]  # fmt: skip
    if iterations == 2:  # the example's own two iterations, which check accepts
        data["iterations"][0]["deliverables"] = [f"item-{n}" for n in range(1, 8)]
        data["iterations"][1]["deliverables"] = [f"item-{n}" for n in range(8, 15)]
    else:  # more, all on the first one's dates: a draft
        first = data["iterations"][0]
        data["iterations"] = [
            first | {"name": f"Stage {n}", "deliverables": [f"item-{n}"]}
            for n in range(1, iterations + 1)
        ]
    path = tmp_path / "long.yaml"
    path.write_text(yaml.dump(data, Dumper=_Plain, allow_unicode=True, sort_keys=False), "utf-8")
    return path


class _Plain(yaml.SafeDumper):
    """Every value written out (a brief allows no YAML aliases)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _render(brief: Path, out: Path, *args: str) -> Path:
    result = run("render", brief, "--today", TODAY.isoformat(), "-o", out, "--what", "terms",
                 "--html", *args)  # fmt: skip
    assert result.exit_code == 0, result.output
    return out / f"{brief.stem}-terms.pdf"


def _language(brief: Path) -> str:
    """The language the brief's documents are written in (German for the Berlin logo)."""
    loaded = load_brief_file(brief).brief
    assert loaded is not None
    return language_for(loaded)


def test_a_long_glance_flows_from_page_1_and_no_page_ends_on_a_heading(tmp_path: Path) -> None:
    brief = _long_brief(tmp_path)
    language = _language(brief)
    _ = translations(language).gettext
    pdf = _render(brief, tmp_path / "out")
    pages = _raw_pages(pdf, language)
    first = " ".join(pages[0])
    assert _("At a glance") in first and _("You get") in first
    assert "Deliverable 1 with a long name" in first  # the glance starts on page 1 and flows
    assert _("When the work is yours") not in first
    parser = _Headings()
    parser.feed(pdf.with_suffix(".html").read_text("utf-8"))
    headings = {h for h in parser.found["h"] if h}
    assert {_("At a glance"), _("You get"), _("Goals")} <= headings
    ends = [lines[-1] for lines in pages[:-1]]
    assert [line for line in ends if line in headings] == [], ends


def test_a_tables_total_stands_once_under_the_whole_table(tmp_path: Path) -> None:
    # the English clause's table (the German clause writes its headers itself, not through the
    # catalogue)
    brief = in_language(_long_brief(tmp_path, iterations=14), tmp_path / "en")
    pdf = _render(brief, tmp_path / "out", "--draft")
    pages = _raw_pages(pdf)
    header = "# Payment Due Net VAT Gross"
    spans = [n for n, lines in enumerate(pages) if header in lines]
    assert len(spans) >= 2, "the payments table must cross a page break for this test"
    totals = [(n, line) for n, lines in enumerate(pages) for line in lines
              if line.startswith("Total ")]  # fmt: skip
    assert len(totals) == 1, totals
    assert totals[0][0] == spans[-1]  # under the table's last part


def test_table_headers_are_in_sentence_case_in_the_brief_the_terms_and_the_invoice(
    tmp_path: Path,
) -> None:
    logo = business(tmp_path / "business")
    out = tmp_path / "out"
    result = run("render", logo, "--today", TODAY.isoformat(), "-o", out, "--html")
    assert result.exit_code == 0, result.output
    invoice = run("invoice", logo, "--date", SIGNED)
    assert invoice.exit_code == 0, invoice.output
    made = Path(invoice.stdout.split(": ", 1)[0].removeprefix("wrote "))
    texts = {kind: text_of(out / f"logo-{kind}.pdf") for kind in ("brief", "terms")}
    texts["invoice"] = text_of(made)
    for kind in ("brief", "terms"):
        parser = _Headings()
        parser.feed((out / f"logo-{kind}.html").read_text("utf-8"))
        words = [th for th in parser.found["th"] if re.search("[A-Za-z]{2}", th)]
        assert len(words) >= 4, words
        for th in words:
            assert th[0].isupper() or not th[0].isalpha(), th
            assert no_space(th) in no_space(texts[kind]), f"{kind}: header {th!r} not as written"
    _ = translations(_language(logo)).gettext  # the Berlin client's German
    columns = " ".join(_(h) for h in ("Deliverable", "Volume", "Formats", "Accepted when"))
    assert columns in texts["brief"]
    assert f"{_('Description')} {_('Net')} {_('VAT')} 19% {_('Gross')}" in texts["invoice"]
    totals = f"{_('Net')} 900,00 € {_('VAT')} 19% 171,00 € {_('Total due')} 1.071,00 €"
    assert totals in texts["invoice"]  # its totals
    headers = ("Deliverable", "Volume", "Formats", "Accepted when", "Material", "Needed for",
               "Payment", "Net", "Gross", "Description", "Total due")  # fmt: skip
    upper = "|".join(re.escape(_(h).upper()) for h in headers)
    for kind, text in texts.items():
        shouting = re.findall(rf"\b(?:{upper})(?!\w)", text)
        assert shouting == [], (kind, shouting)


# --- 4. in the client's language --------------------------------------------------------------


@pytest.fixture
def every_wording(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if the terms' clauses were worded in every language for every law (the glance is
    translated whatever the clauses are)."""
    import firmbrief.briefs.language

    wording = dict.fromkeys(firmbrief.briefs.language.LANGUAGES)
    monkeypatch.setattr(firmbrief.briefs.language, "LEGAL_WORDING", wording)


@pytest.mark.usefixtures("every_wording")
@pytest.mark.parametrize("language", ["de", "fr", "es"])
def test_the_glance_in_the_clients_language_has_no_english_word_left(
    tmp_path: Path, language: str
) -> None:
    brief = _logo_in(tmp_path / language, language, "Kundentext")
    # the clauses in English under the language's name, where its own wording is not written
    # yet: only the glance is read here
    ours = tmp_path / "templates" / "clauses" / language
    ours.mkdir(parents=True)
    for clause in (folder() / "clauses").glob("*.html"):
        if not (folder() / "clauses" / language / clause.name).exists():
            (ours / clause.name).write_text(clause.read_text("utf-8"), "utf-8")
    result = run("render", brief, "--today", TODAY.isoformat(), "-o", tmp_path / "out",
                 "--what", "terms", "--templates", tmp_path / "templates")  # fmt: skip
    assert result.exit_code == 0, result.output
    pages = [" ".join(lines) for lines in _raw_pages(tmp_path / "out" / "logo-terms.pdf")]
    last = translations(language).gettext("When the work is yours")
    assert last != "When the work is yours"
    end = next(n for n, page in enumerate(pages) if last in page)
    glance = " ".join(pages[: end + 1]).replace("\u2010 ", "")
    for heading in ("If you are late", "If you are not happy", "Ending early"):
        assert translations(language).gettext(heading) in glance, heading
    english = _english_words(language)
    assert {"late", "happy", "ending", "rights"} & english  # the list holds the new words
    found = {w.lower() for w in re.findall(r"[A-Za-z]{4,}", glance)} & english
    assert found == set(), f"English words {sorted(found)}\n{glance}"


def test_a_consumer_under_english_law_is_told_they_may_cancel(tmp_path: Path) -> None:
    data = yaml.safe_load((EXAMPLES / "consumer-wedding.yaml").read_text("utf-8"))
    data["terms"].setdefault("legal", {})["law"] = "GB-ENG"
    brief = tmp_path / "wedding.yaml"
    brief.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    pdf = _render(brief, tmp_path / "out", "--draft")
    text = text_of(pdf)
    glance = _part(_glance(pdf), "Ending early", "When the work is yours")
    cancel = _number(
        text[text.index("These terms of work are agreed") :], "The consumer’s right of withdrawal"
    )
    assert "Right of cancellation" in text  # the clause's own word
    days = re.search(r"cancel this contract within (\d+) days without giving any reason", text)
    assert days, text
    assert (
        f"As a consumer you may cancel within {days[1]} days of signing, without giving a reason "
        f"(clause {cancel})" in glance
    )


def test_without_a_prepayment_ending_before_an_iteration_starts_is_not_priced(
    tmp_path: Path,
) -> None:
    """A 0% prepayment: nothing is paid before an iteration starts, so the page states no
    figure for ending then (settle has nothing to settle), and the fee during one still
    stands."""
    data = yaml.safe_load((EXAMPLES / "logo.yaml").read_text("utf-8"))
    data["payment"]["prepayment_percent"] = 0
    brief = tmp_path / "logo.yaml"
    brief.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    brief = in_language(brief, tmp_path / "en")  # the English glance's words
    ending = _part(_glance(_render(brief, tmp_path / "out", "--draft")), "Ending early", "When")
    assert "before an iteration starts" not in ending
    fee = data["cancellation"]["fee_percent"]
    assert (
        f"During an iteration, you pay what you have paid of it and {fee}% of its unpaid "
        "rest:" in ending
    )
