"""The first validation layer: config and human sheets checked against JSON Schemas.

The schemas live in ``workflow/schemas/`` and are loaded by the caller (the Snakefile's
``common.smk`` or a test), so this module stays free of path conventions. Checks here are
structural: columns, types, vocabularies, patterns, conditional requirements. Whether an id in a
sheet exists in the review is checked later, by the stage that knows the ids.

Every error names the file, the line (physical line in the file, header = line 1), the bad value
and what was expected. All bad rows of a sheet are reported together, up to a limit; the error's
``problems`` attribute lists every one.
"""

from __future__ import annotations

import copy
import csv
import functools
import io
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import jsonschema
import pandas as pd
import yaml

from prismake.errors import ConfigError, SheetError

#: How many bad rows one error message lists before summarising the rest.
MAX_REPORTED = 10
#: The workflow's JSON Schemas (``workflow/schemas``), beside the package in the repository.
SCHEMA_DIR = Path(__file__).resolve().parents[1] / "schemas"


def load_schema(path: str | Path) -> dict[str, Any]:
    """Read a JSON Schema written as YAML."""
    with Path(path).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@functools.cache
def _named_schema(name: str) -> dict[str, Any]:
    return load_schema(SCHEMA_DIR / f"{name}.schema.yaml")


def schema(name: str) -> dict[str, Any]:
    """The workflow schema ``workflow/schemas/<name>.schema.yaml`` (a fresh copy)."""
    return copy.deepcopy(_named_schema(name))


def _validator(schema: Mapping[str, Any]) -> jsonschema.protocols.Validator:
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _expected(error: jsonschema.ValidationError) -> str:
    """A short 'what was expected' from a jsonschema error."""
    keyword, rule = error.validator, error.validator_value
    if keyword == "enum":
        return "one of " + ", ".join(repr(v) for v in rule)
    if keyword == "pattern":
        return f"text matching {rule!r}"
    if keyword == "type":
        return f"a value of type {rule}"
    if keyword == "required":
        return "a value (this column is required here)"
    if keyword == "minLength":
        return "a non-empty value" if rule == 1 else f"at least {rule} characters"
    if keyword == "maxLength" and rule == 0:
        return "an empty value here"
    if keyword in {"minimum", "maximum"}:
        return f"a number {'>=' if keyword == 'minimum' else '<='} {rule}"
    if keyword == "additionalProperties":
        return "only the documented keys"
    if keyword == "minItems":
        return f"at least {rule} items"
    return error.message


def _decode(path: Path, data: bytes, exc_cls: type[SheetError] | type[ConfigError]) -> str:
    if not data.strip():
        raise exc_cls("the file is empty", path=path, expected="a header row and data rows")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise exc_cls("the file is UTF-16 encoded", path=path, line=1, expected="UTF-8 text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise exc_cls(
            "the file is not valid UTF-8",
            path=path,
            line=line,
            value=data[max(exc.start - 10, 0) : exc.end + 10],
            expected="UTF-8 text (save the sheet as 'CSV UTF-8')",
        ) from exc


def _rows(text: str, *, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """Yield (line where the row starts, cells) for each row, header included."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    start = 1
    for cells in reader:
        yield start, cells
        start = reader.line_num + 1


def _coerce(value: str, spec: Mapping[str, Any]) -> object:
    if spec.get("type") == "integer":
        try:
            return int(value)
        except ValueError:
            return value
    if spec.get("type") == "number":
        try:
            return float(value)
        except ValueError:
            return value
    if spec.get("type") == "boolean" and value.lower() in {"true", "false"}:
        return value.lower() == "true"
    return value


def _report(
    problems: Sequence[tuple[int, str, object, str]],
    path: Path,
    exc_cls: type[SheetError] | type[ConfigError],
) -> SheetError | ConfigError:
    line, message, value, expected = problems[0]
    extra = ""
    if len(problems) > 1:
        shown = [f"line {ln}: {msg}, found {val!r}" for ln, msg, val, _ in problems[1:MAX_REPORTED]]
        more = len(problems) - MAX_REPORTED
        extra = "; also " + "; ".join(shown) + (f"; and {more} more" if more > 0 else "")
    error = exc_cls(message, path=path, line=line, value=value, expected=expected + extra)
    error.problems = list(problems)
    return error


def read_sheet(
    path: str | Path,
    *,
    schema: Mapping[str, Any],
    error: type[SheetError] | type[ConfigError] = SheetError,
) -> pd.DataFrame:
    """Read a human sheet (CSV, or TSV for ``.tsv``) and check it against ``schema``.

    Returns a frame with every property of the schema as a column (defaults filled in), text as
    ``object`` dtype and integer properties as nullable ``Int64``; adds ``line``, the physical
    line where each row starts, so later checks can point at it, and records the file in
    ``frame.attrs["path"]``. Problems raise ``error`` (:class:`SheetError` by default).
    """
    path = Path(path)
    if not path.is_file():
        raise error("the file does not exist", path=path, expected="a CSV sheet")
    text = _decode(path, path.read_bytes(), error)
    delimiter = "\t" if path.suffix == ".tsv" else ","
    properties: Mapping[str, Any] = schema.get("properties", {})
    required = set(schema.get("required", []))
    validator = _validator(schema)
    try:
        rows = list(_rows(text, delimiter=delimiter))
    except csv.Error as exc:
        raise error(f"the CSV is malformed ({exc})", path=path, expected="valid CSV") from exc
    _, header = rows[0]
    header = [h.strip() for h in header]
    missing = [c for c in properties if c in required and c not in header]
    unknown = [c for c in header if c not in properties]
    if missing or unknown or len(set(header)) != len(header):
        duplicated = sorted({h for h in header if header.count(h) > 1})
        problem = (
            f"missing column(s) {missing}"
            if missing
            else f"unknown column(s) {unknown}"
            if unknown
            else f"repeated column(s) {duplicated}"
        )
        raise error(
            f"bad header: {problem}",
            path=path,
            line=1,
            value=header,
            expected="columns "
            + ", ".join(properties)
            + " (required: "
            + ", ".join(c for c in properties if c in required)
            + ")",
        )
    problems: list[tuple[int, str, object, str]] = []
    records: list[dict[str, object]] = []
    for line, cells in rows[1:]:
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            problems.append(
                (
                    line,
                    f"the row has {len(cells)} cells",
                    cells,
                    f"{len(header)} cells, one per column",
                )
            )
            continue
        row: dict[str, object] = {}
        for column, cell in zip(header, cells, strict=True):
            cell = cell.strip()
            if cell == "" and column not in required:
                continue
            row[column] = _coerce(cell, properties[column])
        errors = sorted(validator.iter_errors(row), key=lambda e: list(e.path))
        if errors:
            first = errors[0]
            column = first.path[0] if first.path else None
            where = f"column {column!r}" if column else "the row"
            value = row.get(column) if column else cells
            if first.validator == "required":
                missing_fields = [f for f in first.validator_value if f not in row]
                where, value = f"column {missing_fields[0]!r}", ""
            problems.append((line, f"bad value in {where}", value, _expected(first)))
            continue
        row["line"] = line
        records.append(row)
    if problems:
        raise _report(problems, path, error)
    columns = [*properties, "line"]
    frame = pd.DataFrame.from_records(records, columns=columns)
    for column, spec in properties.items():
        default = spec.get("default", "" if spec.get("type") == "string" else None)
        if spec.get("type") == "integer":
            frame[column] = pd.array(frame[column].tolist(), dtype="Int64")
        else:
            frame[column] = frame[column].astype(object).where(frame[column].notna(), default)
    frame["line"] = pd.array(frame["line"].tolist(), dtype="Int64")
    frame.attrs["path"] = str(path)
    return frame


# --------------------------------------------------------------------------- config


def _fill_defaults(instance: object, schema: Mapping[str, Any], root: Mapping[str, Any]) -> None:
    """Fill ``default``s of object properties into ``instance``, recursively, in place.

    Only called on a fresh copy made by :func:`check_config`, never on a caller's object.
    """
    if "$ref" in schema:
        ref = schema["$ref"]
        if ref.startswith("#/"):
            target: Any = root
            for part in ref[2:].split("/"):
                target = target[part]
            _fill_defaults(instance, target, root)
        return
    if not isinstance(instance, dict):
        if isinstance(instance, list) and isinstance(schema.get("items"), Mapping):
            for item in instance:
                _fill_defaults(item, schema["items"], root)
        return
    for key, spec in schema.get("properties", {}).items():
        if key not in instance and "default" in spec:
            instance[key] = yaml.safe_load(yaml.safe_dump(spec["default"]))
        if key in instance:
            _fill_defaults(instance[key], spec, root)


def _node_line(node: yaml.Node | None, path: Sequence[object]) -> int | None:
    """The line of the YAML node at ``path`` (or of its nearest existing parent)."""
    line = None if node is None else node.start_mark.line + 1
    for part in path:
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if k.value == part), None)
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value)
        ):
            child = node.value[part]
        else:
            child = None
        if child is None:
            break
        node, line = child, child.start_mark.line + 1
    return line


def _dotted(path: Sequence[object]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "<top level>"


def check_config(
    config: Mapping[str, Any], *, schema: Mapping[str, Any], path: str | Path | None = None
) -> dict[str, Any]:
    """Check a parsed config against ``schema``; return a copy with defaults filled in.

    ``path`` is the YAML file the config came from, used to name the file and line in errors.
    """
    errors = sorted(_validator(schema).iter_errors(config), key=lambda e: list(e.path))
    if errors:
        first = errors[0]
        where = list(first.path)
        line = None
        if path is not None and Path(path).is_file():
            try:
                line = _node_line(yaml.compose(Path(path).read_text(encoding="utf-8")), where)
            except yaml.YAMLError:
                line = None
        raise ConfigError(
            f"bad value at {_dotted(where)}",
            path=path,
            line=line,
            value=first.instance if not isinstance(first.instance, dict) else None,
            expected=_expected(first),
        )
    filled = yaml.safe_load(yaml.safe_dump(dict(config)))
    _fill_defaults(filled, schema, schema)
    return filled


def load_config(path: str | Path, *, schema: Mapping[str, Any]) -> dict[str, Any]:
    """Read the review's YAML config, check it against ``schema`` and fill in defaults."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError("the config file does not exist", path=path)
    text = _decode(path, path.read_bytes(), ConfigError)
    try:
        config = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ConfigError(
            f"not valid YAML ({getattr(exc, 'problem', exc)})",
            path=path,
            line=None if mark is None else mark.line + 1,
            expected="a YAML mapping",
        ) from exc
    return check_config(config, schema=schema, path=path)


def read_sources(
    path: str | Path, *, schema: Mapping[str, Any], root: str | Path = "."
) -> pd.DataFrame:
    """Read the search log (``config/sources.tsv``): one export file per row.

    Besides the schema, checks that source ids are unique and that every export file exists
    under ``root`` (the project root).
    """
    path = Path(path)
    sources = read_sheet(path, schema=schema, error=ConfigError)
    seen: dict[str, int] = {}
    for source_id, file, line in zip(
        sources["source_id"], sources["file"], sources["line"], strict=True
    ):
        if source_id in seen:
            raise ConfigError(
                f"source_id repeats the one on line {seen[source_id]}",
                path=path,
                line=int(line),
                value=source_id,
                expected="a unique source_id per row",
            )
        seen[source_id] = int(line)
        if not (Path(root) / file).is_file():
            raise ConfigError(
                "the export file does not exist",
                path=path,
                line=int(line),
                value=file,
                expected="a path relative to the project root",
            )
    if sources.empty:
        raise ConfigError(
            "the search log lists no sources", path=path, expected="one row per export"
        )
    return sources
