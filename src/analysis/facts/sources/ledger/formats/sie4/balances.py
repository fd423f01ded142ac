"""The ``#TRANS`` sums of a SIE file against the balances the same file states.

A program that writes ``#VER``/``#TRANS`` often writes the balances too: ``#RES 0 account
amount`` (the result account's balance for the fiscal year) and ``#PSALDO 0 period account
{} amount`` (the period's movement). Where both are in the file, the sum of the ``#TRANS``
rows per result account (and per period) must equal them. A difference means the export
holds only part of the year's vouchers (a selection of series, a cut-off date), and the
chapters would show too little money: each one is reported with the account, both amounts
and the difference. Only result accounts (first digit 3–8) are compared: a balance
account's ``#UB`` also holds the opening balance.
"""

from __future__ import annotations

TOLERANCE_KR = 0.005


def _result_account(column: str) -> str:
    return f"left(CAST({column} AS VARCHAR), 1) BETWEEN '3' AND '8'"


def differences(con, results: dict[str, tuple[float, int]]) -> list[dict]:
    """Each #RES 0 and #PSALDO 0 ``{}`` balance of a result account that differs from the sum
    of the file's #TRANS rows on it (needs the reader's ``trans_agg`` and ``period_lines``)."""
    con.execute("CREATE OR REPLACE TEMP TABLE res_lines (account VARCHAR, amount DOUBLE, n BIGINT)")
    if results:
        con.executemany("INSERT INTO res_lines VALUES (?, ?, ?)", [(a, v, n) for a, (v, n) in results.items()])
    rows = con.execute(
        f"""WITH trans AS (SELECT period, account, sum(amount) AS amount FROM trans_agg GROUP BY ALL)
        SELECT '#RES' AS label, r.account, NULL AS period, r.amount, coalesce(sum(t.amount), 0) AS trans, r.n
        FROM res_lines r LEFT JOIN trans t USING (account)
        WHERE {_result_account("r.account")} GROUP BY ALL
        HAVING abs(r.amount - coalesce(sum(t.amount), 0)) > {TOLERANCE_KR}
        UNION ALL
        SELECT '#PSALDO', p.account, p.period, p.amount, coalesce(t.amount, 0), p.n
        FROM period_lines p LEFT JOIN trans t USING (period, account)
        WHERE p.kind = 'SALDO' AND trim(p.objects) = '' AND {_result_account("p.account")}
          AND abs(p.amount - coalesce(t.amount, 0)) > {TOLERANCE_KR}
        ORDER BY 6"""
    ).fetchall()
    return [
        {"label": label, "account": account, "period": period, "stated": stated, "trans": trans, "line": n}
        for label, account, period, stated, trans, n in rows
    ]
