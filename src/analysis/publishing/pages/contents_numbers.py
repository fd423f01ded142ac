"""The page numbers of the year's document's contents, for its print.

Chromium has no ``target-counter()``: the printer prints the document once, reads from that
PDF on which page each heading of the contents lands (the PDF's named destinations, which
Chromium writes for every link target), writes the numbers into the contents'
``<span class="toc-page" data-for="<id>">`` and prints again, until the numbers no longer
change (their room is kept free in the first print, so they rarely do). Without pypdf (the
``test`` extra, as Playwright itself) the print keeps its contents without numbers.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from urllib.parse import unquote

#: Writes ``numbers`` (id -> page) into the contents.
FILL = """numbers => {
  for (const slot of document.querySelectorAll('.toc-page[data-for]')) {
    const n = numbers[slot.dataset.for];
    slot.textContent = n ? String(n) : '';
  }
}"""
#: The ids the contents asks for.
WANTED = "() => [...document.querySelectorAll('.toc-page[data-for]')].map(s => s.dataset.for)"
MAX_PRINTS = 4


def page_numbers(pdf: bytes) -> dict[str, int]:
    """Each named destination of ``pdf`` (an element's id) and its page, counting from 1."""
    try:
        from pypdf import PdfReader
    except ImportError:
        return {}
    reader = PdfReader(io.BytesIO(pdf))
    numbers = {}
    for name, destination in reader.named_destinations.items():
        page = reader.get_destination_page_number(destination)
        if page is not None and page >= 0:
            numbers[str(name).lstrip("/")] = page + 1
    return numbers


def for_contents(numbers: dict[str, int], wanted: list[str]) -> dict[str, int]:
    """The page of each id the contents asks for (a destination's name may be the id as
    written or percent-decoded)."""
    decoded = {unquote(name): page for name, page in numbers.items()}
    return {ident: numbers.get(ident, decoded.get(unquote(ident))) for ident in wanted if ident}


def numbered(page, first: bytes, print_again: Callable[[], bytes]) -> bytes:
    """The PDF of ``page`` (a Playwright page, set up for print) whose contents carry the
    page numbers, from its ``first`` print; ``print_again`` prints it once more."""
    wanted = page.evaluate(WANTED)
    if not wanted:
        return first
    data, numbers = first, for_contents(page_numbers(first), wanted)
    for _ in range(MAX_PRINTS - 1):
        if not any(numbers.values()):
            return data
        page.evaluate(FILL, numbers)
        data = print_again()
        again = for_contents(page_numbers(data), wanted)
        if again == numbers:
            return data
        numbers = again
    return data
