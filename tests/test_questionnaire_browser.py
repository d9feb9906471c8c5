"""The questionnaire page in a real browser (headless Chromium, driven by Selenium): the client
fills it, dates are checked as they type, rows are added, and "Save answers" downloads the file
that `firmbrief intake import` reads back into the example brief."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from firmbrief.briefs.canonical import canonical_data
from firmbrief.briefs.files import read_data
from firmbrief.briefs.loading import load_brief_file
from firmbrief.briefs.writer import brief_yaml

from conftest import TODAY, run
from intake_support import EXAMPLES, NAMES, assert_same_client_fields, client_fields, example

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
WAIT = 30.0


def _need(path: str, package: str) -> str:
    found = shutil.which(path)
    if found is None:
        pytest.fail(f"{path} is needed (Debian {package}): run scripts/install-system-deps")
    return found


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = _need(CHROMIUM, "chromium")
    profile = tmp_path_factory.mktemp("profile")
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        "--window-size=1000,1400",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=_need(CHROMEDRIVER, "chromium-driver"))
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(WAIT)
    driver.set_script_timeout(WAIT)
    try:
        yield driver
    finally:
        driver.quit()


def _wait_for(condition: Any, what: str, timeout: float = WAIT) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.05)
    pytest.fail(f"timed out waiting for {what}")


def _open(browser: Any, page: Path, downloads: Path) -> None:
    browser.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    browser.get(page.as_uri())
    _wait_for(lambda: browser.execute_script("return document.readyState") == "complete", "load")
    _no_console_errors(browser)


def _no_console_errors(browser: Any) -> None:
    """No script error, no blocked resource, no Content-Security-Policy violation."""
    severe = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert not severe


def _click(browser: Any, element: Any) -> None:
    """Click as a person would: scrolled into the middle of the window, clear of the save bar."""
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def _element(browser: Any, name: str) -> Any:
    from selenium.webdriver.common.by import By

    found = browser.find_elements(By.NAME, name)
    return found[0] if found else None


def _fill(browser: Any, fields: dict[str, str | bool]) -> None:
    """Type every answer as a person would, adding rows to the blocks when needed."""
    from selenium.webdriver.common.by import By

    for name, value in fields.items():
        element = _element(browser, name)
        if element is None:  # a row not on the page yet: "Add another"
            block = name.split(".")[0]
            button = browser.find_element(By.CSS_SELECTOR, f'[data-block="{block}"] [data-add]')
            _click(browser, button)
            element = _wait_for(lambda n=name: _element(browser, n), f"a row for {name}", 5)
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        if isinstance(value, bool):
            if element.is_selected() != value:
                _click(browser, element)
        elif element.tag_name == "select":
            from selenium.webdriver.support.select import Select

            Select(element).select_by_value(value)
        else:
            element.clear()
            element.send_keys(value)


def _save(browser: Any, downloads: Path) -> dict[str, Any]:
    from selenium.webdriver.common.by import By

    before = set(downloads.iterdir())
    _click(browser, browser.find_element(By.ID, "save"))
    saved = _wait_for(
        lambda: [
            p
            for p in set(downloads.iterdir()) - before
            if p.suffix == ".json" and p.stat().st_size > 0
        ],
        "the saved answers",
    )
    data: dict[str, Any] = json.loads(saved[0].read_text("utf-8"))
    saved[0].rename(downloads / "answers.json")
    return data


@pytest.mark.parametrize("name", NAMES)
def test_the_page_filled_in_a_browser_imports_as_the_example(
    name: str, browser: Any, tmp_path: Path
) -> None:
    # the freelancer's part of the brief, so that the page reads numeric dates its way
    part = tmp_path / "brief.yaml"
    data = read_data(EXAMPLES / f"{name}.yaml")
    keep = {k: v for k, v in data.items() if k in ("date_order", "freelancer", "currency")}
    part.write_text(brief_yaml(keep))
    page = tmp_path / "questionnaire.html"
    assert run("questionnaire", "-o", page, "--from", part).exit_code == 0
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    _open(browser, page, downloads)
    _fill(browser, client_fields(example(name)))
    answers = _save(browser, downloads)
    assert answers["format"] == "firmbrief-answers" and answers["version"] == 1
    status = browser.find_element("id", "status").text
    assert status.startswith("Saved as answers.json"), status
    out = tmp_path / "imported.yaml"
    result = run(
        "intake", "import", downloads / "answers.json", "-o", out, "--today", TODAY.isoformat()
    )
    assert result.exit_code == 0, result.output
    imported = load_brief_file(out).brief
    assert imported is not None
    assert_same_client_fields(imported, example(name))
    _no_console_errors(browser)
    # and into the freelancer's part, which keeps its own fields
    result = run(
        "intake", "import", downloads / "answers.json", "--into", part, "--today", TODAY.isoformat()
    )
    assert result.exit_code == 0, result.output
    merged = load_brief_file(part).brief
    assert merged is not None
    assert_same_client_fields(merged, example(name))
    assert canonical_data(merged)["freelancer"] == canonical_data(example(name))["freelancer"]


def test_dates_are_checked_as_the_client_types(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    page = tmp_path / "q.html"
    assert run("questionnaire", "-o", page).exit_code == 0
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    _open(browser, page, downloads)
    start = _element(browser, "iterations.0.start")
    check = browser.find_element(By.ID, start.get_attribute("id") + "-check")
    start.send_keys("end of March")
    _wait_for(lambda: "is not a calendar date" in check.text, "the refusal")
    assert (
        check.text
        == '"end of March" is not a calendar date. Write the day, month and year, e.g. 2027-03-31'
    )
    assert "bad" in check.get_attribute("class")
    start.clear()
    start.send_keys("03/04/2027")
    _wait_for(lambda: "could be" in check.text, "the ambiguity")
    # the client says how they write dates: the same text now reads one way
    from selenium.webdriver.support.select import Select

    Select(_element(browser, "date_order")).select_by_value("DMY")
    _wait_for(lambda: check.text == "\u2713 Saturday, 3 April 2027", "the reading")
    start.clear()
    start.send_keys("Friday, 15 March 2027")
    _wait_for(lambda: "is a Monday, not a Friday" in check.text, "the weekday")
    # saving with a problem still saves, and says what needs a look
    answers = _save(browser, downloads)
    assert answers["fields"]["iterations.0.start"] == "Friday, 15 March 2027"
    status = browser.find_element(By.ID, "status").text
    assert "1 answer needs a look" in status


def test_rows_can_be_added_and_removed_and_are_numbered(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    page = tmp_path / "q.html"
    assert run("questionnaire", "-o", page).exit_code == 0
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    _open(browser, page, downloads)
    block = browser.find_element(By.CSS_SELECTOR, '[data-block="materials"]')
    add = block.find_element(By.CSS_SELECTOR, "[data-add]")
    for _ in range(3):
        _click(browser, add)
    rows = block.find_elements(By.CSS_SELECTOR, ".rows > .row")
    assert [r.find_element(By.CSS_SELECTOR, ".row-number").text for r in rows] == [
        "1",
        "2",
        "3",
        "4",
    ]
    _click(browser, rows[2].find_element(By.CSS_SELECTOR, "[data-remove]"))
    rows = block.find_elements(By.CSS_SELECTOR, ".rows > .row")
    assert [r.find_element(By.CSS_SELECTOR, ".row-number").text for r in rows] == ["1", "2", "3"]
    _element(browser, "materials.3.name").send_keys("Logins")
    answers = _save(browser, downloads)["fields"]
    assert answers["materials.3.name"] == "Logins"
    assert "materials.2.name" not in answers
    # a label points at its own field in every added row
    for row in rows:
        for label in row.find_elements(By.CSS_SELECTOR, "label.label"):
            target = browser.find_element(By.ID, label.get_attribute("for"))
            assert target.get_attribute("name").startswith("materials.")


def test_hostile_prefilled_text_is_shown_as_text(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    hostile = '"><img src=x onerror="window.pwned=1"><script>window.pwned=2</script>'
    brief = tmp_path / "brief.yaml"
    brief.write_text(
        brief_yaml(
            {
                "title": hostile,
                "summary": hostile + "</textarea><b>x</b>",
                "freelancer": {"name": hostile},
            }
        )
    )
    page = tmp_path / "q.html"
    assert run("questionnaire", "-o", page, "--from", brief).exit_code == 0
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    _open(browser, page, downloads)
    assert browser.execute_script("return window.pwned") is None
    assert _element(browser, "title").get_attribute("value") == hostile
    assert _element(browser, "summary").get_attribute("value") == hostile + "</textarea><b>x</b>"
    assert browser.find_element(By.TAG_NAME, "h1").text == hostile
    assert not browser.find_elements(By.CSS_SELECTOR, "img, b")
    _element(browser, "materials.0.due").send_keys(hostile[:60])
    assert browser.execute_script("return window.pwned") is None
    assert not browser.find_elements(By.CSS_SELECTOR, "img, b")
