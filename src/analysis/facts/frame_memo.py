"""Results of pure functions of a facts frame, computed once per frame.

A chapter asks for dozens of series of the same facts frame (the years' history), and the
cleaning's cross-year checks ask for one per stated change and table: each one filtered,
keyed and ordered the same rows again. :func:`remembered` keeps what a function computed for
a frame while that frame is the same object *and* still equal to the copy taken when the
first result was kept: a frame changed in place since (an analyst's ``facts.loc[...] = ...``
in JupyterLab) is a new frame here, and every result is computed afresh. A result is returned
as a copy, so that a caller changing it changes nothing kept.

The check costs a comparison of the frame with its copy (about 0,2 ms for a year's facts); a
frame met once costs that copy and nothing else. At most :data:`FRAMES` frames are kept, the
least recently used dropped first, and a frame that is gone takes its results with it.
"""

from __future__ import annotations

import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import pandas as pd

#: How many frames keep their results at once.
FRAMES = 8

T = TypeVar("T")


@dataclass
class _Slot:
    ref: weakref.ref
    copy: pd.DataFrame
    results: dict[Hashable, Any] = field(default_factory=dict)


_slots: OrderedDict[int, _Slot] = OrderedDict()


def _slot(frame: pd.DataFrame) -> _Slot:
    """The frame's slot: a new one when it is new, or changed since its copy was taken."""
    key = id(frame)
    slot = _slots.get(key)
    if slot is None or slot.ref() is not frame or not _unchanged(frame, slot.copy):
        slot = _Slot(weakref.ref(frame, lambda _ref, key=key: _drop(key, _ref)), frame.copy(deep=True))
        _slots[key] = slot
    _slots.move_to_end(key)
    while len(_slots) > FRAMES:
        _slots.popitem(last=False)
    return slot


def _drop(key: int, ref: weakref.ref) -> None:
    slot = _slots.get(key)
    if slot is not None and slot.ref is ref:
        del _slots[key]


def _unchanged(frame: pd.DataFrame, copy: pd.DataFrame) -> bool:
    """Same columns, dtypes, index and values (NaN equal to NaN) as the copy."""
    return frame.shape == copy.shape and bool(frame.dtypes.equals(copy.dtypes)) and frame.equals(copy)


def _copied(value: T) -> T:
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return value.copy(deep=True)
    return value


def remembered(frame: pd.DataFrame, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, a pure function of ``frame`` and ``key``, computed once while the frame
    is unchanged; a copy of the result every time."""
    results = _slot(frame).results
    if key not in results:
        results[key] = compute()
    return _copied(results[key])


def forget() -> None:
    """Drop every kept result (for tests and benchmarks that time a first computation)."""
    _slots.clear()
