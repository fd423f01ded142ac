"""The few words of a source reference that the facts keep in the program's notation, put in
the page's language: ``huvudbok.csv (132 rows)``, ``huvudbok.se (576 #TRANS rows)`` and
``investeringsprojekt.csv (lines 2–4)`` become ``132 rader``, ``576 #TRANS-rader`` and
``rader 2–4`` on a Swedish page (messages ``page.source.*``). Only text between tags is
touched; the facts and the processed files keep their notation."""

from __future__ import annotations

import re

from analysis.texts import t

_ROWS = re.compile(r"\((\d[\d\u00a0 ,]*) (#TRANS |#PSALDO )?rows\)")
_LINES = re.compile(r"\(lines (\d[\d–\-, ]*\d|\d)\)")
_TEXT = re.compile(r">([^<]+)<")


def _sources(text: str, lang: str) -> str:
    def rows(match: re.Match) -> str:
        n, kind = match.group(1), (match.group(2) or "").strip()
        return (
            "(" + (t("page.source.sie_rows", lang, n=n, kind=kind) if kind else t("page.source.rows", lang, n=n)) + ")"
        )

    text = _ROWS.sub(rows, text)
    return _LINES.sub(lambda m: "(" + t("page.source.lines", lang, lines=m.group(1)) + ")", text)


def in_language(body: str, lang: str) -> str:
    """``body`` (HTML) with its source references' words in ``lang``."""
    if "rows)" not in body and "(lines " not in body:
        return body
    return _TEXT.sub(lambda m: ">" + _sources(m.group(1), lang) + "<", body)
