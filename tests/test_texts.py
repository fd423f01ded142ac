"""The gettext catalogs of analysis.texts: complete, consistent, used, and read as promised.

Fast: reads the .po files, the package source and the notebooks' code cells; runs nothing.
"""

from __future__ import annotations

import ast
import functools
import gettext
import io
import itertools
import json
import os
import re
import shutil
import string
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract, extract_from_dir
from babel.messages.frontend import CommandLineInterface, parse_mapping_cfg
from babel.messages.pofile import read_po

from analysis import texts
from analysis.texts import LANGS, catalog_path, messages, t

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
PACKAGE = SRC / "analysis"
NOTEBOOKS = ROOT / "notebooks"
BABEL_CFG = ROOT / "babel.cfg"
TEMPLATE = texts.LOCALE_DIR / "analysis.pot"
#: The only function that takes a text key; its first argument is the key.
KEYWORDS = {"t": None}


# --------------------------------------------------------------------------- reading the sources


def _notebook_cells(path: Path) -> list[str]:
    """The code cells of a notebook, IPython magics and shell lines blanked out."""
    cells = []
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] == "code":
            source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            cells.append(
                "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())
            )
    return cells


@functools.cache
def _sources() -> tuple[tuple[str, str], ...]:
    """(name, Python code) of every module in the package and every notebook code cell."""
    found = [
        (str(p.relative_to(ROOT)), p.read_text(encoding="utf-8"))
        for p in sorted(PACKAGE.rglob("*.py"))
        if ".ipynb_checkpoints" not in p.parts
    ]
    for nb in sorted(NOTEBOOKS.rglob("*.ipynb")):
        if ".ipynb_checkpoints" not in nb.parts:
            found += [(f"{nb.relative_to(ROOT)}[cell {i}]", code) for i, code in enumerate(_notebook_cells(nb))]
    assert found, "no sources found"
    return tuple(found)


def _is_t(call: ast.Call) -> bool:
    func = call.func
    return (isinstance(func, ast.Name) and func.id in KEYWORDS) or (
        isinstance(func, ast.Attribute) and func.attr in KEYWORDS
    )


def _key_patterns(node: ast.expr) -> list[str]:
    """Regular expressions for the keys an expression can give: literal parts escaped, the rest
    ``.+``; a conditional gives one pattern per branch."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [re.escape(node.value)]
    if isinstance(node, ast.JoinedStr):  # f"costs.kind.{table}"
        parts = [_key_patterns(v) if isinstance(v, ast.Constant) else [".+"] for v in node.values]
        return ["".join(p) for p in itertools.product(*parts)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):  # "costs.state." + state
        return [a + b for a in _key_patterns(node.left) for b in _key_patterns(node.right)]
    if isinstance(node, ast.IfExp):  # "a" if c else "b"
        return _key_patterns(node.body) + _key_patterns(node.orelse)
    return [".+"]


@functools.cache
def _code_use() -> tuple[frozenset[str], frozenset[str], tuple[tuple[str, str], ...], frozenset[str]]:
    """What the sources do with keys: (first arguments of ``t`` that are plain strings, every
    complete string literal, (where, pattern) for the first arguments built at run time, the
    string literals inside f-string replacement fields)."""
    literal_keys, literals, patterns, in_fields = set(), set(), [], set()
    for name, code in _sources():
        tree = ast.parse(code, filename=name)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                literals.add(node.value)
            elif isinstance(node, ast.FormattedValue):
                in_fields |= {
                    n.value for n in ast.walk(node.value) if isinstance(n, ast.Constant) and isinstance(n.value, str)
                }
            elif isinstance(node, ast.Call) and _is_t(node) and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    literal_keys.add(first.value)
                else:
                    where = f"{name}:{node.lineno}"
                    patterns += [
                        (where, p) for p in _key_patterns(first) if p.replace(".+", "")
                    ]  # t(key) alone says nothing
    return frozenset(literal_keys), frozenset(literals), tuple(patterns), frozenset(in_fields)


def _babel_extract_src() -> list[tuple[str, int, str]]:
    """(file, line, key) as ``pybabel extract -F babel.cfg --no-default-keywords -k t src``
    finds them."""
    with BABEL_CFG.open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg, str(BABEL_CFG))
    return [
        (filename, lineno, message)
        for filename, lineno, message, _, _ in extract_from_dir(SRC, method_map, options_map, keywords=KEYWORDS)
    ]


@functools.cache
def _static_keys() -> frozenset[str]:
    """The keys Babel's extractor finds in the package and the notebooks' code cells.

    Babel also reports the string parts of a first argument that is an expression, glued
    together (``t("a" if c else "b")`` gives ``"ab"``, ``t("x." + y)`` gives ``"x."``); only the
    keys that are a call's whole first argument are kept here, the rest are run-time keys."""
    found = {message for _, _, message in _babel_extract_src()}
    for name, code in _sources():
        if "[cell " in name:
            found |= {
                message for _, message, _, _ in extract("python", io.BytesIO(code.encode("utf-8")), keywords=KEYWORDS)
            }
    literal_keys = _code_use()[0]
    return frozenset(k for k in found if isinstance(k, str) and k in literal_keys)


# --------------------------------------------------------------------------- reading the catalogs


def _raw_catalog(lang: str) -> Catalog:
    with catalog_path(lang).open("rb") as po:
        return read_po(po, abort_invalid=True)


def _all_keys() -> set[str]:
    return {m.id for lang in LANGS for m in _raw_catalog(lang) if m.id}


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


# --------------------------------------------------------------------------- the catalogs


def test_one_catalog_per_language():
    on_disk = {p.parent.parent.name for p in texts.LOCALE_DIR.glob("*/LC_MESSAGES/analysis.po")}
    assert on_disk == set(LANGS)
    for lang in LANGS:
        assert catalog_path(lang) == texts.LOCALE_DIR / lang / "LC_MESSAGES" / "analysis.po"


@pytest.mark.parametrize("lang", LANGS)
def test_catalog_header(lang):
    text = catalog_path(lang).read_text(encoding="utf-8")
    header_block = text[text.index('msgid ""') :].split("\n\n", 1)[0]
    header = dict(re.findall(r'^"([A-Za-z-]+): ?(.*?)\\n"$', header_block, re.MULTILINE))
    assert header.get("Language") == lang
    assert header.get("Plural-Forms") == Catalog(locale=lang).plural_forms
    assert header.get("Content-Type") == "text/plain; charset=utf-8"
    catalog = _raw_catalog(lang)
    assert not catalog.fuzzy, "a fuzzy header makes pybabel compile skip the whole catalog"
    assert str(catalog.locale) == lang


@pytest.mark.parametrize("lang", LANGS)
def test_no_key_twice_in_a_catalog(lang):
    text = catalog_path(lang).read_text(encoding="utf-8")
    ids = re.findall(r'^msgid "(.*)"$', text, re.MULTILINE)
    twice = sorted(k for k in set(ids) if ids.count(k) > 1)
    assert not twice, f"{lang}: defined more than once: {twice}"


def test_every_message_in_every_language():
    keys = _all_keys()
    assert len(keys) > 300
    problems = []
    for lang in LANGS:
        catalog = _raw_catalog(lang)
        for key in sorted(keys):
            message = catalog.get(key)
            if message is None:
                problems.append(f"{key!r} is missing in {lang!r}")
            elif message.fuzzy:
                problems.append(f"{key!r} is fuzzy in {lang!r}")
            elif not message.string:
                problems.append(f"{key!r} is empty in {lang!r}")
        for obsolete in catalog.obsolete:
            problems.append(f"{obsolete!r} is obsolete (#~) in {lang!r}")
    assert not problems, "\n".join(problems)
    for lang in LANGS:
        assert set(messages(lang)) == keys


def test_same_fields_in_every_language():
    problems = []
    for key in sorted(_all_keys()):
        found = {}
        for lang in LANGS:
            try:
                found[lang] = _fields(messages(lang).get(key, ""))
            except ValueError as e:
                problems.append(f"{key!r} in {lang!r} is not a valid str.format template: {e}")
        if "" in set().union(*found.values()):
            problems.append(f"{key!r} has a positional field {{}}; t() fills named fields only")
        if len({frozenset(f) for f in found.values()}) > 1:
            problems.append(
                f"{key!r} has different fields: " + "; ".join(f"{lang} {sorted(f)}" for lang, f in found.items())
            )
    assert not problems, "\n".join(problems)


def test_template_lists_the_keys_babel_extracts():
    """The committed .pot is current: re-run the extraction when this fails.

    Strings inside f-string replacement fields are left out of the comparison: Babel sees them
    on Python 3.12 and later only (``f"{t('mt.and', lang)}"``, ``t(f"check.{f['check']}")``)."""
    with TEMPLATE.open("rb") as pot:
        template = {m.id for m in read_po(pot) if m.id}
    extracted = {message for _, _, message in _babel_extract_src()}
    version_dependent = _code_use()[3]
    template, extracted = template - version_dependent, extracted - version_dependent
    where = os.path.relpath(TEMPLATE, ROOT)
    assert template == extracted, (
        f"{where} is out of date; run\n"
        "  pybabel extract -F babel.cfg --no-default-keywords -k t "
        f"--project=lansteknik-analysis --version=0.1.0 -o {where} src\n"
        f"new: {sorted(extracted - template)}\ngone: {sorted(template - extracted)}"
    )


# --------------------------------------------------------------------------- catalogs against code


def test_every_static_key_in_code_is_in_the_catalogs():
    """The keys Babel extracts, and every other plain-string first argument of ``t`` (Babel
    before Python 3.12 does not look inside f-strings: ``f"{t('mt.and', lang)} ..."``)."""
    static = _static_keys() | _code_use()[0]
    assert len(_static_keys()) > 100
    missing = [f"{key!r} is not in {lang!r}" for lang in LANGS for key in sorted(static - set(messages(lang)))]
    assert not missing, "\n".join(missing)


def test_every_run_time_key_matches_a_message():
    keys = _all_keys()
    _, _, patterns, _ = _code_use()
    assert patterns
    unmatched = [
        f"{where}: no message has a key like /{pattern}/"
        for where, pattern in patterns
        if not any(re.fullmatch(pattern, key) for key in keys)
    ]
    assert not unmatched, "\n".join(unmatched)


def test_every_message_is_used_by_code():
    """A key counts as used when a ``t`` call names it (Babel's extraction), when a key built
    at run time can be it (f-string or concatenation), or when it appears as a complete string
    literal anywhere in the package or the notebooks (keys passed through variables)."""
    static = _static_keys()
    _, literals, patterns, _ = _code_use()
    compiled = [re.compile(p) for _, p in patterns]
    unused = sorted(
        key
        for key in _all_keys()
        if key not in static and key not in literals and not any(p.fullmatch(key) for p in compiled)
    )
    assert not unused, f"{len(unused)} messages no code uses:\n" + "\n".join(unused)


# --------------------------------------------------------------------------- t() and the loader


def test_t_fills_fields():
    assert t("common.source", "sv", source="x.csv") == "Källa: x.csv"
    assert t("common.source", "en", source="x.csv") == "Source: x.csv"
    assert t("common.source", source="x.csv") == "Källa: x.csv"  # Swedish by default
    assert t("common.source", "en") == "Source: {source}"  # no fields: the template as it is
    for lang in LANGS:
        for key, template in messages(lang).items():
            fields = {name: f"<{name}>" for name in _fields(template)}
            assert t(key, lang, **fields) == template.format(**fields)
            assert t(key, lang) == template


def test_t_unknown_language():
    for call in (lambda: t("common.source", "de"), lambda: catalog_path("de"), lambda: messages("de")):
        with pytest.raises(ValueError, match=r"^unknown language 'de'; use one of sv, en$"):
            call()


def test_t_unknown_key():
    with pytest.raises(KeyError, match=r"no text 'no.such.key' in language 'en'"):
        t("no.such.key", "en")
    with pytest.raises(KeyError, match=r"no text '' in language 'sv'"):
        t("")  # msgid "" is the header of a catalog, not a text


def test_t_missing_field_is_an_error():
    with pytest.raises(KeyError):
        t("common.source", "sv", other=1)


def test_messages_is_a_copy():
    mine = messages("sv")
    mine["common.source"] = "changed"
    assert t("common.source", "sv") == "Källa: {source}"


@pytest.fixture
def locale_copy(tmp_path, monkeypatch):
    """A copy of the catalogs that t() reads instead of the real ones."""
    copy = tmp_path / "locale"
    shutil.copytree(texts.LOCALE_DIR, copy, ignore=shutil.ignore_patterns("*.mo"))
    monkeypatch.setattr(texts, "LOCALE_DIR", copy)
    return copy


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_corrected_catalog_takes_effect_without_a_build_step(locale_copy, monkeypatch):
    real = Path(texts.__file__).resolve().parent / "locale" / "sv" / "LC_MESSAGES" / "analysis.po"
    _edit(
        locale_copy / "sv" / "LC_MESSAGES" / "analysis.po",
        'msgstr "Källa: {source}"',
        'msgstr "Källa (rättad): {source}"',
    )
    assert catalog_path("sv") == locale_copy / "sv" / "LC_MESSAGES" / "analysis.po"
    assert t("common.source", "sv", source="x") == "Källa (rättad): x"
    assert messages("sv")["common.source"] == "Källa (rättad): {source}"
    assert t("common.source", "en", source="x") == "Source: x"
    monkeypatch.undo()
    assert catalog_path("sv") == real
    assert t("common.source", "sv", source="x") == "Källa: x"


def test_fuzzy_and_empty_translations_count_as_missing(locale_copy):
    po = locale_copy / "en" / "LC_MESSAGES" / "analysis.po"
    _edit(po, 'msgid "common.source"\n', '#, fuzzy\nmsgid "common.source"\n')
    _edit(po, 'msgid "common.chart"\nmsgstr "Chart"\n', 'msgid "common.chart"\nmsgstr ""\n')
    for key in ("common.source", "common.chart"):
        with pytest.raises(KeyError, match=f"no text '{key}' in language 'en'"):
            t(key, "en")
        assert key not in messages("en")
        assert t(key, "sv")


def test_pybabel_compile_gives_the_same_texts(locale_copy):
    status = CommandLineInterface().run(["pybabel", "-q", "compile", "-d", str(locale_copy), "-D", "analysis"])
    assert not status
    for lang in LANGS:
        with (locale_copy / lang / "LC_MESSAGES" / "analysis.mo").open("rb") as mo:
            compiled = gettext.GNUTranslations(mo)
        assert compiled.info()["language"] == lang
        for key, text in messages(lang).items():
            assert compiled.gettext(key) == text, (lang, key)


def test_every_check_the_facts_can_report_has_its_name_in_both_languages():
    """The quality tables name each finding's check (``t(f"check.{name}")``): a check without a
    message would stop the chapter. The names are the string literals of ``check`` values in
    the facts layer (``"…_vs_…"``, ``unmapped_…``, and the other checks)."""
    import re

    from analysis import paths
    from analysis.texts import t

    pattern = re.compile(
        r'"((?:[a-z_]+_vs_[a-z_]+)|unmapped_[a-z]+|unbalanced_voucher|restated_figure|stated_\w+|ledger_without_\w+)"'
    )
    names = {m for p in (paths.package_dir() / "facts").rglob("*.py") for m in pattern.findall(p.read_text("utf-8"))}
    assert {"total_vs_rows", "ledger_vs_table", "unmapped_account", "count_vs_list", "ledger_without_project"} <= names
    for name in sorted(names):
        for lang in ("sv", "en"):
            assert t(f"check.{name}", lang), (name, lang)
