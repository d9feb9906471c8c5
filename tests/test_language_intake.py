"""The client's answers read back in the client's language: amounts by the locale's rule.

tests/data/amount_readings.tsv is read by briefs/money.py's ``read_amount`` and by its twin on
the questionnaire page, templates/amount.js (run with node, as tests/test_firmdate_js.py runs
firmdate.js): both must read every row the same way.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from firmbrief.briefs import money

ROOT = Path(__file__).resolve().parent.parent
AMOUNT_JS = ROOT / "firmbrief" / "templates" / "amount.js"
TABLE = Path(__file__).resolve().parent / "data" / "amount_readings.tsv"
_MARKS = {"<SP>": " ", "<NBSP>": "\u00a0", "<NNBSP>": "\u202f"}


def readings() -> list[tuple[str, str, str]]:
    lines = [line for line in TABLE.read_text("utf-8").splitlines() if not line.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    table = []
    for row in rows:
        text = row["text"]
        for mark, space in _MARKS.items():
            text = text.replace(mark, space)
        table.append((text, row["locale"], row["expected"]))
    return table


def python(text: str, locale: str) -> str:
    try:
        return str(money.read_amount(text, locale))
    except money.AmountUnclear as refused:
        return "!unclear" if " could be " in str(refused) else "!unreadable"


HARNESS = r"""
const fs = require("fs");
const Amount = require(process.argv[1]);
const rows = JSON.parse(fs.readFileSync(0, "utf8"));
const out = rows.map(([text, symbols]) => Amount.create(symbols).parse(text));
process.stdout.write(JSON.stringify(out));
"""


def javascript(rows: list[tuple[str, str]]) -> list[str]:
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        pytest.fail("node is needed to test templates/amount.js: run scripts/install-system-deps")
    symbols = [(text, dict(zip(("group", "point"), money.amount_symbols(locale), strict=True)))
               for text, locale in rows]  # fmt: skip
    done = subprocess.run(
        [node, "-e", HARNESS, str(AMOUNT_JS)],
        input=json.dumps(symbols),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    results: list[dict[str, Any]] = json.loads(done.stdout)
    return [str(r["value"]) if r["ok"] else "!" + str(r["kind"]) for r in results]


@pytest.mark.parametrize(("text", "locale", "expected"), readings())
def test_an_amount_is_read_by_the_locales_rule(text: str, locale: str, expected: str) -> None:
    assert python(text, locale) == expected


def test_the_page_reads_every_amount_of_the_table_as_python_does() -> None:
    table = readings()
    js = javascript([(text, locale) for text, locale, _ in table])
    mismatches = [
        (text, locale, expected, got)
        for (text, locale, expected), got in zip(table, js, strict=True)
        if got != expected
    ]
    assert not mismatches


@pytest.mark.parametrize(
    ("typed", "locale", "message"),
    [
        ("1.200", "en", '"1.200" could be 1200 or 1.2: write 1,200.00 or 1.20'),
        ("1,200", "de", '"1,200" could be 1200 or 1.2: write 1.200,00 or 1,20'),
        ("1.200,00", "en", '"1.200,00" is not written as amounts are here: write it like 1,200.00'),
    ],
)
def test_an_unclear_amount_says_both_readings_and_how_to_write_it(
    typed: str, locale: str, message: str
) -> None:
    with pytest.raises(money.AmountUnclear) as refused:
        money.read_amount(typed, locale)
    assert str(refused.value) == message


def test_the_french_group_is_read_whatever_space_was_typed() -> None:
    spaces = [" ", "\u00a0", "\u202f"]
    assert {money.read_amount(f"12{s}500,50", "fr") for s in spaces} == {Decimal("12500.50")}


# --- intake import: the answers' amounts in the brief's language ------------------------------


def _brief_in(tmp_path: Path, language: str) -> Path:
    """examples/logo.yaml in ``language``, without its extra round price (to be answered); in
    English between a studio and a client in the UK (``en_GB``: ``1,280.50``)."""
    import yaml

    data = yaml.safe_load((ROOT / "examples" / "logo.yaml").read_text("utf-8"))
    data["language"] = language
    if language == "en":
        data["freelancer"]["country"] = data["client"]["country"] = "GB"
    del data["payment"]["extra_round_price"]
    brief = tmp_path / "logo.yaml"
    brief.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    shutil.copy(ROOT / "examples" / "business" / "firmbrief.toml", tmp_path)
    return brief


@pytest.mark.parametrize(
    ("language", "typed"),
    [("de", "1.280,50"), ("fr", "1\u202f280,50"), ("fr", "1 280,50"), ("en", "1,280.50")],
)
def test_intake_import_reads_an_amount_as_the_briefs_language_writes_it(
    tmp_path: Path, language: str, typed: str
) -> None:
    import yaml

    from firmbrief.intake.importer import answers_locale, import_answers

    brief = _brief_in(tmp_path, language)
    answers = tmp_path / "answers.yaml"
    answers.write_text(yaml.safe_dump({"payment": {"extra_round_price": typed}}), "utf-8")
    out = tmp_path / "out.yaml"
    assert answers_locale(brief).split("_")[0] == language
    done = import_answers(answers, output=out, into=brief, today=date(2026, 12, 1), own=True)
    assert done.merged.left_out == []
    written = yaml.safe_load(out.read_text("utf-8"))
    assert Decimal(str(written["payment"]["extra_round_price"])) == Decimal("1280.50")


def test_intake_import_leaves_out_an_amount_that_reads_two_ways_naming_the_field(
    tmp_path: Path,
) -> None:
    from typer.testing import CliRunner

    from firmbrief.commands.app import app

    brief = _brief_in(tmp_path, "en")
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"payment": {"extra_round_price": "1.280"}}), "utf-8")
    out = tmp_path / "out.yaml"
    result = CliRunner().invoke(
        app,
        ["intake", "import", str(answers), "--into", str(brief), "-o", str(out), "--own",
         "--today", "2026-12-01"],
    )  # fmt: skip
    assert (
        'left out  payment.extra_round_price  "1.280" could be 1280 or 1.28: write 1,280.00 '
        "or 1.28" in result.output
    ), result.output


# --- the questionnaire in the client's language -----------------------------------------------

QUESTIONNAIRE_TITLES = {
    "de": "Markenauftritt für Kettle & Crumb",
    "fr": "Identité de marque pour Kettle & Crumb",
    "es": "Identidad de marca para Kettle & Crumb",
}


def _questionnaire_brief(language: str) -> Any:
    """A brief that says only its language and its title: nothing English is pre-filled."""
    from firmbrief.briefs.schema import Brief

    return Brief.model_validate({"language": language, "title": QUESTIONNAIRE_TITLES[language]})


def _english_left(text: str, language: str) -> set[str]:
    import re

    from test_languages import _english_words

    english = _english_words(language)
    assert {"answer", "delivered", "supply"} <= english  # the list is real
    return {w.lower() for w in re.findall(r"[A-Za-z]{4,}", text)} & english


def _page_text(html: str) -> str:
    """What the client reads on the page: no script, no style, no tags (attributes with them)."""
    import re

    for element in ("script", "style", "template"):
        html = re.sub(rf"<{element}\b.*?</{element}>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize("language", ["de", "fr", "es"])
def test_the_questionnaire_page_is_in_the_clients_language(language: str) -> None:
    import re

    from firmbrief.intake.questionnaire import SCRIPT_WORDS, questionnaire_html

    html = questionnaire_html(_questionnaire_brief(language))
    assert f'<html lang="{language}">' in html
    assert _english_left(_page_text(html), language) == set(), _page_text(html)
    found = re.search(r'<template class="row-template">(.*?)</template>', html, re.S)
    assert found and _english_left(_page_text(found[1]), language) == set()  # a row added
    data = json.loads(re.search(r'id="questionnaire-data">(.*?)</script>', html, re.S)[1])  # type: ignore[index]
    assert set(data["say"]) == set(SCRIPT_WORDS)
    said = re.sub(r"\{\w+\}", " ", " ".join(data["say"].values()))  # placeholders filled in
    assert _english_left(said, language) == set(), said  # what the script says to the client
    assert data["amount"] == dict(
        zip(("group", "point"), money.amount_symbols(language), strict=True)
    )


def test_the_english_page_stays_english() -> None:
    from firmbrief.briefs.schema import Brief
    from firmbrief.intake.questionnaire import questionnaire_html

    html = questionnaire_html(Brief.model_validate({"title": "Brand identity"}))
    assert '<html lang="en">' in html and "What is the project about?" in html


@pytest.mark.slow
@pytest.mark.parametrize(
    ("language", "heading", "page"),
    [("fr", "Questionnaire de projet", "Page 1 sur"), ("de", "Projektfragebogen", "Seite 1 von")],
)
def test_the_pdf_form_is_in_the_clients_language(
    tmp_path: Path, language: str, heading: str, page: str
) -> None:
    from firmbrief.intake.questionnaire import questionnaire_pdf

    pdf = tmp_path / "questionnaire.pdf"
    pdf.write_bytes(questionnaire_pdf(_questionnaire_brief(language)))
    done = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    text = done.stdout.replace("\u2010\n", "")
    assert heading in text and page in text  # the running foot too
    assert _english_left(text, language) == set(), text


GERMAN_ANSWERS = {  # (item heading, question) -> the client's answer, in German
    ("", "Beauftragen Sie als Unternehmen oder als Privatperson?"): "Unternehmen",
    ("", "Ihr vollständiger Name"): "Tom Becker",
    ("", "Wer muss sonst noch zustimmen, bevor die Arbeit abgenommen wird?"): "keine",
    ("Leistung 1", "Was wird geliefert?"): "Hauptlogo",
    ("Material 1", "Bis zu welchem Datum?"): "15. März 2027",
}


def test_the_email_is_in_german_and_its_reply_is_read_back(tmp_path: Path) -> None:
    import re

    from typer.testing import CliRunner

    from firmbrief.briefs.dates import parse_firm_date
    from firmbrief.commands.app import app
    from firmbrief.intake.questionnaire import questionnaire_markdown

    email = questionnaire_markdown(_questionnaire_brief("de"))
    assert _english_left(email, "de") == set(), email
    assert "\nAntwort:\n" in email and "Answer:" not in email
    out: list[str] = []
    item, current, used = "", None, set()
    for line in email.splitlines():
        if line.startswith("## "):
            item = ""
        if heading := re.match(r"### (.+)", line):
            item = heading[1]
        if question := re.match(r"\*\*\d+\. (.+)\*\*", line):
            current = (item, question[1])
        if line == "Antwort:" and current in GERMAN_ANSWERS:
            out.append(f"Antwort: {GERMAN_ANSWERS[current]}")
            used.add(current)
            continue
        out.append(line)
    assert used == set(GERMAN_ANSWERS), "the email asks every question the test answers"
    reply = tmp_path / "reply.txt"
    reply.write_text("Tom schrieb am Montag:\n" + "\n".join(f"> {line}" for line in out), "utf-8")
    brief = tmp_path / "brief.yaml"
    result = CliRunner().invoke(
        app, ["intake", "import", str(reply), "-o", str(brief), "--today", "2026-12-01"]
    )
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(brief.read_text("utf-8"))
    assert data["title"] == "Markenauftritt für Kettle & Crumb"  # as the email was pre-filled
    assert data["client"]["kind"] == "business"  # "Unternehmen": the choice's German words
    assert data["client"]["name"] == "Tom Becker"
    assert data["client"]["also_agree"] in ("none", [])  # "keine": the none box
    assert data["deliverables"][0]["name"] == "Hauptlogo"
    assert parse_firm_date(str(data["materials"][0]["due"])) == date(2027, 3, 15)


@pytest.mark.slow
def test_the_german_page_checks_answers_in_german(tmp_path: Path) -> None:
    """In a real browser: a date read back as German writes it, refusals and the save bar's
    words in German."""
    from selenium.webdriver.common.by import By
    from test_questionnaire_browser import _click, _fill, _open

    from firmbrief.intake.questionnaire import questionnaire_html

    page = tmp_path / "fragebogen.html"
    page.write_text(questionnaire_html(_questionnaire_brief("de")), "utf-8")
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    driver = _browser_of(tmp_path)
    try:
        _open(driver, page, downloads)
        _fill(driver, {"materials.0.due": "15. März 2027", "iterations.0.review_days": "drei"})

        def said(name: str) -> str:
            return str(driver.find_element(By.ID, f"q-{name.replace('.', '-')}-check").text)

        assert said("materials.0.due") == "\u2713 Montag, 15. März 2027"
        assert said("iterations.0.review_days").startswith("Schreiben Sie eine Zahl")
        _fill(driver, {"materials.0.due": "Ende März 2027"})
        assert said("materials.0.due").startswith("Schreiben Sie einen Kalendertag"), said(
            "materials.0.due"
        )
        _click(driver, driver.find_element(By.ID, "save"))
        status = driver.find_element(By.ID, "status").text
        assert status.startswith("Als answers.json gespeichert. 2 Antworten"), status
    finally:
        driver.quit()


def _browser_of(tmp_path: Path) -> Any:
    """A headless Chromium, as tests/test_questionnaire_browser.py starts it."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'profile'}",
                 "--window-size=1000,1400", "--lang=de-DE"):  # fmt: skip
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(
        service=Service(executable_path="/usr/bin/chromedriver"), options=options
    )
    driver.set_page_load_timeout(30)
    return driver


def test_the_freelancers_form_writes_amounts_as_they_are_read_back(tmp_path: Path) -> None:
    """Your own questionnaire (its words in English) pre-fills an amount as the brief's locale
    writes it, and the page's saved answers come back in as the same amount."""
    from firmbrief.briefs.loading import load_brief_file
    from firmbrief.intake.importer import import_answers
    from firmbrief.intake.questionnaire import questionnaire_view

    brief = _brief_in(tmp_path, "de")
    parsed = load_brief_file(brief).brief
    assert parsed is not None
    view = questionnaire_view(parsed, audience="freelancer")
    total = next(field for field in view.fields() if field.name == "total")
    assert total.value == "4.200,00" and total.label == "Total price"  # English words
    page = {
        "format": "firmbrief-answers",
        "version": 1,
        "project": parsed.title,
        "fields": {"total": total.value, "payment.extra_round_price": "1.280,50"},
    }
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(page), "utf-8")
    out = tmp_path / "out.yaml"
    done = import_answers(answers, output=out, into=brief, today=date(2026, 12, 1), own=True)
    assert done.merged.left_out == []
    written = yaml.safe_load(out.read_text("utf-8"))
    assert Decimal(str(written["payment"]["extra_round_price"])) == Decimal("1280.50")
    assert Decimal(str(written["total"])) == parsed.total


@pytest.mark.slow
@pytest.mark.parametrize(
    ("language", "good", "unclear"), [("en", "1,280.50", "1.280"), ("de", "1.280,50", "1,280")]
)
def test_the_page_checks_an_amount_by_the_briefs_locale(
    tmp_path: Path, language: str, good: str, unclear: str
) -> None:
    """In a real browser, the form of your own questions: an amount the brief's locale writes
    is taken, one that reads two ways is marked, as intake import would leave it out."""
    from selenium.webdriver.common.by import By
    from test_questionnaire_browser import _fill, _open

    from firmbrief.briefs.loading import load_brief_file
    from firmbrief.intake.questionnaire import questionnaire_html

    parsed = load_brief_file(_brief_in(tmp_path, language)).brief
    page = tmp_path / "page.html"
    page.write_text(questionnaire_html(parsed, audience="freelancer"), "utf-8")
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    driver = _browser_of(tmp_path)
    try:
        _open(driver, page, downloads)
        check = "q-payment-extra_round_price-check"
        _fill(driver, {"payment.extra_round_price": good})
        assert driver.find_element(By.ID, check).get_attribute("class") == "check"
        _fill(driver, {"payment.extra_round_price": unclear})
        assert "bad" in str(driver.find_element(By.ID, check).get_attribute("class"))
        assert driver.find_element(By.ID, check).text.startswith("Write the amount as")
    finally:
        driver.quit()


@pytest.mark.parametrize(("country", "said", "unsaid"), [("US", "emphasize", "emphasise"),
                                                        ("GB", "emphasise", "emphasize")])  # fmt: skip
def test_an_english_questionnaire_is_spelled_as_its_reader_spells(
    country: str, said: str, unsaid: str
) -> None:
    """A client in the US reads American spelling on the page, in the email and in the page's
    script; a client in Britain British; the questions' words come from the one table."""
    import re

    from firmbrief.briefs.schema import Brief
    from firmbrief.intake.questionnaire import questionnaire_html, questionnaire_markdown

    brief = Brief.model_validate(
        {"title": "Website", "client": {"country": country}, "freelancer": {"country": country}}
    )
    for text in (questionnaire_html(brief), questionnaire_markdown(brief)):
        assert said in text and unsaid not in text
    if country == "US":
        british = re.findall(r"\b(?:organis|recognis|emphasis)(?:e|es|ed|ing|ation)\b", text)
        assert british == []
