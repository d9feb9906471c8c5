"""`firmbrief report`: the books across projects, on a folder of projects whose every payment,
invoice and delay is known, each figure worked out by hand below.

The folder (a folder per project, each with the business profile and its one register):

* ``kettle-1/logo.yaml`` (Kettle & Crumb, EUR, prices net of 19 %): iteration 1 costs 1,800.00,
  so its prepayment is 900.00 net + 171.00 tax = 1,071.00. Signed 1 Dec 2026; invoiced that
  day (invoice 1); paid in full on 15 Jan 2027.
* ``kettle-2/logo.yaml``: the same client (same tax number). Invoiced on 2 Dec (invoice 2),
  credited on 3 Dec (credit note 3) and invoiced again (invoice 4); 500.00 paid on 5 Jan 2027.
* ``brightline/podcast.yaml`` (Brightline Media, USD, no tax): signed only.

The report is read on 20 February 2027.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from firmbrief.contracts.books.figures import bucket
from firmbrief.contracts.record.log import read_record

from conftest import EXAMPLES, run

TODAY = "2027-02-20"


def _ok(*args: str | Path) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


def _due_of(brief: Path, number: str) -> date:
    """The due date the invoice was issued with, as its record line says."""
    for entry in read_record(brief).entries:
        if getattr(entry.event, "number", None) == number and entry.event.event == "invoiced":
            due = entry.event.due  # type: ignore[union-attr]
            assert isinstance(due, date)
            return due
    raise AssertionError(f"no invoice {number} in {brief}")


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("studio")
    profile = (EXAMPLES / "business" / "firmbrief.toml").read_text(encoding="utf-8")
    # one business, one register for all its projects
    profile = profile.replace('register = "invoices.sqlite"', f'register = "{root / "invoices.sqlite"}"')
    briefs = {}
    for folder, example in (("kettle-1", "logo"), ("kettle-2", "logo"), ("brightline", "podcast")):
        (root / folder).mkdir()
        (root / folder / "firmbrief.toml").write_text(profile, encoding="utf-8")
        briefs[folder] = root / folder / f"{example}.yaml"
        shutil.copy(EXAMPLES / f"{example}.yaml", briefs[folder])
        _ok("record", briefs[folder], "signed", "--date", "2026-12-01")
    one, two = briefs["kettle-1"], briefs["kettle-2"]
    _ok("invoice", one, "1-prepayment", "--date", "2026-12-01", "-o", root / "i1.pdf")
    _ok("invoice", two, "1-prepayment", "--date", "2026-12-02", "-o", root / "i2.pdf")
    _ok("invoice", two, "--credit", "2026-0002", "--date", "2026-12-03", "-o", root / "c3.pdf")
    _ok("invoice", two, "1-prepayment", "--date", "2026-12-03", "-o", root / "i4.pdf")
    _ok("record", one, "payment", "--amount", "1071.00", "--for", "1-prepayment", "--date", "2027-01-15")
    _ok("record", two, "payment", "--amount", "500.00", "--invoice", "2026-0004", "--date", "2027-01-05")
    data = json.loads(_ok("report", root, "--today", TODAY, "--format", "json"))
    return {"root": root, "briefs": briefs, "data": data}


def test_buckets_by_days_past_due() -> None:
    assert [bucket(n) for n in (-5, 0, 1, 30, 31, 60, 61, 400)] == [
        "not due", "not due", "1-30", "1-30", "31-60", "31-60", "over 60", "over 60"
    ]


def test_receivables_are_the_unpaid_rest_aged_from_the_due_date(books: dict[str, Any]) -> None:
    data = books["data"]
    due = _due_of(books["briefs"]["kettle-2"], "2026-0004")
    age = (date(2027, 2, 20) - due).days
    rows = [r for r in data["receivables"] if r["currency"] == "EUR"]
    assert [(r["invoice"], r["outstanding"], r["due"], r["days_past_due"]) for r in rows] == [
        ("2026-0004", "571.00", due.isoformat(), age)  # 1,071.00 less the 500.00 paid
    ]
    assert data["receivable_totals"]["EUR"][bucket(age)] == "571.00"
    assert sum(Decimal(v) for v in data["receivable_totals"]["EUR"].values()) == Decimal("571.00")
    # the paid invoice and the credited one are owed no more
    assert not any(r["invoice"] in ("2026-0001", "2026-0002") for r in data["receivables"])


def test_income_per_month_nets_credit_notes_and_splits_what_was_received(
    books: dict[str, Any],
) -> None:
    months = {(r["period"], r["currency"]): r for r in books["data"]["income"]["months"]}
    december = months[("2026-12", "EUR")]
    # three invoices of 1,071.00 and one credit note of -1,071.00
    assert december["invoiced"] == {"net": "1800.00", "tax": "342.00", "gross": "2142.00"}
    assert december["credited"] == {"net": "-900.00", "tax": "-171.00", "gross": "-1071.00"}
    assert december["invoiced_by_rate"] == [
        {"rate": "19", "net": "1800.00", "tax": "342.00", "gross": "2142.00"}
    ]
    january = months[("2027-01", "EUR")]
    # 1,071.00 in full (900.00 + 171.00) and 500.00 of 1,071.00: net 500 x 900 / 1071 = 420.17
    assert january["received"] == {"net": "1320.17", "tax": "250.83", "gross": "1571.00"}
    assert january["invoiced"]["gross"] == "0.00"
    quarters = {(r["period"], r["currency"]): r for r in books["data"]["income"]["quarters"]}
    assert quarters[("2026-Q4", "EUR")]["invoiced"]["gross"] == "2142.00"
    assert quarters[("2027-Q1", "EUR")]["received"]["gross"] == "1571.00"
    years = {(r["period"], r["currency"]) for r in books["data"]["income"]["years"]}
    assert years == {("2026", "EUR"), ("2027", "EUR")}  # nothing invoiced nor paid in USD


def test_a_client_seen_twice_is_one_client_with_its_habits(books: dict[str, Any]) -> None:
    clients = {c["client"]: c for c in books["data"]["clients"]}
    kettle = clients["Kettle & Crumb GmbH"]
    assert kettle["projects"] == 2
    # paid in full once: due on the invoice's due day, paid on 15 January
    late = (date(2027, 1, 15) - _due_of(books["briefs"]["kettle-1"], "2026-0001")).days
    assert (kettle["payments"], kettle["paid_late"], kettle["median_days_late"]) == (1, 1, late)
    assert kettle["median_days_to_pay"] == kettle["worst_days_to_pay"] == 45  # 1 Dec to 15 Jan
    assert clients["Brightline Media Inc."]["projects"] == 1


def test_projects_planned_against_actual(books: dict[str, Any]) -> None:
    projects = {Path(p["file"]).parent.name: p for p in books["data"]["projects"]}
    assert set(projects) == {"kettle-1", "kettle-2", "brightline"}
    first = projects["kettle-1"]["iterations"][0]
    assert first["planned_delivery"] == "2027-02-05"  # the brief's date
    assert first["delivery"] is None  # nothing delivered by 20 February
    assert first["late_days"] == (date(2027, 2, 20) - date(2027, 2, 5)).days
    assert "materials" in first["whose"]  # no materials were ever recorded


def test_the_income_period_counts_only_its_days(books: dict[str, Any]) -> None:
    data = json.loads(
        _ok("report", books["root"], "--today", TODAY, "--quarter", "2027-Q1", "--format", "json")
    )
    assert data["period"] == {"from": "2027-01-01", "to": "2027-03-31", "label": "2027-Q1"}
    assert [r["period"] for r in data["income"]["months"]] == ["2027-01"]
    # receivables do not depend on the period
    assert data["receivables"] == books["data"]["receivables"]


def test_csv_tables_read_back_with_the_csv_module(books: dict[str, Any]) -> None:
    text = _ok("report", books["root"], "--today", TODAY, "--format", "csv", "--table", "income")
    rows = list(csv.DictReader(io.StringIO(text)))
    dec = next(r for r in rows if r["period"] == "2026-12" and r["currency"] == "EUR")
    assert (dec["rate"], dec["invoiced_gross"], dec["received_gross"]) == ("19", "2142.00", "0.00")
    text = _ok("report", books["root"], "--today", TODAY, "-f", "csv", "--table", "receivables")
    (row,) = [r for r in csv.DictReader(io.StringIO(text)) if r["currency"] == "EUR"]
    assert (row["invoice"], row["outstanding"]) == ("2026-0004", "571.00")


def test_a_project_that_cannot_be_read_is_listed_not_fatal(tmp_path: Path) -> None:
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "x.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    (folder / "x.yaml.log.jsonl").write_text("{}\n", encoding="utf-8")
    data = json.loads(_ok("report", tmp_path, "--today", TODAY, "-f", "json"))
    assert [Path(s["file"]).name for s in data["skipped"]] == ["x.yaml"]
    assert data["projects"] == [] and data["version"] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--quarter", "2027-Q5"], "--quarter"),
        (["--year", "2027", "--quarter", "2027-Q1"], "give one period"),
        (["--from", "2027-03-01", "--to", "2027-02-01"], "before --from"),
    ],
)
def test_a_bad_period_is_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    result = run("report", tmp_path, *args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr and "Traceback" not in result.output


def test_the_html_page_loads_nothing_and_escapes_client_text(books: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "books.html"
    _ok("report", books["root"], "--today", TODAY, "-f", "html", "-o", out)
    page = out.read_text(encoding="utf-8")
    assert "default-src 'none'" in page and "<script" not in page
    assert page.count('class="timeline"') == 3 and 'id="chart-ages"' in page
    assert "Kettle &amp; Crumb GmbH" in page and "Kettle & Crumb GmbH" not in page


def test_check_warns_about_a_client_seen_before(books: dict[str, Any]) -> None:
    root = books["root"]
    new = root / "kettle-3" / "logo.yaml"
    new.parent.mkdir(exist_ok=True)
    shutil.copy(EXAMPLES / "logo.yaml", new)
    shutil.copy(root / "kettle-1" / "firmbrief.toml", new.parent / "firmbrief.toml")
    result = run("check", new, "--today", TODAY, "--format", "json")
    found = {f["code"]: f["message"] for f in json.loads(result.stdout)["findings"]}
    # kettle-1 paid its one instalment 4 days late; kettle-2 has not paid in full (not counted)
    assert "paid 1 of 1 instalments late" in found["client-paid-late"]
    assert "consider a higher prepayment" in found["client-paid-late"]
    # neither earlier project ever received its materials (due before 20 February)
    assert "materials were late in 2 of 2 projects" in found["client-materials-late"]
    other = root / "other" / "podcast.yaml"
    other.parent.mkdir(exist_ok=True)
    shutil.copy(EXAMPLES / "podcast.yaml", other)
    shutil.copy(root / "kettle-1" / "firmbrief.toml", other.parent / "firmbrief.toml")
    result = run("check", other, "--today", TODAY, "--format", "json")
    found = {f["code"]: f["message"] for f in json.loads(result.stdout)["findings"]}
    assert "client-paid-late" not in found  # Brightline paid nothing late: it paid nothing
    assert "late in 1 of 1 project with" in found["client-materials-late"]
    # a folder that merely sits next to the business's projects, with no profile naming its
    # register, is not the business's: nothing is said
    stray = root / "stray" / "logo.yaml"
    stray.parent.mkdir(exist_ok=True)
    shutil.copy(EXAMPLES / "logo.yaml", stray)
    result = run("check", stray, "--today", TODAY, "--format", "json")
    codes = {f["code"] for f in json.loads(result.stdout)["findings"]}
    assert not codes & {"client-paid-late", "client-materials-late", "client-reviews-late"}


def test_the_register_for_the_accountant(books: dict[str, Any]) -> None:
    brief = books["briefs"]["kettle-2"]
    text = _ok("invoice", brief, "--export", "csv", "--date", TODAY)
    rows = {r["number"]: r for r in csv.DictReader(io.StringIO(text))}
    assert list(rows) == ["2026-0001", "2026-0002", "2026-0003", "2026-0004"]
    assert rows["2026-0003"]["kind"] == "credit note" and rows["2026-0003"]["credits"] == "2026-0002"
    assert rows["2026-0003"]["gross"] == "-1071.00"
    # what was paid, from each project's record: in full, nothing (credited), part
    assert [rows[n]["paid"] for n in ("2026-0001", "2026-0002", "2026-0004")] == [
        "1071.00", "0.00", "500.00"
    ]
    assert {(r["client"], r["rate"], r["net"], r["tax"]) for r in rows.values()} >= {
        ("Kettle & Crumb GmbH", "19", "900.00", "171.00")
    }
    data = json.loads(_ok("invoice", brief, "--export", "json", "--year", "2027", "--date", TODAY))
    assert data == {"version": 1, "invoices": []}  # every one was issued in 2026


def test_one_calendar_for_every_project_with_alarms_and_weekly_reminders(
    books: dict[str, Any], tmp_path: Path
) -> None:
    from dateutil.rrule import rrulestr
    from ical.calendar_stream import IcsCalendarStream

    out = tmp_path / "all.ics"
    result = run("schedule", books["root"], "--ics", out, "--today", TODAY)
    assert result.exit_code == 0, result.output
    calendar = IcsCalendarStream.calendar_from_ics(out.read_text("utf-8"))  # the strict parser
    uids = [e.uid for e in calendar.events]
    assert len(uids) == len(set(uids))  # the two copies of one brief do not collide
    projects = {uid.split(".", 1)[1] for uid in uids if uid}
    assert len(projects) == 3
    payments = [e for e in calendar.events if "payment" in (e.categories or [])]
    unpaid = [e for e in payments if "paid on" not in (e.description or "")]
    paid = [e for e in payments if "paid on" in (e.description or "")]
    assert unpaid and paid
    assert all(e.alarm for e in unpaid)  # every payment still to come reminds
    assert not any(e.alarm for e in paid)  # one paid does not
    reviews = [e for e in calendar.events if "review" in (e.categories or [])]
    assert reviews and all(e.alarm for e in reviews)
    reminders = [e for e in calendar.events if "reminder" in (e.categories or [])]
    assert reminders
    for event in reminders:
        assert event.rrule is not None
        rule = rrulestr(event.rrule.as_rrule_str(), dtstart=event.dtstart)
        days = list(rule)
        assert all((b - a).days == 7 for a, b in zip(days, days[1:], strict=False))


def test_a_project_changed_since_the_last_report_is_read_again(
    books: dict[str, Any], tmp_path: Path
) -> None:
    root = tmp_path / "studio"
    shutil.copytree(books["root"], root)
    first = json.loads(_ok("report", root, "--today", TODAY, "-f", "json"))  # kept in the cache
    again = json.loads(_ok("report", root, "--today", TODAY, "-f", "json"))
    assert again == first
    brief = root / "kettle-2" / "logo.yaml"
    _ok("record", brief, "payment", "--amount", "571.00", "--invoice", "2026-0004", "--date", "2027-02-10")
    after = json.loads(_ok("report", root, "--today", TODAY, "-f", "json"))
    assert [r for r in after["receivables"] if r["currency"] == "EUR"] == []
    assert "EUR" not in after["receivable_totals"] and "EUR" in first["receivable_totals"]


@pytest.mark.slow
def test_the_html_page_in_a_real_browser_draws_its_charts_offline(
    books: dict[str, Any], tmp_path: Path
) -> None:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    out = tmp_path / "books.html"
    _ok("report", books["root"], "--today", TODAY, "-f", "html", "-o", out)
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'profile'}"):  # fmt: skip
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver: Any = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        driver.set_page_load_timeout(30)
        driver.get(out.as_uri())
        bars = driver.execute_script(
            "return [...document.querySelectorAll('#chart-ages rect.bar')]"
            ".map(r => r.getBBox().width)"
        )
        assert len(bars) == 4 and max(bars) > 100  # one bucket holds everything owed
        planned = driver.execute_script(
            "return document.querySelectorAll('svg.timeline rect.planned').length"
        )
        assert planned == 6  # two iterations in each of three projects
        requests = driver.execute_script(
            "return performance.getEntriesByType('resource').length"
        )
        assert requests == 0  # the page fetched nothing
        errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        assert errors == []
    finally:
        driver.quit()


def test_the_report_follows_its_shipped_schema(books: dict[str, Any]) -> None:
    import jsonschema

    from firmbrief.interface import output_schema

    schema = output_schema("report")
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(books["data"], schema)
    broken = {**books["data"], "receivables": [{**books["data"]["receivables"][0], "bucket": "soon"}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


def test_the_readme_shows_the_real_books_of_the_example_studio(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every command of the README's "Across projects" section, run on examples/studio (whose
    register names the folders it was made in: what was paid is found by number all the same),
    prints what the README shows."""
    import re

    from conftest import ROOT

    section = (ROOT / "README.md").read_text("utf-8").split("## Across projects", 1)[1]
    section = section.split("\n## ", 1)[0]
    blocks = re.findall(r"```console\n(.*?)```", section, re.DOTALL)
    assert blocks
    monkeypatch.chdir(ROOT)
    for block in blocks:
        for command in re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]:
            line, _, shown = command.partition("\n")
            args = line.split()[1:]
            assert _ok(*args) == shown, line
