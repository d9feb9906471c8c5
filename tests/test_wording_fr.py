"""The terms' clauses written in French for French law (templates/clauses/fr), read back from
rendered PDFs: no English left, the statements of law with the law table's figures, the official
withdrawal form for a consumer; ``check`` accepts French under French law only.

Each PDF is rendered once (a module-scoped fixture): a business client with a test task (the
translation example, its texts written in French), the same without the test task, a consumer in
France in French, and the same consumer's terms in English."""

from __future__ import annotations

import re
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import pytest
import yaml
from babel.messages.pofile import read_po

import firmbrief.templates
from firmbrief.briefs.law import topic
from firmbrief.briefs.money import formatted
from firmbrief.contracts.catalogues import catalogue_path

from conftest import EXAMPLES, run

DAY = "2026-12-01"
CLAUSES = Path(firmbrief.templates.__file__).parent / "clauses"

FRENCH_TEXT = {"title", "summary", "goals", "emphasis", "audience", "rules", "name",
               "description", "acceptance", "licence", "volume", "formats"}  # fmt: skip
"""The brief's free texts: written in French here, as a freelancer writing to a French-speaking
client would (they are printed as written)."""


def _in_french(data: Any) -> Any:
    if isinstance(data, dict):
        return {
            key: (["texte rédigé en français"] * len(value) if isinstance(value, list)
                  else "2 pages" if key == "volume" else "texte rédigé en français")
            if key in FRENCH_TEXT and isinstance(value, str | list) and value not in ("", [], "none")
            else value if key in ("freelancer", "client")  # names and roles as they are
            else _in_french(value)
            for key, value in data.items()
        }  # fmt: skip
    if isinstance(data, list):
        return [_in_french(item) for item in data]
    return data


def _example(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((EXAMPLES / f"{name}.yaml").read_text("utf-8"))
    return data


def _write(folder: Path, data: dict[str, Any]) -> Path:
    folder.mkdir(parents=True)
    path = folder / "brief.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def _business(task: bool) -> dict[str, Any]:
    """The translation example (French law, a publisher in Munich) in French."""
    data: dict[str, Any] = _in_french(_example("translation"))
    data["freelancer"].update(company="Dubois Traduction", role="Traductrice littéraire")
    data["client"]["also_agree"] = ["L’auteur, pour le glossaire des noms"]
    data["client"]["approver"]["role"] = "Éditeur"
    data["client"]["signatory"]["role"] = "Gérante"
    data["tax"]["note"] = "Autoliquidation : TVA due par le preneur."
    if not task:
        data.pop("test_task")
        data["tax"].pop("note")  # the reverse charge's default note, in French
    return data


def _consumer(language: str | None) -> dict[str, Any]:
    """A private couple in Lyon and a designer in Lyon: French law, a consumer client."""
    data: dict[str, Any] = _in_french(_example("consumer-wedding"))
    data["freelancer"].update(
        address="Studio Dubois\n14 rue Sainte-Catherine\n69001 Lyon", country="FR", region="ARA",
        tax_id="FR 19 812 345 676",
        bank={"iban": "FR14 2004 1010 0505 0001 3M02 606", "bic": "PSSTFRPPLYO"},
    )  # fmt: skip
    data["client"].update(address="9 rue Mercière\n69002 Lyon", country="FR")
    data["tax"] = {"prices": "net", "name": "TVA", "rate": 20}
    data["currency"] = "EUR"
    if language:
        data["language"] = language
    else:
        data.pop("language", None)
    return data


def _text(pdf: Path) -> str:
    done = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    # a word hyphenated at a line's end, whole; lines joined, spaces of every width one
    text = done.stdout.replace("\u2010\n", "").replace("-\n", "-")
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


def _prose(text: str) -> str:
    """``text`` without its email addresses (``example.de``)."""
    return re.sub(r"\S+@\S+", " ", text)


def _terms(brief: Path, out: Path, *args: str) -> str:
    result = run("render", brief, "--today", DAY, "-o", out, "--what", "terms", *args)
    assert result.exit_code == 0, result.output
    (pdf,) = out.glob("*-terms.pdf")
    return _text(pdf)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Each case's terms as text, rendered once."""
    root = tmp_path_factory.mktemp("wording-fr")
    cases = {
        "business": _business(task=True),
        "business-no-task": _business(task=False),
        "consumer": _consumer(None),  # French by default: a client in France, French law
        "consumer-en": _consumer("en"),
    }
    return {
        name: _terms(_write(root / name, data), root / name / "out") for name, data in cases.items()
    }


# --- no English left ----------------------------------------------------------------------------


def _words(text: str) -> set[str]:
    """The words of four letters or more (``itération`` whole, not ``ration``)."""
    return {w.lower() for w in re.findall(r"[^\W\d_]{4,}", text)}


def _template_words(folder: Path) -> set[str]:
    """The words a folder of clause templates prints (its Jinja and HTML tags left out)."""
    words: set[str] = set()
    for path in folder.glob("*.html"):
        text = re.sub(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}|<[^>]+>", " ", path.read_text("utf-8"),
                      flags=re.S)  # fmt: skip
        words |= _words(text)
    return words


SHARED: Final = frozenset({
    "accident", "cause", "charge", "code", "communication", "conclusion", "convention",
    "distance", "exclusive", "expire", "images", "indirect", "information", "licences", "logos",
    "moral", "nations", "part", "possible", "protection", "question", "secret", "silence",
    "taxes", "transaction", "volumes", "correction", "limitation", "main", "nbsp", "firmbrief",
})  # fmt: skip
"""Words the English clauses and the French ones both write (``code``, ``information``),
listed: the French templates' own words are not taken off the list, so that an English word
written into them is seen."""


def _english_words() -> set[str]:
    """The words of the English clauses and of the catalogue's English messages, less those
    the French catalogue also writes (``article``, ``Total``) and :data:`SHARED`."""
    english = _template_words(CLAUSES)
    french = set(SHARED)
    with catalogue_path("fr").open("rb") as handle:
        for message in read_po(handle, locale="fr"):
            if not message.id:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for parts, into in ((ids, english), (strings, french)):
                into |= _words(re.sub(r"%\(\w+\)[sd]|\{\w+\}", " ", " ".join(map(str, parts))))
    return english - french


@pytest.mark.slow
@pytest.mark.parametrize("case", ["business", "business-no-task", "consumer"])
def test_the_french_terms_have_no_english_word_left(rendered: dict[str, str], case: str) -> None:
    english = _english_words()
    assert {"freelancer", "withdrawal", "iteration", "payment", "agreement"} <= english
    found = _words(_prose(rendered[case])) & english
    assert found == set(), f"{case}: English words {sorted(found)}\n{rendered[case]}"


# --- the statements of law, with the law table's figures -----------------------------------------


def _euros(amount: str) -> str:
    """An amount as the French terms print it (``40,00 €``), spaces made one."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", formatted(Decimal(amount), "EUR", 2, "fr_FR"))


@pytest.mark.slow
def test_a_business_client_reads_the_penalties_the_indemnity_and_the_court_rule(
    rendered: dict[str, str],
) -> None:
    text = rendered["business"]
    interest = topic("FR", "interest")
    fee = topic("FR", "recovery_fee")
    assert interest and fee
    points = interest["business"]["points"]
    assert (
        "des pénalités de retard sur le montant impayé, à compter du jour suivant sa date "
        "d’échéance et jusqu’à son paiement, au taux d’intérêt appliqué par la Banque centrale "
        f"européenne à son opération de refinancement la plus récente majoré de {points} points "
        f"de pourcentage ({interest['business']['source']})"
    ) in text
    assert (
        "d’une indemnité forfaitaire pour frais de recouvrement de "
        f"{_euros(fee['amount'])} (art. L441-10 II et art. D441-5 Code de commerce)"
    ) in text
    # the choice of court only between commerçants (the table's rule), spelled out
    assert topic("FR", "courts") == {"prorogation": "merchants",
                                     "source": "art. 48 Code de procédure civile"}  # fmt: skip
    assert "Si les deux parties ont contracté en qualité de commerçants" in text
    assert "Le présent contrat est soumis au droit français" in text
    # each right ceded by name (CPI L131-3), the moral right kept (L121-1): the licence of the
    # example is the brief's own words; the transfer is worded for French law
    assert "Le droit moral du prestataire" in text and "inaliénable" in text
    assert "Dubois Traduction" in text and "exerçant sous le nom commercial" in text
    assert "rétractation" not in text
    assert "Travaux d’essai" in text and "Travaux d’essai" not in rendered["business-no-task"]


@pytest.mark.slow
def test_a_consumer_reads_the_withdrawal_right_and_the_official_french_form(
    rendered: dict[str, str],
) -> None:
    text = rendered["consumer"]  # French without the brief saying so: a client in France
    assert "CONTRAT DE PRESTATION" in text
    withdrawal = topic("FR", "withdrawal")
    assert withdrawal and withdrawal["wording"] == "FR"
    days = withdrawal["days"]
    assert (
        "Vous avez le droit de vous rétracter du présent contrat sans donner de motif dans un "
        f"délai de {days} jours. Le délai de rétractation expire {days} jours après le jour de la "
        "conclusion du contrat."
    ) in text
    assert "articles L221-18 et suivants du Code de la consommation" in text
    assert "(article L221-25 du Code de la consommation)" in text  # the express request
    # the model form, in the wording of the annex to article R221-1
    for line in (
        "Modèle de formulaire de rétractation",
        "(Veuillez compléter et renvoyer le présent formulaire uniquement si vous souhaitez vous "
        "rétracter du contrat.)",
        "Je/Nous (*) vous notifie/notifions (*) par la présente ma/notre (*) rétractation du "
        "contrat portant sur la vente du bien (*)/pour la prestation de services (*) ci-dessous :",
        "Commandé le (*)/reçu le (*) :",
        "Nom du (des) consommateur(s) :",
        "Adresse du (des) consommateur(s) :",
        "Signature du (des) consommateur(s) (uniquement en cas de notification du présent "
        "formulaire sur papier) :",
        "(*) Rayez la mention inutile.",
    ):
        assert line in text, line
    # no court chosen, no limit of liability, no statutory penalties for a consumer
    assert "commerçants" not in text and "pénalités de retard" not in text
    assert "le présent contrat ne limite pas cette responsabilité" in text
    # the same consumer's English terms keep the English model form
    english = rendered["consumer-en"]
    assert "Model withdrawal form" in english and "Modèle de formulaire" not in english


# --- check: French under French law only ---------------------------------------------------------


def test_check_accepts_french_under_french_law_and_refuses_it_under_another(
    tmp_path: Path,
) -> None:
    accepted = run("check", EXAMPLES / "translation.yaml", "--today", DAY)
    assert accepted.exit_code == 0, accepted.output
    data = _example("translation")
    data["terms"].setdefault("legal", {})["law"] = "DE"
    refused = run("check", _write(tmp_path / "de", data), "--today", DAY)
    assert refused.exit_code == 1, refused.output
    said = " ".join(refused.output.split())  # the columns' widths aside
    assert (
        "error language the terms' clauses have no French wording for the law of Germany "
        "(written for it in: English"
    ) in said, refused.output


def test_the_french_entire_agreement_says_both_versions_and_which_prevails() -> None:
    from firmbrief.contracts.render import render_template

    values: dict[str, Any] = {
        "doc": {"fingerprint": "0123456789abcdef"},
        "clause": {"payment": {"number": 8}, "changes": {"number": 5}},
        "legal": {"agb": False},
        "language": "fr",
    }
    alone = render_template("clauses/fr/entire.html", values)
    assert "versions" not in alone  # one language: nothing said (and no ``versions`` needed)
    both = render_template(
        "clauses/fr/entire.html", values | {"versions": ("fr", "de"), "prevailing": "fr"}
    )
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", both).replace("\u202f", " "))
    assert (
        "Le présent contrat est établi en français et en allemand ; les deux versions portent la "
        "même empreinte. En cas de divergence, la version française prévaut."
    ) in text
