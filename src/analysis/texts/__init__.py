"""All text the chapters show, Swedish and English, kept in one place.

Each module in this package defines ``TEXTS = {key: {"sv": ..., "en": ...}}`` with keys
prefixed by its chapter (``costs.title``); :func:`t` looks a key up and fills in
``str.format`` fields. Sentences are built from figures, never copied from the reports.
"""
from __future__ import annotations

import importlib
import pkgutil

LANGS = ("sv", "en")


def _load() -> dict[str, dict[str, str]]:
    texts: dict[str, dict[str, str]] = {}
    for module in pkgutil.iter_modules(__path__):
        found = getattr(importlib.import_module(f"{__name__}.{module.name}"), "TEXTS", {})
        clash = set(found) & set(texts)
        if clash:
            raise RuntimeError(f"text keys defined twice: {sorted(clash)}")
        texts.update(found)
    return texts


TEXTS = _load()


def t(key: str, lang: str = "sv", **fields: object) -> str:
    """The text ``key`` in ``lang``, with ``{fields}`` filled in."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGS)}")
    try:
        template = TEXTS[key][lang]
    except KeyError:
        raise KeyError(f"no text {key!r} in language {lang!r}") from None
    return template.format(**fields) if fields else template
