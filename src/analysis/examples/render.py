"""Rows as bytes, vectorised: each row is a fixed-width matrix row whose unused bytes are
0, and a chunk of rows is the matrix's non-zero bytes in order.

The matrix is made of 8-byte words (little-endian ``uint64``), so that putting the parts of
a row side by side copies words, not single bytes. Numbers become ASCII digits with integer
arithmetic on whole columns (leading zeros blanked); the texts and dimension lists come from
small tables indexed per row, pre-encoded in the file's encoding, so no text is encoded per
row. ``chunks`` cuts the rows into pieces of ``CHUNK`` rows so memory stays bounded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import numpy as np

CHUNK = 1_000_000
WORD = np.dtype("<u8")


def _words(data: bytes) -> np.ndarray:
    """``data`` zero-padded to whole words."""
    return np.frombuffer(data + b"\0" * (-len(data) % 8), dtype=WORD)


def table(texts: Sequence[str], encoding: str) -> np.ndarray:
    """``texts`` encoded, one zero-padded row of words each (a NUL inside a text is refused)."""
    encoded = [t.encode(encoding) for t in texts]
    if any(b"\0" in e for e in encoded):
        raise ValueError("a NUL byte cannot be rendered")
    width = max((len(e) for e in encoded), default=0)
    return np.stack([_words(e.ljust(width, b"\0")) for e in encoded]) if encoded else np.zeros((0, 0), WORD)


def constant(text: str, rows: int) -> np.ndarray:
    """An ASCII text repeated on ``rows`` rows."""
    words = _words(text.encode("ascii"))
    return np.broadcast_to(words, (rows, len(words)))


def _pack(columns: Sequence[np.ndarray | int], rows: int) -> np.ndarray:
    """Byte columns (one array or 0 per byte position, a multiple of 8) packed into words."""
    out = np.empty((rows, len(columns) // 8), dtype=WORD)
    for j in range(out.shape[1]):
        word = np.zeros(rows, dtype=WORD)
        for i, column in enumerate(columns[8 * j : 8 * j + 8]):
            if not isinstance(column, int) or column:
                word |= np.asarray(column, dtype=WORD) << np.uint64(8 * i)
        out[:, j] = word
    return out


def _digit_columns(values: np.ndarray, width: int, keep: int) -> list[np.ndarray]:
    """ASCII digit bytes of ``values`` (≥ 0), most significant first; leading zeros are 0."""
    rest = np.asarray(values, dtype=np.int64)
    columns: list[np.ndarray] = []
    for k in range(width):  # k: the power of ten, from the right
        shown = (rest > 0) | (k < keep)
        columns.insert(0, np.where(shown, rest % 10 + 48, 0))
        rest = rest // 10
    if (rest > 0).any():
        raise ValueError(f"a number has more than {width} digits")
    return columns


def digits(values: np.ndarray, width: int = 8, keep: int = 1) -> np.ndarray:
    """Non-negative integers right-aligned in ``width`` (a multiple of 8) bytes."""
    return _pack(_digit_columns(values, width, keep), len(values))


def amount(ore: np.ndarray, point: str) -> np.ndarray:
    """Öre as kronor with two decimals in 16 bytes: ``-1234.50`` (point ``.``) or ``-1234,50``."""
    ore = np.asarray(ore, dtype=np.int64)
    figures = _digit_columns(np.abs(ore), 14, keep=3)
    sign = np.where(ore < 0, ord("-"), 0)
    return _pack([sign] + figures[:12] + [ord(point)] + figures[12:], len(ore))


def join_matrix(parts: Sequence[np.ndarray]) -> np.ndarray:
    """The parts side by side: one matrix of words (0 bytes are padding)."""
    return np.concatenate(parts, axis=1)


def join(parts: Sequence[np.ndarray]) -> bytes:
    """The non-zero bytes of the parts side by side, row by row."""
    return join_matrix(parts).tobytes().translate(None, b"\0")  # faster than a boolean mask


def chunks(rows: int, render: Callable[[slice], bytes]) -> Iterator[bytes]:
    """``render(slice)`` for consecutive slices of at most ``CHUNK`` rows."""
    for start in range(0, rows, CHUNK):
        yield render(slice(start, min(start + CHUNK, rows)))


def csv_line(cells: Sequence[str]) -> str:
    """One line of a semicolon-separated file (no cell may contain ``;`` or a line break)."""
    if any(";" in c or "\n" in c for c in cells):
        raise ValueError(f"cannot write {cells!r} without quoting")
    return ";".join(cells) + "\r\n"
