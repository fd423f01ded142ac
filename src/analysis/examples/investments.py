"""SYNTHETIC example investment register and frame (issue 19): ``investeringsram.csv`` and
``investeringsprojekt.csv`` for a year folder, in the register's contract (``data/raw/README.md``).

Every project is invented and named ``Exempeldata: …`` (the register's example marking, as
the example ledger's ``Text``). Only the totals are the 2019 report's
(``data/raw/2019/investeringar.csv``), to the krona:

- frame IT 27 mnkr, MT 55 mnkr;
- outcome on earlier years' decisions / the year's decisions / in total of each sub-row:
  Datacenter (nät och server) 3,6 / 8,1 / 11,7, Skrivare 0,2 / 1,2 / 1,4, Telefoni 0 / 0,2 /
  0,2, Video 1,4 / 0 / 1,4, Tyst vårdmiljö 1,5 / 0 / 1,5, Närsjukvården 10,4 / 4,8 / 15,2,
  Länssjukvården 34,5 / 4,6 / 39,1; MT 44,9 / 9,4 / 54,3 and in total 51,6 / 18,9 / 70,5;
- the MT projects decided before the year lie 30,0 mnkr behind plan (the 2019 text:
  "ca 30 mnkr efter plan").

IT is the sum of its five sub-rows (6,7 / 9,5 / 16,2): the print's IT row leaves Tyst
vårdmiljö out (5,2 / 9,5 / 14,7) while its Totalt counts it, a difference the cleaning
reports for the print itself (``parent_vs_subrows``) and, beside a register,
as ``printed_vs_register``.

The example ledger (``python -m analysis example-ledger``) books each project's outcome on
its object (object = project), so the two agree to the krona. ``with_ledger=True`` leaves
``Utfall år`` empty for the Datacenter projects: their outcome then comes from the ledger.
"""

from __future__ import annotations

from pathlib import Path

from analysis import paths
from analysis.exceptions import AnalysisError

EXAMPLE = "Exempeldata"
FRAME_HEADER = "Kategori;Beslutad ram (kr)"
PROJECT_HEADER = (
    "Projekt;Benämning;Kategori;Delkategori;Beslutsår;Beslutat belopp (kr);Plan år (kr);"
    "Utfall år (kr);Utfall tidigare år (kr);Status"
)
FRAME = {"IT": 27_000_000, "MT": 55_000_000}
CATEGORY = {
    **dict.fromkeys(("Datacenter (nät och server)", "Skrivare", "Telefoni", "Video", "Tyst vårdmiljö"), "IT"),
    **dict.fromkeys(("Närsjukvården", "Länssjukvården"), "MT"),
}

#: (code, name, sub-row, years before the report year it was decided (0: in it), plan, outcome,
#: outcome of earlier years, status); amounts in kr
PROJECTS: tuple[tuple[str, str, str, int, int, int, int, str], ...] = (
    (
        "IT-101",
        "Nätverksuppgradering sjukhusen",
        "Datacenter (nät och server)",
        1,
        3_000_000,
        2_400_000,
        4_100_000,
        "Pågående",
    ),
    ("IT-102", "Serverhall reservkraft", "Datacenter (nät och server)", 2, 2_500_000, 1_200_000, 6_300_000, "Pågående"),
    ("IT-201", "Lagringsplattform", "Datacenter (nät och server)", 0, 6_000_000, 5_300_000, 0, "Pågående"),
    ("IT-202", "Trådlöst nät vårdcentraler", "Datacenter (nät och server)", 0, 3_500_000, 2_800_000, 0, "Pågående"),
    ("IT-103", "Skrivarpark etapp 1", "Skrivare", 1, 200_000, 200_000, 1_300_000, "Avslutat"),
    ("IT-203", "Skrivarpark etapp 2", "Skrivare", 0, 1_500_000, 1_200_000, 0, "Pågående"),
    ("IT-204", "Telefoniväxel", "Telefoni", 0, 800_000, 200_000, 0, "Väntar på upphandling"),
    ("IT-104", "Videomöten i vården", "Video", 1, 1_800_000, 1_400_000, 900_000, "Avslutat"),
    ("IT-105", "Tyst vårdmiljö, patientlarm", "Tyst vårdmiljö", 1, 2_500_000, 1_500_000, 2_000_000, "Pågående"),
    ("MT-101", "Ultraljud närsjukvård", "Närsjukvården", 1, 9_000_000, 6_200_000, 1_800_000, "Pågående"),
    ("MT-102", "Patientövervakning vårdcentraler", "Närsjukvården", 2, 5_000_000, 4_200_000, 3_100_000, "Levererat"),
    ("MT-201", "EKG-utrustning", "Närsjukvården", 0, 6_000_000, 4_800_000, 0, "Beställt"),
    ("MT-103", "Röntgenlab Sunderby", "Länssjukvården", 1, 38_000_000, 21_300_000, 12_500_000, "Pågående"),
    ("MT-104", "Operationsutrustning", "Länssjukvården", 2, 14_500_000, 8_900_000, 7_600_000, "Pågående"),
    ("MT-105", "Sterilteknik, diskdesinfektorer", "Länssjukvården", 3, 8_400_000, 4_300_000, 5_200_000, "Försenat"),
    ("MT-202", "Dialysmaskiner", "Länssjukvården", 0, 4_000_000, 3_100_000, 0, "Beställt"),
    ("MT-203", "Endoskopitorn", "Länssjukvården", 0, 1_500_000, 1_500_000, 0, "Levererat"),
)


def kr(value: int | None) -> str:
    """Whole kronor as the exports print them: ``2 400 000`` (empty for None)."""
    return "" if value is None else f"{value:,}".replace(",", " ")


def project_rows(year: int, with_ledger: bool = False) -> list[str]:
    """The register's lines (header first); ``with_ledger``: the Datacenter projects' ``Utfall år`` empty."""
    lines = [PROJECT_HEADER]
    for code, name, subrow, back, plan, outcome, earlier, status in PROJECTS:
        decided = kr(earlier + plan + (plan // 4 if status != "Avslutat" else 0))
        cells = [code, f"{EXAMPLE}: {name}", CATEGORY[subrow], subrow, str(year - back), decided, kr(plan)]
        given = None if with_ledger and subrow == "Datacenter (nät och server)" else outcome
        lines.append(";".join([*cells, kr(given), kr(earlier), status]))
    return lines


def write_example_investments(
    folder: Path | str, year: int, encoding: str = "utf-8", with_ledger: bool = False, force: bool = False
) -> list[Path]:
    """Write ``investeringsram.csv`` and ``investeringsprojekt.csv`` for report ``year`` into
    ``folder`` (the year folder, created if needed); returns the two paths. Refused
    (:class:`AnalysisError`, nothing written) inside ``data/raw``, for a year not of four
    digits, an unknown encoding, or over an existing register unless ``force``."""
    folder = Path(folder)
    raw = paths.raw_dir().resolve()
    if folder.resolve().is_relative_to(raw):
        raise AnalysisError(f"{folder}: refusing to write example data into the raw data folder {raw}")
    if not 1000 <= int(year) <= 9999 or encoding not in ("cp1252", "utf-8"):
        raise AnalysisError(f"year {year} / encoding {encoding}: a four-digit year, and cp1252 or utf-8")
    existing = [folder / n for n in ("investeringsram.csv", "investeringsprojekt.csv") if (folder / n).exists()]
    if existing and not force:
        raise AnalysisError(f"{existing[0]}: exists; --force replaces it")
    folder.mkdir(parents=True, exist_ok=True)
    frame = [FRAME_HEADER] + [f"{category};{kr(value)}" for category, value in FRAME.items()]
    written = []
    for name, lines in (("investeringsram.csv", frame), ("investeringsprojekt.csv", project_rows(year, with_ledger))):
        path = folder / name
        path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
        written.append(path)
    return written
