"""Dispatch to a `quarto` executable on PATH (a fake one that records how it was called)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from prismake.cli import main
from prismake.render import RenderError, render, resolve_engine
from prismake.render.quarto import quarto_command

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "render"
MANUSCRIPT = Path(__file__).resolve().parents[2] / "workflow" / "manuscript" / "manuscript.qmd"

FAKE = f"""#!{sys.executable}
import json, os, sys
from pathlib import Path

keys = ["PRISMAKE_RESULTS", "PRISMAKE_CONFIG", "QUARTO_PYTHON", "PYTHONHASHSEED"]
log = {{
    "argv": sys.argv[1:],
    "cwd": os.getcwd(),
    "files": sorted(os.listdir(".")),
    "env": {{k: os.environ.get(k) for k in keys}},
}}
Path(os.environ["FAKE_QUARTO_LOG"]).write_text(json.dumps(log))
if os.environ.get("FAKE_QUARTO_FAIL"):
    print("ERROR: the fake quarto was told to fail", file=sys.stderr)
    sys.exit(1)
doc = Path(sys.argv[2])
formats = sys.argv[sys.argv.index("--to") + 1].split(",")
if "html" in formats:
    doc.with_suffix(".html").write_text("<html>fake html</html>")
if "typst" in formats and not os.environ.get("FAKE_QUARTO_NO_PDF"):
    doc.with_suffix(".pdf").write_bytes(b"%PDF-fake")
"""


@pytest.fixture
def fake_quarto(tmp_path, monkeypatch):
    """A fake `quarto` first on PATH; returns a function reading what it recorded."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    exe = bin_dir / "quarto"
    exe.write_text(FAKE)
    exe.chmod(0o755)
    log = tmp_path / "quarto-log.json"
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.setenv("FAKE_QUARTO_LOG", str(log))
    monkeypatch.delenv("QUARTO_PYTHON", raising=False)

    def recorded() -> dict | None:
        return json.loads(log.read_text()) if log.exists() else None

    recorded.exe = str(exe)
    return recorded


def test_auto_engine_picks_quarto_on_path(fake_quarto):
    assert resolve_engine("auto") == ("quarto", fake_quarto.exe)


def test_quarto_engine_without_quarto(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert resolve_engine("auto") == ("fallback", None)
    with pytest.raises(RenderError, match="no quarto executable on PATH"):
        resolve_engine("quarto")


def test_quarto_render_arguments_env_and_outputs(fake_quarto, tmp_path):
    out = tmp_path / "out"
    written = render(
        FIXTURES / "basic.qmd",
        output_dir=out,
        variables={"PRISMAKE_RESULTS": "/r", "PRISMAKE_CONFIG": "/c.yaml"},
        metadata={"title": "A title", "author": ["A", "B"]},
    )
    call = fake_quarto()
    assert call["argv"] == [
        "render",
        "basic.qmd",
        "--to",
        "html,typst",
        "-M",
        "embed-resources:true",
        "-M",
        'title:"A title"',
        "-M",
        'author:["A", "B"]',
    ]
    cwd = Path(call["cwd"])
    assert cwd != FIXTURES
    assert cwd.name == "src"  # a staged copy of the document's folder
    assert "basic.qmd" in call["files"]
    assert "results" in call["files"]
    assert call["env"] == {
        "PRISMAKE_RESULTS": "/r",
        "PRISMAKE_CONFIG": "/c.yaml",
        "QUARTO_PYTHON": sys.executable,
        "PYTHONHASHSEED": "0",
    }
    assert written == {"html": out / "basic.html", "pdf": out / "basic.pdf"}
    assert (out / "basic.html").read_text() == "<html>fake html</html>"
    assert (out / "basic.pdf").read_bytes() == b"%PDF-fake"
    assert not cwd.exists()  # the staging folder is removed


def test_quarto_html_only(fake_quarto, tmp_path):
    render(FIXTURES / "basic.qmd", output_dir=tmp_path / "out", formats=["html"], engine="quarto")
    assert fake_quarto()["argv"][2:4] == ["--to", "html"]
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["basic.html"]


def test_quarto_failure_reports_stderr_and_writes_nothing(fake_quarto, tmp_path, monkeypatch):
    monkeypatch.setenv("FAKE_QUARTO_FAIL", "1")
    with pytest.raises(
        RenderError, match=r"exited with status 1:\nERROR: the fake quarto was told"
    ):
        render(FIXTURES / "basic.qmd", output_dir=tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_quarto_missing_output_is_an_error(fake_quarto, tmp_path, monkeypatch):
    monkeypatch.setenv("FAKE_QUARTO_NO_PDF", "1")
    with pytest.raises(RenderError, match="did not write 'basic.pdf'"):
        render(FIXTURES / "basic.qmd", output_dir=tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_fallback_engine_ignores_quarto_on_path(fake_quarto, tmp_path):
    render(FIXTURES / "basic.qmd", output_dir=tmp_path / "out", formats=["html"], engine="fallback")
    assert fake_quarto() is None
    assert "The answer is 42" in (tmp_path / "out" / "basic.html").read_text()


def test_command_sets_results_config_and_title(fake_quarto, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    status = main(
        [
            "render",
            str(MANUSCRIPT),
            "--output-dir",
            "out",
            "--results",
            str(FIXTURES / "results"),
            "--config",
            str(FIXTURES / "config.yaml"),
            "-M",
            "date=2024-05-01",
        ]
    )
    assert status == 0
    call = fake_quarto()
    assert call["env"]["PRISMAKE_RESULTS"] == str(FIXTURES / "results")
    assert call["env"]["PRISMAKE_CONFIG"] == str(FIXTURES / "config.yaml")
    assert call["argv"][:2] == ["render", "manuscript.qmd"]
    assert "manuscript.css" in call["files"]
    meta = call["argv"][6:]
    assert meta[meta.index("-M") + 1].startswith('title:"Peer workers in homelessness')
    assert 'author:["A. Example", "B. Example"]' in meta
    assert 'date:"2024-05-01"' in meta
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "manuscript.html",
        "manuscript.pdf",
    ]


def test_command_error_exit_status(fake_quarto, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("FAKE_QUARTO_FAIL", "1")
    status = main(["render", str(FIXTURES / "basic.qmd"), "--output-dir", str(tmp_path / "o")])
    assert status == 2
    assert "prismake render: error:" in capsys.readouterr().err


def test_doctests():
    import doctest

    from prismake.render import qmd, quarto

    assert doctest.testmod(quarto).failed == 0
    assert doctest.testmod(qmd).failed == 0


def test_quarto_command_doctest_shape():
    cmd = quarto_command("q", "d.qmd", formats=["pdf"], metadata={})
    assert cmd == ["q", "render", "d.qmd", "--to", "typst", "-M", "embed-resources:true"]
