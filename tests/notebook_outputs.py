"""What an executed chapter notebook shows, as text, for the notebook tests."""

from __future__ import annotations

import nbformat


def outputs_text(nb: nbformat.NotebookNode) -> str:
    """Every text, Markdown and HTML output of the executed notebook, joined (an error
    output fails the test: the chapter must run through)."""
    parts = []
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            assert output.get("output_type") != "error", output
            for mime in ("text/markdown", "text/html", "text/plain"):
                data = output.get("data", {}).get(mime)
                if data:
                    parts.append(data if isinstance(data, str) else "".join(data))
            if output.get("output_type") == "stream":
                parts.append(output.get("text", ""))
    return "\n".join(parts)
