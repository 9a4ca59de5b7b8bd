"""The runner of the rules' scripts: logging to the rule's log, errors, the quick exit."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def _run_script(tmp_path, body: str) -> subprocess.CompletedProcess:
    """Run ``body`` after a fake ``snakemake`` object whose log is ``tmp_path / 'rule.log'``."""
    script = tmp_path / "script.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import logging
            from types import SimpleNamespace
            from prismake.errors import InputError
            from prismake.scripting import run
            snakemake = SimpleNamespace(log=[{str(tmp_path / "rule.log")!r}], rule="demo")
            """
        )
        + textwrap.dedent(body),
        encoding="utf-8",
    )
    return subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, check=False
    )


def test_quick_exit_ends_the_process_after_main_with_the_log_written(tmp_path):
    done = _run_script(
        tmp_path,
        """
        def main(smk):
            logging.getLogger("prismake.demo").info("wrote %d rows", 3)
            return [[i] for i in range(1000)]
        run(snakemake, main, quick_exit=True)
        print("after run")
        """,
    )
    assert done.returncode == 0, done.stderr
    assert "after run" not in done.stdout  # nothing after run() ran
    assert "wrote 3 rows" in (tmp_path / "rule.log").read_text(encoding="utf-8")


def test_without_quick_exit_the_script_goes_on(tmp_path):
    done = _run_script(
        tmp_path,
        """
        run(snakemake, lambda smk: None)
        print("after run")
        """,
    )
    assert done.returncode == 0, done.stderr
    assert "after run" in done.stdout


def test_an_error_exits_non_zero_with_its_message_in_the_log(tmp_path):
    done = _run_script(
        tmp_path,
        """
        def main(smk):
            raise InputError("no such column", value="titel", expected="title")
        run(snakemake, main, quick_exit=True)
        """,
    )
    assert done.returncode == 1
    assert "no such column" in done.stderr
    assert "no such column" in (tmp_path / "rule.log").read_text(encoding="utf-8")
