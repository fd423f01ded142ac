"""The package's version, as installed (``pyproject.toml``): what the processed data's
manifest and every page's provenance footer name. Read once, when first asked
(``importlib.metadata`` costs about 30 ms)."""

from __future__ import annotations

import functools


@functools.lru_cache(maxsize=1)
def package_version() -> str:
    """The installed version of ``lansteknik-analysis`` (``0+unknown`` when not installed)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("lansteknik-analysis")
    except PackageNotFoundError:  # pragma: no cover - only when not installed
        return "0+unknown"
