"""What `firmbrief invoice` costs.

1. One invoice, as a whole process: ``firmbrief invoice BRIEF`` (a fresh business folder each
   run, so every run issues a new invoice: register, XML, PDF/A, QR code), against a bare
   Python script that renders the same HTML with WeasyPrint (PDF/A-3b, the same stylesheets)
   and embeds the same XML with the factur-x library. Target: under 1.25x the bare script.
2. Many invoices: ``firmbrief invoice --due DATE FOLDER`` over N briefs in one command, against
   N separate ``firmbrief invoice BRIEF`` calls. Target: at least 3x faster.

The runs of (1) are taken in turns, so a busy machine slows both alike.
Run: python benchmarks/invoice_speed.py [--runs N] [--count N (0: only the first part)]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import EXAMPLES, ROOT, machine, tool

DAY = "2026-12-01"
DUE = "2027-01-11"  # the first prepayment of examples/logo.yaml falls due that day

BARE = """\
import sys
import facturx
import weasyprint

html, xml, out, *styles = sys.argv[1:]
page = weasyprint.HTML(filename=html).write_pdf(
    stylesheets=[weasyprint.CSS(filename=s) for s in styles], pdf_variant="pdf/a-3b"
)
with open(xml, "rb") as handle:
    data = facturx.generate_from_binary(page, handle.read(), flavor="factur-x", level="en16931")
with open(out, "wb") as handle:
    handle.write(data)
"""


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["NO_COLOR"] = "1"
    return env


def _business(folder: Path, names: list[str]) -> list[Path]:
    folder.mkdir(parents=True)
    shutil.copy(EXAMPLES / "business" / "firmbrief.toml", folder / "firmbrief.toml")
    briefs = []
    from firmbrief.contracts.record.recording import record

    for name in names:
        shutil.copy(EXAMPLES / "logo.yaml", folder / name)
        record(folder / name, "signed", {}, when=DAY)  # an invoice rests on the signed terms
        briefs.append(folder / name)
    return briefs


def _timed(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=_env(), capture_output=True, check=True)
    return time.perf_counter() - start


def _bare_inputs(work: Path) -> list[str]:
    """The HTML and XML of an invoice as firmbrief makes them, for the bare script."""
    sys.path.insert(0, str(ROOT))
    from firmbrief.contracts.invoices.data import InvoiceData
    from firmbrief.contracts.invoices.document import STYLESHEETS, invoice_html
    from firmbrief.contracts.invoices.register import Register
    from firmbrief.contracts.invoices.xml import invoice_xml
    from firmbrief.templates import folder

    (brief,) = _business(work / "source", ["logo.yaml"])
    subprocess.run(
        [tool("firmbrief"), "invoice", str(brief), "--date", DAY], env=_env(), check=True,
        capture_output=True,
    )  # fmt: skip
    (entry,) = Register(brief.parent / "invoices.sqlite").entries()
    invoice = InvoiceData.from_json(entry.data)
    (work / "invoice.html").write_text(invoice_html(invoice), "utf-8")
    (work / "invoice.xml").write_bytes(invoice_xml(invoice))
    (work / "bare.py").write_text(BARE, "utf-8")
    return [
        sys.executable, str(work / "bare.py"), str(work / "invoice.html"),
        str(work / "invoice.xml"), str(work / "bare.pdf"),
        *(str(folder() / name) for name in STYLESHEETS),
    ]  # fmt: skip


def one_invoice(work: Path, runs: int) -> tuple[float, float]:
    bare = _bare_inputs(work)
    ours, theirs = [], []
    for run in range(-1, runs):  # one warm-up each
        (brief,) = _business(work / f"run-{run + 1}", ["logo.yaml"])
        mine = _timed([tool("firmbrief"), "invoice", str(brief), "--date", DAY])
        bare_time = _timed(bare)
        if run >= 0:
            ours.append(mine)
            theirs.append(bare_time)
    return statistics.median(ours), statistics.median(theirs)


def many_invoices(work: Path, count: int) -> tuple[float, float]:
    names = [f"client-{index:03d}.yaml" for index in range(count)]
    together = _business(work / "together", names)
    start = time.perf_counter()
    subprocess.run(
        [tool("firmbrief"), "invoice", str(together[0].parent), "--due", DUE, "--date", DAY],
        env=_env(), capture_output=True, check=True,
    )  # fmt: skip
    one_command = time.perf_counter() - start
    assert len(list(together[0].parent.glob("*-invoice-*.pdf"))) == count
    apart = _business(work / "apart", names)
    start = time.perf_counter()
    for brief in apart:
        subprocess.run(
            [tool("firmbrief"), "invoice", str(brief), "--date", DAY],
            env=_env(), capture_output=True, check=True,
        )  # fmt: skip
    separate = time.perf_counter() - start
    return one_command, separate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--count", type=int, default=100, help="0: one invoice only")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as tmp:
        ours, bare = one_invoice(Path(tmp) / "one", args.runs)
        print(f"one invoice, median of {args.runs} runs taken in turns:")
        print(f"  bare WeasyPrint (PDF/A-3b) + factur-x embedding  {bare * 1000:6.0f} ms")
        print(f"  firmbrief invoice BRIEF                          {ours * 1000:6.0f} ms")
        print(f"  ratio: {ours / bare:.2f}x bare (target < 1.25x)")
        if not args.count:
            return
        together, apart = many_invoices(Path(tmp) / "many", args.count)
        print(f"{args.count} invoices across a folder:")
        each = together / args.count * 1000
        print(f"  one command (--due)     {together:6.1f} s  ({each:.0f} ms each)")
        each = apart / args.count * 1000
        print(f"  {args.count} separate calls     {apart:6.1f} s  ({each:.0f} ms each)")
        print(f"  speed-up: {apart / together:.1f}x (target >= 3x)")


if __name__ == "__main__":
    main()
