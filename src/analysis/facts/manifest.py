"""The manifest of the processed data (``data/processed/manifest.json``): the raw files each
report year's last cleaning read, with their SHA-256, and what changed since the cleaning
before it. The cleaning writes it with the tables (:mod:`analysis.facts.pipeline`); the
staleness check reads it (:mod:`analysis.facts.freshness`).
"""

from __future__ import annotations

from pathlib import Path

from analysis.facts.store import read_json


def changed_files(files: list[dict], previous: dict, years: list[int]) -> dict[str, str]:
    """Each raw file a cleaning of ``years`` read, and each one the previous cleaning of those
    years read that is gone: ``new``, ``unchanged``, ``changed`` or ``removed`` (a mapping file,
    which serves every year, by its status for the years here)."""
    before = {name: info for name, info in previous.get("files", {}).items() if info.get("report_year") in years}
    mappings = previous.get("mappings", {})
    changes = {}
    for info in files:
        if info["table"] == "mapping":  # beside the year folders: recorded per year
            old = mappings.get(str(info["report_year"]), {}).get(info["file"])
            status = "new" if old is None else "unchanged" if old["sha256"] == info["sha256"] else "changed"
            if changes.get(info["file"], "unchanged") == "unchanged":
                changes[info["file"]] = status
            continue
        old = before.get(info["file"])
        changes[info["file"]] = "new" if old is None else "unchanged" if old["sha256"] == info["sha256"] else "changed"
    for name in before:
        if name not in changes:
            changes[name] = "removed"
    return changes


def year_entries(manifest: dict, files: list[dict], years: list[int], all_years: list[int]) -> tuple[dict, dict]:
    """The manifest's ``files`` (exports, by ``<year>/<file>``) and ``mappings`` (mapping
    files, per report year: one file serves every year), other years' entries kept."""

    def kept(year) -> bool:
        return int(year) not in years and int(year) in all_years

    exports = {k: v for k, v in manifest.get("files", {}).items() if kept(v.get("report_year", 0))}
    mappings = {y: v for y, v in manifest.get("mappings", {}).items() if kept(y)}
    fields = ("report_year", "table", "encoding", "rows", "bytes", "sha256")
    for f in files:
        if f["table"] == "mapping":
            mappings.setdefault(str(f["report_year"]), {})[f["file"]] = {k: f[k] for k in fields}
        else:
            exports[f["file"]] = {k: f[k] for k in fields}
    return exports, mappings


def recorded_checksums(year: int, processed_dir: Path) -> dict[str, str] | None:
    """The checksums the last cleaning of ``year`` recorded; None if it was never cleaned
    (or its processed tables are gone)."""
    if not (processed_dir / "facts.parquet").exists():
        return None
    manifest = read_json(processed_dir / "manifest.json")
    files = manifest.get("files", {})
    found = {name: info.get("sha256") for name, info in files.items() if info.get("report_year") == year}
    found.update({name: info.get("sha256") for name, info in manifest.get("mappings", {}).get(str(year), {}).items()})
    return found or None
