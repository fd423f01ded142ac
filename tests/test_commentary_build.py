"""Commentary through the build, as a user meets it: ``python -m analysis build`` as a real
subprocess on a copy of the shipped 2019 exports with an analyst's commentary beside them.

Approve a comment that cites the result; correct the raw figure; build again: the comment is
flagged on its page and in the summary table. Approve again (a new date): the flag is gone.
Delete the processed data: the approval must be renewed, never silently given. A changed
commentary re-runs only its chapter. An English page without an English text shows the
Swedish one, marked so. The provenance footer lists the file with its SHA-256.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, copy_shipped_raw

pytestmark = pytest.mark.notebooks

APPROVED = """---
status: godkänd
ansvarig: Eva Ek
godkänd: {date}
---
Året gav ett underskott på 4,8 mnkr ({{{{ result_msek }}}}).

## Resultat

Se {{{{ resul_msek }}}} och 5,1 mnkr.

## Finns inte i kapitlet

Text som hamnar sist.
"""


def build(folder: Path, *extra: str) -> subprocess.CompletedProcess:
    command = [
        sys.executable, "-m", "analysis", "build", "-y", "2019", "-c", "costs",
        "--raw-dir", str(folder / "raw"), "--processed-dir", str(folder / "processed"),
        "--reports-dir", str(folder / "reports"), "--no-progress", *extra,
    ]  # fmt: skip
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    done.stdout = done.stdout.replace("\u00a0", " ")
    return done


def page(folder: Path, name: str = "cost_development") -> str:
    return (folder / "reports" / "2019" / f"{name}.html").read_text(encoding="utf-8")


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("\u00a0", " ").split())


@pytest.fixture
def project(tmp_path) -> Path:
    copy_shipped_raw(tmp_path / "raw")
    (tmp_path / "raw" / "2019" / "kommentarer").mkdir()
    return tmp_path


def write_commentary(project: Path, text: str, name: str = "costs.md") -> Path:
    path = project / "raw" / "2019" / "kommentarer" / name
    path.write_text(text, encoding="utf-8")
    return path


def correct_result(project: Path, old: str, new: str) -> None:
    path = project / "raw" / "2019" / "nyckeltal.csv"
    text = path.read_text(encoding="utf-8")
    assert f"Resultat;;2019;utfall;{old};mnkr" in text
    path.write_text(text.replace(f";{old};mnkr", f";{new};mnkr", 1), encoding="utf-8")


def test_an_approved_comment_is_flagged_when_the_data_change_until_it_is_approved_again(project):
    path = write_commentary(project, APPROVED.format(date="2020-02-14"))
    first = build(project)
    shown = text_of(page(project))
    assert "Kommentar · Godkänd 2020-02-14 · Ansvarig: Eva Ek" in shown
    assert "Året gav ett underskott på 4,8 mnkr ( -4,8 mnkr )" in shown
    assert "[saknat tal: resul_msek]" in shown  # an unknown key: a visible marker, and a finding
    assert "2019/kommentarer/costs.md, rad 10: okänt nyckeltal resul_msek; närmast: result_msek" in shown
    assert "Kommentaren anger 5,1 mnkr; inget tal för 2019 är 5,1 mnkr" in shown
    assert "rubriken ”Finns inte i kapitlet” finns inte i kapitlet; kapitlets rubriker: Så läses tecknen;" in shown
    assert shown.index("Text som hamnar sist") > shown.index("Datakvalitet")  # at the chapter's end
    assert "godkändes när" not in first.stdout
    assert "2019: 1 commentary, 0 not approved, 0 flagged" in first.stdout
    record = json.loads((project / "processed" / "kommentarer" / "2019" / "costs.md.json").read_text())
    assert record["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert {f["ident"]: f["value"] for f in record["figures"]}["key:cost_development:result_msek:2019"] == -4.8
    footer = page(project).split('<footer class="provenance">')[1].replace("<wbr>", "")
    assert "2019/kommentarer/costs.md" in footer and record["sha256"] in footer

    correct_result(project, "-4,8", "-5,1")  # a corrected export arrives
    second = build(project)
    flag = (
        "Kommentaren godkändes när ”Resultat (enligt årsrapportens text)” var -4,8 mnkr; underlaget ger nu -5,1 mnkr."
    )
    assert flag in text_of(page(project))
    assert f"↳ commentary 2019/kommentarer/costs.md: {flag}" in second.stdout
    assert "2019: 1 commentary, 0 not approved, 1 flagged" in second.stdout
    year_index = text_of((project / "reports" / "2019" / "index.html").read_text(encoding="utf-8"))
    assert "varav 0 ej godkända och 1 flaggade" in year_index and flag in year_index
    document = text_of((project / "reports" / "2019" / "arsrapport.html").read_text(encoding="utf-8"))
    assert flag in document

    write_commentary(project, APPROVED.format(date="2020-03-20"))  # approved again
    third = build(project)
    assert "godkändes när" not in page(project) and "godkändes när" not in third.stdout
    assert "Godkänd 2020-03-20" in text_of(page(project))
    record = json.loads((project / "processed" / "kommentarer" / "2019" / "costs.md.json").read_text())
    assert {f["ident"]: f["value"] for f in record["figures"]}["key:cost_development:result_msek:2019"] == -5.1

    shutil.rmtree(project / "processed")  # the record is lost
    fourth = build(project)
    renew = "Godkännandet måste förnyas"
    assert renew in text_of(page(project)) and renew in fourth.stdout
    assert "2019: 1 commentary, 1 not approved, 0 flagged" in fourth.stdout
    assert not (project / "processed" / "kommentarer" / "2019" / "costs.md.json").exists()


def test_a_changed_commentary_runs_only_its_chapter_and_a_draft_is_marked(project):
    write_commentary(project, "Första versionen.\n")
    build(project)
    again = build(project)
    assert re.search(r"2019\s+02 cost_development\s+unchanged", again.stdout), again.stdout
    write_commentary(project, "---\nstatus: granskad\n---\nAndra versionen.\n")
    changed = build(project)
    assert re.search(r"2019\s+01 data_quality\s+unchanged", changed.stdout), changed.stdout
    assert re.search(r"2019\s+02 cost_development\s+ok", changed.stdout), changed.stdout
    assert "↳ commentary 2019/kommentarer/costs.md: Granskad, ej godkänd" in changed.stdout
    shown = text_of(page(project))
    assert "Andra versionen." in shown and "Första versionen." not in shown
    assert "Kommentar · Granskad, ej godkänd" in shown


def test_an_english_page_shows_a_swedish_only_text_marked_as_swedish(project):
    write_commentary(project, "Året gav ett underskott på 4,8 mnkr.\n")
    build(project, "--lang", "en")
    html = page(project)
    assert "This commentary is only in Swedish." in html
    assert re.search(r'<div lang="sv"><p>Året gav ett underskott på 4,8 mnkr.</p>', html)
    write_commentary(project, "The year ended with a deficit of 4.8 MSEK ({{ result_msek }}).\n", "costs.en.md")
    build(project, "--lang", "en")
    shown = text_of(page(project))
    assert "The year ended with a deficit of 4.8 MSEK ( -4.8 MSEK )." in shown and "only in Swedish" not in shown


def test_a_commentary_that_is_not_utf8_fails_its_chapter_with_file_and_line_and_keeps_the_page(project):
    write_commentary(project, "Första versionen.\n")
    build(project)
    before = page(project)
    (project / "raw" / "2019" / "kommentarer" / "costs.md").write_bytes(
        "Rad ett.\nÖvriga kostnader.\n".encode("cp1252")
    )
    command = [
        sys.executable, "-m", "analysis", "build", "-y", "2019", "-c", "costs", "--raw-dir", str(project / "raw"),
        "--processed-dir", str(project / "processed"), "--reports-dir", str(project / "reports"), "--no-progress",
    ]  # fmt: skip
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 1
    assert "costs.md, line 2: the file is Windows-1252 (CP1252), not UTF-8; save it as UTF-8" in done.stdout
    assert page(project) == before
