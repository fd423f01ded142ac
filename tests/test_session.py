"""The notebook session: autoreload, one-line errors, the notebook-only list of raw files."""

from __future__ import annotations

import nbformat
import pandas as pd
import pytest
from IPython.core.interactiveshell import InteractiveShell

from analysis.chapters import session
from analysis.facts.freshness import Refreshed
from analysis.presentation import outputs
from analysis.publishing.pages import html_export


@pytest.fixture
def shell(monkeypatch):
    InteractiveShell.clear_instance()
    ip = InteractiveShell.instance()
    monkeypatch.setattr("IPython.get_ipython", lambda: ip)
    yield ip
    InteractiveShell.clear_instance()


def test_prepare_shell_turns_on_autoreload_once(shell, capsys):
    session.prepare_shell()
    session.prepare_shell()  # a second Run All: nothing more, no "already loaded" message
    assert {"IPython.extensions.autoreload", "autoreload"} & set(shell.extension_manager.loaded)
    assert "already loaded" not in capsys.readouterr().out


def test_an_analysis_error_shows_as_one_line(shell, capsys):
    session.prepare_shell()
    result = shell.run_cell(
        "from analysis.exceptions import RawDataError\n"
        "raise RawDataError('2019/x.csv', 'not a number', line=3, column='Utfall 2019', value='9x5')"
    )
    shown = capsys.readouterr()
    text = shown.out + shown.err
    assert isinstance(result.error_in_exec, Exception)  # the cell still fails
    assert "RawDataError" in text and "2019/x.csv, line 3, column 'Utfall 2019'" in text and "'9x5'" in text
    assert "Traceback" not in text and "raise RawDataError" not in text


def test_other_errors_keep_their_traceback(shell, capsys):
    session.prepare_shell()
    shell.run_cell("1/0")
    assert "ZeroDivisionError" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("note", "lang", "expected"),
    [
        (Refreshed(2019, first=True), "en", "2019: not cleaned yet; cleaned now."),
        (Refreshed(2019, changed=1), "en", "2019: 1 raw file(s) changed since the last cleaning; cleaned again."),
        (Refreshed(2017, changed=1, new=1), "sv", "2017: 2 rådatafil(er) har ändrats sedan senaste rensningen; "
         "data rensades på nytt."),
    ],
)  # fmt: skip
def test_refreshed_line_in_both_languages(note, lang, expected):
    assert session.refreshed_line(note, lang) == expected


def test_the_raw_files_list_is_for_the_notebook_only():
    files = pd.DataFrame({"file": ["2019/<b>x</b>.csv"], "sha256": ["ab" * 32]})
    shown = []
    from unittest import mock

    with mock.patch.object(session, "display", lambda obj, metadata=None: shown.append((obj, metadata))):
        session.show_inputs([Refreshed(2019, changed=1)], files, "sv")
    ((obj, metadata),) = shown
    assert metadata == outputs.NOTEBOOK_ONLY
    assert "&lt;b&gt;x&lt;/b&gt;.csv" in obj.data and "ab" * 32 in obj.data and "2019: 1 rådatafil" in obj.data
    output = nbformat.v4.new_output("display_data", data={"text/html": obj.data}, metadata=metadata)
    assert outputs.is_notebook_only(output)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x", outputs=[output])])
    assert html_export.prepare_notebook(nb).cells == []  # the page leaves it out
