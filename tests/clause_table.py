"""The table of the terms' clauses: for every clause, the brief fields that change it and the
sentences expected for each value. Each row names a variant: an example with some fields
changed, rendered once (tests/test_terms_clauses.py reads them back from the PDFs)."""

from __future__ import annotations

from typing import Any

# --- the variants: an example with some fields changed, rendered once each ------------------

VARIANTS: dict[str, tuple[str, dict[str, Any]]] = {
    "logo": ("logo", {}),
    "translation": ("translation", {"language": "en"}),  # its English copy (the example: French)
    "website": ("website", {}),
    "podcast": ("podcast", {}),
    "consumer-wedding": ("consumer-wedding", {}),
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
    "logo-gb": ("logo", {"terms.legal.law": "GB-ENG", "freelancer.entity": "company"}),
    "logo-consumer": (
        "logo",
        {"client.kind": "consumer", "client.company": None, "client.tax_id": None},
    ),
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
                "an exclusive right to use that work, for the purposes Schedule 1 describes (its "
                "goals, deliverables and formats), in every medium those deliverables are made for, "
                "worldwide and for as long as the rights last",
                "The law of Germany does not allow copyright itself to be transferred",
                "stay with the freelancer: the law of Germany does not let them pass.",
                "once the client has published it",
            ),
            ("the copyright and every other right", "in every way", "as an owner would"),
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
                "balance is due 14 days after its iteration is accepted, but no later than the "
                "day the next iteration starts, so that one transfer can pay it and the next "
                "prepayment.",
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
                "288(2) BGB sets for payments between businesses",
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
                "288(1) BGB sets.",
            ),
            ("40,00 €", "between businesses"),
        ),
        (
            "translation",
            "FR",
            (
                "at 10 percentage points a year above the rate of the European Central Bank’s most "
                "recent main refinancing operation, as art. L441-10 II Code de commerce sets",
            ),
            (),
        ),
        (
            "logo-it",
            "IT: the Directive",
            (
                "at 8 percentage points a year above the rate of the European Central Bank’s most "
                "recent main refinancing operation, as art. 5 d.lgs. 231/2002 sets",
                "a fixed 40,00 € towards the costs of recovering each late invoice, as art. 6(2) "
                "d.lgs. 231/2002 sets",
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
                "40,00 £ for a debt under 1.000,00 £, 70,00 £ for a debt under 10.000,00 £, and "
                "100,00 £ for a larger debt",
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
                "Each side is liable without limit for harm it caused on purpose or by gross "
                "negligence, for injury to life, body or health",
                "liable only if it breaches an essential duty",
                "limited to the damage typical for this kind of agreement and foreseeable",
            ),
            ("does not allow to be limited", "fees the client has paid"),
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
        (
            "logo",
            "DE: courts only between merchants; talks never stop a debt claim or an urgent order",
            (
                "never stops either side from claiming an unpaid invoice through the courts (by a "
                "payment order or otherwise) or from applying for an urgent court order",
                "If each side is a merchant or a legal person under public law, disputes that "
                "remain go to the courts competent for the freelancer’s place of business; "
                "otherwise to the courts the law designates.",
            ),
            (),
        ),
        (
            "podcast",
            "US-NY: the venue",
            ("unless the law requires another court",),
            ("merchant",),
        ),
        ("logo-gb", "GB", ("the law of England and Wales.",), ()),
    ],
    "entire (law: German standard terms)": [
        (
            "logo",
            "always; DE: individual agreements prevail over the written form",
            (
                "the brief wins on what is delivered and these terms win on everything else",
                "these terms say what it costs (clause 8)",
                "an agreement the two sides make individually applies even when it is not in "
                "writing",
            ),
            ("dates and prices",),
        ),
        ("logo-fr", "FR", (), ("individually applies",)),
    ],
    "withdrawal (client.kind, law)": [
        (
            "consumer-wedding",
            "DE consumer",
            (
                "You have the right to withdraw from this contract within 14 days",
                "I/We (*) hereby give notice that I/We (*) withdraw from my/our (*) contract",
            ),
            (),
        ),
        ("logo", "a business", (), ("withdraw from this contract", "Model withdrawal form")),
    ],
    "review (law: German standard terms)": [
        (
            "logo",
            "DE: every fix of a missed criterion free",
            ("Every fix of a missed criterion is free of charge.",),
            ("a further fix is handled as a revision round",),
        ),
        (
            "podcast",
            "US-NY: fixes bounded",
            ("in each iteration; after that, a further fix is handled as a revision round",),
            ("Every fix of a missed criterion is free",),
        ),
    ],
    "severability": [
        ("logo", "always", ("If part of this agreement is not valid or cannot be enforced",), ()),
    ],
    "authority (client.signatory, client.kind, freelancer.entity, freelancer.company)": [
        (
            "logo-consumer",
            "a consumer signs in person",
            ("Tom Becker signs as the client, in person.",),
            ("confirms having the authority to bind it",),
        ),
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
            ("Katrin Lindner, Managing Director, signs for Lindenblatt Verlag GmbH",),
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
