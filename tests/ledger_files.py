"""Small hand-made ledger folders for the ledger tests (written into tmp_path)."""

from __future__ import annotations

from pathlib import Path

KONTOPLAN = """Konto från;Konto till;Kostnadslag
3000;3999;Intäkter
5000;5999;Personalkostnader
6000;6099;MT service och underhåll
7800;7899;Avskrivningskostnader
1200;1299;Investering MT
"""
ANSVAR = "Ansvar;Verksamhetsområde\n150;15 Medicinsk Teknik\n170;17 Infrastruktur och drift\n"
OBJEKT = "Objekt;MT-kategori\nST01;Sterilteknik\nEKG1;EKG\n"

SIE_HEAD = """#FLAGGA 0
#FORMAT PC8
#SIETYP 4
#PROGRAM "Testprogram" 1.0
#FNAMN "Region Test"
#RAR 0 20190101 20191231
#RAR -1 20180101 20181231
#DIM 1 "Ansvar"
#DIM 21 "Objekt"
#KONTO 5010 "Löner åäö"
#KONTO 4999 "Övrigt åäö"
#KONTO 1930 "Bank"
"""
SIE_BODY = """#VER A 1 20190131 "Lön januari"
{
   #TRANS 5010 {1 "150" 20 "4100" 21 "ST01"} 1500000.00 20190131 "lön"
   #TRANS 1930 {} -1500000.00
}
#VER A 2 20190215 "Service"
{
   #TRANS 6010 {1 "170" 21 "EKG1"} 250000.50 "" "service åäö"
   #TRANS 3010 {1 "170"} -50000.00
   #TRANS 1930 {} -200000.50
}
"""


def write_mappings(raw: Path, kontoplan: str = KONTOPLAN) -> None:
    """The three mapping files beside the year folders."""
    raw.mkdir(parents=True, exist_ok=True)
    (raw / "kontoplan.csv").write_text(kontoplan, encoding="utf-8")
    (raw / "ansvar.csv").write_text(ANSVAR, encoding="utf-8")
    (raw / "objekt.csv").write_text(OBJEKT, encoding="utf-8")


def write_sie(path: Path, body: str = SIE_BODY, head: str = SIE_HEAD) -> Path:
    """A SIE file in PC8 (CP437) with CRLF line ends, as Windows programs write them."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes((head + body).replace("\n", "\r\n").encode("cp437"))
    return path


def write_csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """A CSV file in the given encoding."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path
