"""Support for the thin scripts that Snakemake rules run.

A rule's script defines ``main(smk)`` and ends with ``run(snakemake, main)``. :func:`run` sends
logging to the rule's log file, runs ``main``, and turns a :class:`~prismake.errors.PrismakeError`
into one clear message on stderr and in the log (with a failed table's failure cases), then exits
non-zero. Snakemake keeps the log of a failed job and deletes its outputs, so no partial output
remains.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from typing import Any

from prismake.errors import PrismakeError, ValidationError


def run(smk: Any, main: Callable[[Any], object], *, quick_exit: bool = False) -> None:
    """Run a rule's ``main(smk)`` with logging to the rule's log file.

    With ``quick_exit`` the process ends as soon as ``main`` has returned and the logs are
    flushed, keeping what ``main`` returns alive until then: freeing a large table one object
    at a time only delays the end of the job (0.19 s of CPU for 100,000 imported records,
    bench/bench_import.py). ``main`` must have closed every file it wrote.
    """
    log_path = smk.log[0] if len(smk.log) else None
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if log_path:
        handlers.append(logging.FileHandler(log_path, mode="w", encoding="utf-8"))
    logging.basicConfig(
        level=logging.INFO, handlers=handlers, force=True,
        format="%(levelname)s %(name)s: %(message)s",
    )
    log = logging.getLogger(f"prismake.rule.{smk.rule}")
    try:
        built = main(smk)
    except PrismakeError as exc:
        log.error("%s", exc)
        if isinstance(exc, ValidationError) and exc.failure_cases is not None:
            log.error("failure cases:\n%s", exc.failure_cases)
        sys.exit(1)
    if quick_exit:
        _exit_now(keep=built)


def _exit_now(*, keep: object) -> None:
    """End the process with status 0 once logging and the standard streams are flushed,
    freeing nothing first (no interpreter clean-up runs); ``keep`` is held until then."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
