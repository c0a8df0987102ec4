"""examples/failure_analysis.ipynb runs end to end on the demo warehouse, one chart a question."""

from __future__ import annotations

import nbformat
from nbclient import NotebookClient

from tests.analyst.conftest import REPO

NOTEBOOK = REPO / "examples" / "failure_analysis.ipynb"


def test_notebook_answers_each_question_with_a_chart(demo_warehouse, monkeypatch):
    monkeypatch.setenv("WF_ETL_DUCKDB_PATH", str(demo_warehouse))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    # Jupyter starts a notebook in its own folder; so does this run. A failing cell raises
    # CellExecutionError, which names the cell and shows its traceback.
    in_its_folder = {"metadata": {"path": str(NOTEBOOK.parent)}}
    NotebookClient(notebook, timeout=120, kernel_name="python3", resources=in_its_folder).execute()

    questions = 0
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown" and cell.source.startswith("## "):
            questions += 1
            answer = notebook.cells[index + 1]
            assert answer.cell_type == "code", cell.source
            images = [o for o in answer.outputs if "image/png" in o.get("data", {})]
            assert len(images) == 1, f"no chart for {cell.source.splitlines()[0]}"
            assert len(images[0]["data"]["image/png"]) > 5_000  # a drawn chart, not a blank
            view = cell.source.split("`")[1]
            assert f"from {view}" in answer.source, f"{view} is not queried under its question"
    assert questions >= 9
