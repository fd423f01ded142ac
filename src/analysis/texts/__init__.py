"""All text the chapters and pages show, Swedish and English, kept in gettext catalogs.

The texts live in ``locale/<lang>/LC_MESSAGES/analysis.po``, one catalog per language in
:data:`LANGS`. Each message's ``msgid`` is a symbolic key prefixed by its chapter
(``costs.title``, ``page.contents``) and its ``msgstr`` is the text in that language, a
``str.format`` template with named fields. :func:`t` looks a key up and fills in the fields.
Sentences are built from figures, never copied from the reports.

A catalog is read with Babel and compiled to the gettext MO format in memory the first time a
language is asked for, so an edited ``.po`` takes effect in the next process without a build
step. ``pybabel compile`` works on the same files, but its ``.mo`` output is not read here: the
``.po`` is the only source of the texts. A fuzzy or empty translation counts as missing.

A layer of its own below presentation and the chapters: it imports nothing of the package,
and :mod:`analysis.facts` does not import it (the facts carry no display text).
"""

from __future__ import annotations

import functools
import gettext
import io
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LANGS = ("sv", "en")

#: The gettext domain: the catalogs are ``LOCALE_DIR/<lang>/LC_MESSAGES/analysis.po``.
DOMAIN = "analysis"
#: Where the catalogs are; read on every call, so a test may point it at a copy.
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


class _NoText(LookupError):
    """Raised by the fallback of every catalog: the key is not in it."""


class _RaiseOnMissing(gettext.NullTranslations):
    # GNUTranslations returns the msgid itself for an unknown message; this fallback makes a
    # missing key an error instead.
    def gettext(self, message: str) -> str:
        raise _NoText(message)


def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGS)}")


def _po_path(locale_dir: Path, lang: str) -> Path:
    return Path(locale_dir) / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def catalog_path(lang: str) -> Path:
    """The ``.po`` file that holds the texts in ``lang``."""
    _check_lang(lang)
    return _po_path(LOCALE_DIR, lang)


@functools.cache
def _translations(lang: str, locale_dir: Path) -> gettext.GNUTranslations:
    """The catalog of ``lang`` under ``locale_dir``, read and compiled once per process."""
    with _po_path(locale_dir, lang).open("rb") as po:
        catalog = read_po(po, locale=lang, domain=DOMAIN, abort_invalid=True)
    mo = io.BytesIO()
    write_mo(mo, catalog, use_fuzzy=False)  # leaves out fuzzy and empty translations
    mo.seek(0)
    translations = gettext.GNUTranslations(mo)
    translations.add_fallback(_RaiseOnMissing())
    return translations


def messages(lang: str) -> dict[str, str]:
    """Every text in ``lang``: key -> template (a new dict; changing it changes nothing)."""
    _check_lang(lang)
    catalog = _translations(lang, LOCALE_DIR)._catalog  # msgid -> msgstr; "" is the header
    return {key: text for key, text in catalog.items() if isinstance(key, str) and key}


def t(key: str, lang: str = "sv", **fields: object) -> str:
    """The text ``key`` in ``lang``, with ``{fields}`` filled in."""
    _check_lang(lang)
    try:
        if key == "":  # msgid "" is the catalog's header, not a text
            raise _NoText(key)
        template = _translations(lang, LOCALE_DIR).gettext(key)
    except _NoText:
        raise KeyError(f"no text {key!r} in language {lang!r}") from None
    return template.format(**fields) if fields else template
