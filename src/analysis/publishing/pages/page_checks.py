"""The checks every page passes before it is written: nothing that loads a network
resource (links to web sites become plain text with the address) and nothing that runs
code (script, event-handler attributes, ``javascript:`` URLs, embedded objects).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from analysis.exceptions import AnalysisError


class ExportError(AnalysisError):
    """A chapter cannot be turned into a safe, self-contained page."""


_URL_ATTRS = frozenset(
    {
        "src",
        "href",
        "srcset",
        "poster",
        "data",
        "action",
        "formaction",
        "background",
        "xlink:href",
        "lowsrc",
        "ping",
        "manifest",
        "icon",
        "longdesc",
        "cite",
        "codebase",
        "archive",
        "profile",
        "usemap",
    }
)


_REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)


_ALLOWED_SCHEME = re.compile(r"^\s*(?:data:|#|mailto:)", re.IGNORECASE)


_SRCSET_SPLIT = re.compile(r",\s+")


_SCRIPT_URL = re.compile(r"^\s*(?:javascript|vbscript):", re.IGNORECASE)


#: Elements that run code or embed other documents; never on a page.
_ACTIVE_TAGS = frozenset({"script", "iframe", "frame", "object", "embed", "applet", "noscript"})


_CSS_REMOTE = re.compile(r"""url\(\s*["']?\s*(?!data:|#)[^)\s"']|@import""", re.IGNORECASE)


class _Scanner(HTMLParser):
    """Finds everything on a page that could make the browser fetch something."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.external_anchors: list[str] = []
        self.problems: list[str] = []
        self.active: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs, self.get_starttag_text() or "")
        if tag == "style":
            self._in_style = True

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs, self.get_starttag_text() or "")

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style and _CSS_REMOTE.search(data):
            self.problems.append(f"<style> loads {_CSS_REMOTE.search(data).group(0)!r}")

    def _check(self, tag: str, attrs: list[tuple[str, str | None]], text: str) -> None:
        if tag in _ACTIVE_TAGS:
            self.active.append(f"<{tag}>")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") or name == "srcdoc":
                self.active.append(f"<{tag} {name}=...>")
            if _SCRIPT_URL.match(value) and name in _URL_ATTRS and not (tag == "a" and name == "href"):
                self.active.append(f"<{tag} {name}={value[:60]!r}>")
            if name == "style" and _CSS_REMOTE.search(value):
                self.problems.append(f"<{tag} style> loads {value[:120]!r}")
            if name == "http-equiv" and value.lower() == "refresh":
                self.problems.append(f"<{tag} http-equiv=refresh>")
            if name not in _URL_ATTRS or not value.strip():
                continue
            if tag == "a" and name == "href":
                if _REMOTE.match(value) or not _ALLOWED_SCHEME.match(value) and ":" in value.split("/")[0]:
                    self.external_anchors.append(text)
                continue
            urls = _SRCSET_SPLIT.split(value) if name == "srcset" else [value]
            for url in urls:
                if _REMOTE.match(url) or (":" in url.split("/")[0] and not _ALLOWED_SCHEME.match(url)):
                    self.problems.append(f"<{tag} {name}={url[:120]!r}>")


def _scan(page: str) -> _Scanner:
    scanner = _Scanner()
    scanner.feed(page)
    scanner.close()
    return scanner


def unlink_external(page: str) -> str:
    """Turn links to other sites into plain text that keeps the address (``data-url``)."""
    for tag in set(_scan(page).external_anchors):
        fixed = re.sub(r"(\s)href(\s*=)", r"\1data-url\2", tag, flags=re.IGNORECASE)
        page = page.replace(tag, fixed)
    return page


def offline_problems(page: str) -> list[str]:
    """Everything on a page that would make a browser request a network resource.

    Checks every URL attribute (``src``, ``href``, ``srcset``, ...), inline styles and
    ``<style>`` blocks; data: URIs, fragment links and relative local files are fine.
    """
    scanner = _scan(page)
    return scanner.problems + [f"link {a[:120]!r}" for a in scanner.external_anchors]


def active_content(page: str) -> list[str]:
    """Everything on a page that could run code: scripts, event-handler attributes
    (``onerror=``), ``javascript:`` URLs, frames and embedded objects.

    Text from data is escaped, so it never shows up here; anything found is a bug in
    whatever produced that HTML, and the page is not written.
    """
    return _scan(page).active


def checked(page: str) -> str:
    page = unlink_external(page)
    problems = offline_problems(page)
    if problems:
        raise ExportError("the page would load network resources: " + "; ".join(problems[:5]))
    active = active_content(page)
    if active:
        raise ExportError("the page would run code (unescaped HTML from data or a notebook?): " + "; ".join(active[:5]))
    return page
