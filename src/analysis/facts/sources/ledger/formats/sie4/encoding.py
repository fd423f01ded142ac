"""The character encoding a SIE file is really written in.

SIE 4 files are PC8 (IBM code page 437): ``#FORMAT PC8``, or no ``#FORMAT`` at all, which
means the same. Some programs write UTF-8 or ISO-8859-1/-15 all the same, and a PC8 reading
then turns "Löner" into "L├╢ner" or "LÃ¶ner". The encoding is decided by the first block
with a byte beyond ASCII (the blocks before it read alike in all three):

- UTF-8 if that block decodes as UTF-8: PC8 text with Swedish letters practically never
  does (å ä ö are 0x86 0x84 0x94, lone continuation bytes in UTF-8);
- else ISO-8859-1 if its Swedish letters are more often in Latin-1's places (å ä ö Å Ä Ö é
  at 0xE5 0xE4 0xF6 0xC5 0xC4 0xD6 0xE9: box-drawing characters in PC8) than in PC8's
  (0x80–0x9A, where Latin-1 has only control characters);
- else PC8.
"""

from __future__ import annotations

import codecs
import re

from analysis.exceptions import RawDataError

PC8 = "cp437"
UTF8 = "utf-8"
LATIN1 = "iso-8859-1"
#: How each encoding is named to the analyst.
NAMES = {PC8: "PC8 (CP437)", UTF8: "UTF-8", LATIN1: "ISO-8859-1"}

WINDOW = 1 << 20
_PC8_LETTERS = bytes([0x86, 0x84, 0x94, 0x8F, 0x8E, 0x99, 0x82, 0x81, 0x90, 0x9A])
_LATIN1_LETTERS = bytes([0xE5, 0xE4, 0xF6, 0xC5, 0xC4, 0xD6, 0xE9, 0xFC, 0xC9, 0xDC])


def detect(block: bytes) -> str:
    """The encoding of a block with a byte beyond ASCII, judged on the 1 MiB from its first
    such byte (a UTF-8 sequence cut at the window's end counts as UTF-8)."""
    first = re.search(rb"[\x80-\xff]", block)
    block = block[first.start() : first.start() + WINDOW] if first else block[:WINDOW]
    try:
        codecs.getincrementaldecoder(UTF8)().decode(block)
        return UTF8
    except UnicodeDecodeError:
        pass
    pc8 = sum(block.count(bytes([b])) for b in _PC8_LETTERS)
    latin1 = sum(block.count(bytes([b])) for b in _LATIN1_LETTERS)
    return LATIN1 if latin1 > pc8 else PC8


class Decoder:
    """Decodes a SIE file's blocks in order, deciding the encoding at the first block beyond
    ASCII; a later block that is not UTF-8 in a file found to be UTF-8 is an error with its line."""

    def __init__(self, path) -> None:
        self.path = path
        self.encoding: str | None = None  # None while every block so far was ASCII

    def decode(self, block, first_line: int) -> str:
        """The text of ``block`` (bytes or a memoryview; ``first_line`` is its first line's number)."""
        if self.encoding is None:
            data = bytes(block)
            if data.isascii():
                return data.decode("ascii")
            self.encoding = detect(data)
        try:
            return str(block, self.encoding)
        except UnicodeDecodeError as err:
            data = bytes(block)
            line = first_line + data[: err.start].count(b"\n")
            raise RawDataError(
                self.path,
                "not UTF-8, although the file's earlier lines are: an encoding that changes mid-file",
                line=line,
                value=data[err.start : err.start + 8],
            ) from None

    @property
    def found(self) -> str:
        """The encoding found (PC8 for a file of ASCII only)."""
        return self.encoding or PC8
