"""Subcommands of the ``prismake`` command line, one module each (see :mod:`prismake.cli`)."""
