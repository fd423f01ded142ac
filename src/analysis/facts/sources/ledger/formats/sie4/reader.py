"""SIE 4 (4E and 4I) ledgers, read in blocks and parsed without a Python loop per line.

Each block of the file is decoded from PC8 (CP437) and becomes an Arrow array of lines
(offsets from the line breaks, found with NumPy). Line kinds are Arrow string tests; the
voucher a ``#TRANS`` belongs to is the running count of ``#VER`` lines and the brace depth a
running sum, both NumPy cumulative sums. DuckDB parses the ``#TRANS``, ``#VER``, ``#PSALDO``
and ``#PBUDGET`` lines with one regular expression each and aggregates them per block, so
only the aggregates stay in memory. Object lists and dates are validated and the dimensions
(1 ansvar, 20 aktivitet, 21 objekt; other dimensions are ignored) extracted once per distinct
value, after all blocks. The first bad line is found from a flag column, then diagnosed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from analysis.exceptions import RawDataError
from analysis.facts.sources.ledger.formats.fieldmap import SIE_DIMENSIONS
from analysis.facts.sources.ledger.formats.sie4 import balances
from analysis.facts.sources.ledger.formats.sie4 import encoding as enc
from analysis.facts.sources.ledger.formats.sie4 import lines as f
from analysis.facts.sources.ledger.formats.sie4.blocks import ahead, lines_array, lines_at, raw_blocks


@dataclass
class SieFile:
    """A SIE ledger as read: the header, the DuckDB tables of outcome and budget (grain:
    period, account, ansvar, aktivitet, objekt; ``amount`` kr, ``rows``) and the vouchers
    that do not balance."""

    path: Path
    header: f.Header
    sha256: str = ""
    bytes: int = 0
    trans_rows: int = 0
    psaldo_rows: int = 0
    budget_rows: int = 0
    unbalanced: list[dict] = field(default_factory=list)
    encoding: str = enc.PC8  # the encoding the file is really written in
    fiscal_year_from_folder: bool = False  # no #RAR 0 (a 4I file may leave it out): the folder's year
    balance_differences: list[dict] = field(default_factory=list)  # #RES/#PSALDO against the #TRANS sums
    outside_year: dict | None = None  # rows of other years left out (no #RAR 0): rows, amount, line

    @property
    def rows(self) -> int:
        """The rows the outcome comes from: #TRANS, or #PSALDO where the file has no #VER."""
        return self.trans_rows or self.psaldo_rows

    @property
    def row_label(self) -> str:
        """What :attr:`rows` counts."""
        return "#TRANS rows" if self.trans_rows else "#PSALDO rows"


@dataclass
class _State:
    line: int = 0  # lines before this block
    vouchers: int = 0
    depth: int = 0
    last_open: int = 0
    prev_ver: bool = False
    ver_dates: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))


def _structure(path: Path, trimmed: pa.Array, state: _State) -> dict[str, np.ndarray]:
    """Line kinds, voucher numbers and brace depth; RawDataError at the first misplaced line."""
    kinds = {
        "ver": pc.starts_with(trimmed, "#VER"),
        "trans": pc.starts_with(trimmed, "#TRANS"),
        "period": pc.or_(pc.starts_with(trimmed, "#PSALDO"), pc.starts_with(trimmed, "#PBUDGET")),
        "open": pc.equal(trimmed, "{"),
        "close": pc.equal(trimmed, "}"),
    }
    k = {name: mask.to_numpy(zero_copy_only=False) for name, mask in kinds.items()}
    k["label"] = pc.starts_with(trimmed, "#").to_numpy(zero_copy_only=False)
    other = ~k["label"] & ~pc.equal(trimmed, "").to_numpy(zero_copy_only=False)
    k["offset"] = state.line
    k["vid"] = state.vouchers + np.cumsum(k["ver"])
    k["depth"] = state.depth + np.cumsum(k["open"].astype(np.int64) - k["close"])
    problems = [
        (k["close"] & (k["depth"] < 0), "'}' without '{'"),
        (k["open"] & (k["depth"] > 1), "'{' inside a voucher (missing '}')"),
        (k["ver"] & (k["depth"] > 0), "#VER inside a voucher (missing '}')"),
        (k["trans"] & (k["depth"] != 1), "#TRANS outside { }"),
        (k["open"] & ~np.concatenate([[state.prev_ver], k["ver"][:-1]]), "'{' not right after a #VER line"),
        (other & ~k["open"] & ~k["close"], "not a SIE line (no #label)"),
    ]
    first = [(int(np.argmax(mask)), problem) for mask, problem in problems if mask.any()]
    if first:
        index, problem = min(first)
        if problem.startswith("#VER inside"):  # the voucher before it was not closed: name its '{'
            opens = np.flatnonzero(k["open"][:index])
            line = state.line + int(opens[-1]) + 1 if len(opens) else state.last_open
            raise RawDataError(path, "voucher not closed: '{' without '}' before the next #VER", line=line)
        raise RawDataError(path, problem, line=state.line + index + 1, value=trimmed[index].as_py()[:80])
    opens = np.flatnonzero(k["open"])
    if len(opens):
        state.last_open = state.line + int(opens[-1]) + 1
    return k


def _ver_dates(path: Path, trimmed: pa.Array, k: dict) -> np.ndarray:
    """The dates of the block's #VER lines, in order (Arrow's regular expressions, in the
    reading thread); RawDataError at a malformed #VER."""
    idx = np.flatnonzero(k["ver"])
    if not len(idx):
        return np.zeros(0, np.int64)
    parsed = pc.extract_regex(trimmed.take(idx), f.VER)
    if parsed.null_count:
        first = int(np.argmax(parsed.is_null().to_numpy(zero_copy_only=False)))
        raise RawDataError(
            path,
            "malformed #VER (series, number, date YYYYMMDD)",
            line=k["offset"] + int(idx[first]) + 1,
            value=trimmed[int(idx[first])].as_py(),
        )
    return pc.cast(parsed.field("date"), pa.int64()).to_numpy()


def _store_vouchers(con, k: dict, state: _State) -> None:
    """Keep the block's voucher numbers, lines and dates (for the unbalanced ones)."""
    idx = np.flatnonzero(k["ver"])
    if len(idx):
        con.register("ver_block", pa.table({"vid": k["vid"][idx], "n": k["offset"] + idx + 1, "date": k["dates"]}))
        con.execute("INSERT INTO ver SELECT vid, n, date FROM ver_block")
        con.unregister("ver_block")
        state.ver_dates = np.concatenate([state.ver_dates, k["dates"]])


# The common form (single spaces, unquoted account, date or nothing after the amount) is
# split with string functions; any other line goes through the full regular expression.
_SPLIT = """
    SELECT n, vid, vdate, line, o, c, split_part(substr(line, 8, o - 8), ' ', 1) AS account,
           substr(line, o + 1, c - o - 1) AS objects, string_split(substr(line, c + 2), ' ') AS rest
    FROM (SELECT *, strpos(line, '{') AS o, strpos(line, '}') AS c FROM trans_block)"""
_SIMPLE = f"""starts_with(line, '#TRANS ') AND c > o AND substr(line, 8, o - 8) = account || ' '
    AND regexp_full_match(account, '[0-9]+') AND substr(line, c + 1, 1) = ' '
    AND regexp_full_match(rest[1], '{f.AMOUNT}')
    AND (rest[2] IS NULL OR rest[2] = '' OR starts_with(rest[2], '"')
         OR (length(rest[2]) = 8 AND TRY_CAST(rest[2] AS UINTEGER) IS NOT NULL))"""
_TRANS_SQL = f"""
    SELECT n, vid, g.account AS account, g.objects AS objects, TRY_CAST(g.amount AS DOUBLE) AS amount,
           CASE WHEN coalesce(g.date, '') <> '' THEN CAST(g.date AS INTEGER)
                WHEN coalesce(g.qdate, '') <> '' THEN CAST(g.qdate AS INTEGER) ELSE vdate END AS date
    FROM (SELECT n, vid, vdate, CASE WHEN {_SIMPLE}
            THEN {{'account': account, 'objects': objects, 'amount': rest[1],
                  'date': CASE WHEN starts_with(rest[2], '"') THEN '' ELSE rest[2] END,
                  'qdate': CASE WHEN regexp_full_match(rest[2], '"[0-9]{{8}}"') THEN substr(rest[2], 2, 8) ELSE '' END}}
            ELSE regexp_extract(line, '{f.TRANS}', {f.TRANS_GROUPS}) END AS g FROM ({_SPLIT}))"""


def _trans(con, path: Path, trimmed: pa.Array, k: dict, state: _State) -> None:
    """Parse the block's #TRANS lines and aggregate them in one pass (grouping sets): per
    period, account and object list; per voucher (balance); per date (checked later)."""
    idx = np.flatnonzero(k["trans"])
    if not len(idx):
        return
    vids = k["vid"][idx]
    table = pa.table(
        {"n": k["offset"] + idx + 1, "vid": vids, "vdate": state.ver_dates[vids - 1], "line": trimmed.take(idx)}
    )
    con.register("trans_block", table)
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE trans_sets AS
            SELECT grouping(date // 100, account, objects, vid, date) AS kind, date // 100 AS period,
                   account, objects, vid, date, sum(amount) AS amount,
                   count(*) AS rows, min(n) AS first, min(n) FILTER (WHERE account = '' OR amount IS NULL) AS bad
            FROM ({_TRANS_SQL}) GROUP BY GROUPING SETS ((date // 100, account, objects), (vid), (date))"""
    )
    (bad,) = con.execute("SELECT min(bad) FROM trans_sets").fetchone()
    if bad is not None:
        raise f.trans_problem(path, bad, trimmed[int(bad - k["offset"] - 1)].as_py())
    con.execute(
        """INSERT INTO trans_agg SELECT period, account, objects, amount, rows, first FROM trans_sets WHERE kind = 3;
           INSERT INTO voucher_sums SELECT vid, amount FROM trans_sets WHERE kind = 29;
           INSERT INTO dates SELECT date, first FROM trans_sets WHERE kind = 30"""
    )
    con.unregister("trans_block")


def _periods(con, path: Path, trimmed: pa.Array, k: dict, state: _State) -> None:
    """Parse and keep the block's #PSALDO and #PBUDGET lines of year index 0."""
    idx = np.flatnonzero(k["period"])
    if not len(idx):
        return
    con.register("period_block", pa.table({"n": k["offset"] + idx + 1, "line": trimmed.take(idx)}))
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE period_parsed AS
            SELECT n, regexp_extract(line, '{f.PERIOD_LINE}', {f.PERIOD_GROUPS}) AS g FROM period_block"""
    )
    bad = con.execute(
        "SELECT n FROM period_parsed WHERE g.kind = '' OR TRY_CAST(g.amount AS DOUBLE) IS NULL ORDER BY n LIMIT 1"
    ).fetchone()
    if bad:
        raise f.period_problem(path, bad[0], trimmed[int(bad[0] - k["offset"] - 1)].as_py())
    con.execute(
        """INSERT INTO period_lines SELECT g.kind, CAST(g.period AS INTEGER), g.account, g.objects,
                  CAST(g.amount AS DOUBLE), n FROM period_parsed WHERE CAST(g.year AS INTEGER) = 0"""
    )
    con.unregister("period_block")


def _header(path: Path, trimmed: pa.Array, k: dict, state: _State, header: f.Header, folder_year: bool) -> None:
    """Read the block's header labels (#FORMAT, #RAR, #KONTO, ...: few lines, one by one)."""
    labels = np.flatnonzero(k["label"] & ~(k["ver"] | k["trans"] | k["period"]))
    others = trimmed.take(labels)
    # the label and its fields are separated by blanks or tabs (Norstedts writes "#RAR<TAB>0")
    pattern = f"^(?:{'|'.join(f.HEADER_LABELS)})\\s"
    mask = pc.match_substring_regex(others, pattern).to_numpy(zero_copy_only=False)
    for index in labels[mask]:
        header.read(path, k["offset"] + int(index) + 1, trimmed[int(index)].as_py())
    data = k["trans"] | k["period"]
    if data.any() and header.fiscal_year is None and not folder_year:
        line = k["offset"] + int(np.argmax(data)) + 1
        raise RawDataError(path, "missing #RAR 0 (the fiscal year) before the first #TRANS/#PSALDO", line=line)


_TABLES = """
CREATE OR REPLACE TABLE trans_agg (period INTEGER, account VARCHAR, objects VARCHAR, amount DOUBLE,
                                   rows BIGINT, first BIGINT);
CREATE OR REPLACE TABLE voucher_sums (vid BIGINT, amount DOUBLE);
CREATE OR REPLACE TABLE dates (date INTEGER, first BIGINT);
CREATE OR REPLACE TABLE ver (vid BIGINT, n BIGINT, date INTEGER);
CREATE OR REPLACE TABLE period_lines (kind VARCHAR, period INTEGER, account VARCHAR, objects VARCHAR,
                                      amount DOUBLE, n BIGINT);
"""


def _blocks(path: Path, sie: SieFile, state: _State, digest) -> Iterator[tuple[pa.Array, dict]]:
    """The file's blocks as (trimmed lines, line kinds and counts), in order."""
    decoder = enc.Decoder(path)
    for block in raw_blocks(path):
        digest.update(block)
        sie.bytes += len(block)
        trimmed = pc.utf8_trim_whitespace(lines_array(decoder.decode(block, state.line + 1).encode("utf-8")))
        sie.encoding = decoder.found
        block.release()
        k = _structure(path, trimmed, state)
        k["dates"] = _ver_dates(path, trimmed, k)
        if len(trimmed):
            state.line += len(trimmed)
            state.vouchers, state.depth = int(k["vid"][-1]), int(k["depth"][-1])
            state.prev_ver = bool(k["ver"][-1])
        yield trimmed, k


def scan(con: duckdb.DuckDBPyConnection, path: Path, folder_year: int | None = None) -> SieFile:
    """Read the whole file block by block into the DuckDB tables of :data:`_TABLES`. Without
    ``#RAR 0`` the fiscal year is the calendar year ``folder_year`` (a 4I file may leave
    ``#RAR`` out; the folder names the year), else it is an error."""
    con.execute(_TABLES)
    sie, state, digest = SieFile(path=path, header=f.Header()), _State(), hashlib.sha256()
    for trimmed, k in ahead(_blocks(path, sie, state, digest)):
        _header(path, trimmed, k, state, sie.header, folder_year is not None)
        _store_vouchers(con, k, state)
        _trans(con, path, trimmed, k, state)
        _periods(con, path, trimmed, k, state)
    if state.depth:
        raise RawDataError(path, "voucher not closed: '{' without '}'", line=state.last_open)
    if sie.header.fiscal_year is None and folder_year is not None:
        sie.header.fiscal_year = (folder_year * 10000 + 101, folder_year * 10000 + 1231)
        sie.fiscal_year_from_folder = True
    if sie.header.fiscal_year is None:
        raise RawDataError(path, "missing #RAR 0 (the fiscal year)", column="#RAR")
    sie.sha256 = digest.hexdigest()
    return sie


def _leave_out_other_years(con, sie: SieFile) -> None:
    """Without ``#RAR 0`` the folder's year is the fiscal year, and a 4I file may hold
    vouchers of other years (a program exports by date range): their rows are left out and
    counted (:attr:`SieFile.outside_year`), not an error."""
    start, end = (d // 100 for d in sie.header.fiscal_year)
    outside = f"period NOT BETWEEN {start} AND {end}"
    rows, amount, first = con.execute(
        f"SELECT coalesce(sum(rows), 0), coalesce(sum(amount), 0), min(first) FROM trans_agg WHERE {outside}"
    ).fetchone()
    lines = con.execute(f"SELECT count(*), min(n) FROM period_lines WHERE {outside}").fetchone()
    if rows or lines[0]:
        sie.outside_year = {"rows": int(rows) + lines[0], "amount": float(amount), "line": first or lines[1]}
        con.execute(f"DELETE FROM trans_agg WHERE {outside}; DELETE FROM period_lines WHERE {outside}")


def _check_dates(con, sie: SieFile) -> None:
    start, end = sie.header.fiscal_year
    others = "false" if sie.fiscal_year_from_folder else f"date NOT BETWEEN {start} AND {end}"
    bad = con.execute(
        f"""SELECT date, first, try_strptime(CAST(date AS VARCHAR), '%Y%m%d') IS NULL FROM dates
            WHERE try_strptime(CAST(date AS VARCHAR), '%Y%m%d') IS NULL OR {others}
            ORDER BY first LIMIT 1"""
    ).fetchone()
    if bad:
        problem = "not a date YYYYMMDD" if bad[2] else f"date outside the fiscal year #RAR 0 {start}–{end}"
        raise RawDataError(sie.path, problem, line=bad[1], column="transdat", value=str(bad[0]))
    if sie.fiscal_year_from_folder:
        _leave_out_other_years(con, sie)
    bad = con.execute(
        f"""SELECT period, n, kind FROM period_lines WHERE period % 100 NOT BETWEEN 1 AND 12
            OR period NOT BETWEEN {start // 100} AND {end // 100} ORDER BY n LIMIT 1"""
    ).fetchone()
    if bad:
        raise RawDataError(
            sie.path,
            f"period outside the fiscal year #RAR 0 {start}–{end}",
            line=bad[1],
            column="period",
            value=str(bad[0]),
        )


def _objects(con, sie: SieFile, dimensions: dict[str, int]) -> None:
    """Validate every distinct object list once and extract its dimensions."""
    con.execute(
        """CREATE OR REPLACE TEMP TABLE object_lists AS SELECT objects, min(first) AS first FROM (
             SELECT objects, first FROM trans_agg UNION ALL SELECT objects, n FROM period_lines) GROUP BY objects"""
    )
    bad = con.execute(
        f"SELECT objects, first FROM object_lists WHERE NOT regexp_full_match(objects, '{f.OBJECTS}') "
        "ORDER BY first LIMIT 1"
    ).fetchone()
    if bad:
        raise RawDataError(sie.path, "malformed object list { }", line=bad[1], column="objektlista", value=bad[0])
    dims = ", ".join(f"{f.dimension_sql('objects', d)} AS {name}" for name, d in dimensions.items())
    con.execute(f"CREATE OR REPLACE TEMP TABLE object_dims AS SELECT objects, {dims} FROM object_lists")


def _grain(con, table: str, source: str, synthetic: bool) -> None:
    con.execute(
        f"""CREATE OR REPLACE TABLE {table} AS
            SELECT s.period, s.account, o.ansvar, o.aktivitet, o.objekt, o.projekt, sum(s.amount) AS amount,
                   sum(s.rows) AS rows, {synthetic} AS synthetic
            FROM ({source}) s JOIN object_dims o USING (objects) GROUP BY ALL"""
    )


def _period_source(kind: str) -> str:
    """#PSALDO/#PBUDGET lines of one kind; per period and account, the lines with an object
    list (a breakdown) where there are any and they add up to the line with ``{}`` (the
    account's total) or there is none; else the total. A file with breakdowns by several
    dimensions (a Visma "objektsaldon" export) would otherwise count the money once per
    dimension."""
    parts = "trim(objects) <> ''"
    window = "OVER (PARTITION BY period, account)"
    return f"""SELECT period, account, objects, amount, 1 AS rows FROM (
                 SELECT *, sum(amount) FILTER (WHERE {parts}) {window} AS parts_sum,
                        sum(amount) FILTER (WHERE NOT {parts}) {window} AS total,
                        bool_or({parts}) {window} AS has_parts
                 FROM period_lines WHERE kind = '{kind}')
               WHERE ({parts}) = (has_parts AND (total IS NULL OR abs(parts_sum - total) <= 0.005))"""


def read_sie(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    outcome: str,
    budget: str,
    *,
    folder_year: int | None = None,
    dimensions: dict[str, int] | None = None,
) -> SieFile:
    """Read a SIE 4 file into the DuckDB tables ``outcome`` and ``budget`` (empty without
    #PBUDGET); RawDataError naming file, line, field and value for a structural error.
    ``folder_year`` is the fiscal year where the file has no ``#RAR 0``; ``dimensions`` the
    SIE dimension of each canonical code (default :data:`~..fieldmap.SIE_DIMENSIONS`)."""
    sie = scan(con, Path(path), folder_year)
    _check_dates(con, sie)
    _objects(con, sie, dict(dimensions or SIE_DIMENSIONS))
    counts = dict(con.execute("SELECT kind, count(*) FROM period_lines GROUP BY kind").fetchall())
    (sie.trans_rows,) = con.execute("SELECT coalesce(sum(rows), 0) FROM trans_agg").fetchone()
    sie.psaldo_rows, sie.budget_rows = counts.get("SALDO", 0), counts.get("BUDGET", 0)
    has_vouchers = con.execute("SELECT count(*) FROM ver").fetchone()[0] > 0
    trans = "SELECT period, account, objects, amount, rows FROM trans_agg"
    _grain(con, outcome, trans if has_vouchers else _period_source("SALDO"), sie.header.synthetic)
    _grain(con, budget, _period_source("BUDGET"), sie.header.synthetic)
    rows = con.execute(
        """SELECT v.n, v.date, s.amount FROM (
             SELECT vid, sum(amount) AS amount FROM voucher_sums GROUP BY vid HAVING abs(sum(amount)) > 0.005
           ) s JOIN ver v USING (vid) ORDER BY v.n"""
    ).fetchall()
    if has_vouchers:
        sie.balance_differences = balances.differences(con, sie.header.results)
    texts = lines_at(path, [r[0] for r in rows], sie.encoding)
    sie.unbalanced = [
        {"series": fields[1], "number": fields[2], "date": date, "line": n, "amount": amount}
        for n, date, amount in rows
        for fields in [f.tokens(texts[n])]
    ]
    return sie
