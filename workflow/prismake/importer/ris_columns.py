"""RIS read column-wise: the raw records of UTF-8 RIS bytes as arrays, with no Python loop over
lines.

The reference reader (:func:`prismake.importer.ris.parse_ris`) walks the lines one by one, about a
microsecond a line. :func:`read_piece` looks at all the lines of a piece of a file at once:
numpy classifies them from their first six bytes, Arrow's regular expressions classify the few
that are not plain ``XX  - value`` lines, and the structure of the records (each opened by
``TY`` and closed by ``ER``) is checked on the sequence of tags. For the texts it accepts, the
fields are those of the reference reader: the same tags with the same values in the same order,
continuation lines joined to their value with a newline, tags written after ``ER`` given to the
record before them, values stripped as ``str.strip`` strips them.

It declines (returns None) every text on which the reference reader raises an error (a record
cut off, a tag outside a record, a malformed tag line) and the few on which it does something this
reader does not copy:

* a line such as ``TI  -x`` (no space after the dash), which is a tag line inside a record but
  not outside one;
* a continuation line under an empty tag line whose tag already has a value in the record.

The caller then reads the text with the reference reader, which gives the records or the error.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from prismake.importer.ris import KNOWN_TAGS

#: The characters ``str.strip`` and ``str.split`` treat as whitespace (a test checks the list).
PY_WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_SPACE_CLASS = "".join(f"\\x{{{ord(c):x}}}" for c in PY_WHITESPACE)
#: A tag line as the reference reader's slow path reads it (``KW - x``, ``A1<TAB>- x``, ...).
_LOOSE = "^[A-Z][A-Z0-9][ \\t]{0,3}-(?:[ \\t]|$)"
_LOOSE_HEAD = "^[A-Z][A-Z0-9][ \\t]{0,3}-"
#: A tag line inside a record only: ``TI  -x``.
_INSIDE_ONLY = "^[A-Z][A-Z0-9]  -[^ \\t]"
#: What the reference reader calls a malformed tag line, when it is no tag line.
_TAG_LIKE = "^[A-Za-z0-9]{2}  - "
_BLANK = f"^[{_SPACE_CLASS}]*$"
#: Pieces of this many bytes or more have 64-bit offsets (Arrow's large string type).
LARGE_FROM = 2**31 - 1

_UPPER = np.zeros(256, dtype=bool)
_UPPER[ord("A") : ord("Z") + 1] = True
_UPPER_OR_DIGIT = _UPPER.copy()
_UPPER_OR_DIGIT[ord("0") : ord("9") + 1] = True
#: Which two-byte codes are tags (an upper-case letter, then an upper-case letter or a digit).
_VALID = np.outer(_UPPER, _UPPER_OR_DIGIT).ravel()
#: ``"  - "`` read as one little-endian number.
_DASH_WORD = int.from_bytes(b"  - ", "little")
#: Bytes that may start or end whitespace: ASCII controls, the space, any non-ASCII byte.
_MAYBE_SPACE = np.zeros(256, dtype=bool)
_MAYBE_SPACE[: ord(" ") + 1] = True
_MAYBE_SPACE[0x80:] = True


def tag_code(tag: str) -> int:
    """The number a two-letter tag is known by in a :class:`Piece`."""
    return ord(tag[0]) << 8 | ord(tag[1])


def tag_name(code: int) -> str:
    return chr(code >> 8) + chr(code & 0xFF)


#: Which Python strings are made together (see :func:`read_piece`): the values of the tags of
#: one canonical column (title, authors, journal, abstract, keywords), then all the others.
#: Made in this order, each column's strings lie together in memory, and the validation and
#: the CSV writer, which go through the table column by column, read them faster.
_KIND = np.full(1 << 16, 5, dtype=np.int8)
_KIND[[tag_code(t) for t in ("TI", "T1", "CT")]] = 0
_KIND[[tag_code(t) for t in ("AU", "A1")]] = 1
_KIND[[tag_code(t) for t in ("JF", "T2", "JO", "BT", "J2", "JA", "J1")]] = 2
_KIND[[tag_code(t) for t in ("AB", "N2")]] = 3
_KIND[tag_code("KW")] = 4
_KINDS = 6
_TY = tag_code("TY")
_ER = tag_code("ER")
_KNOWN = frozenset(map(tag_code, KNOWN_TAGS))


@dataclass
class Piece:
    """The records of a piece of RIS text, field by field.

    A *group* is one tag of one record with its non-empty values (tags with no value are left
    out, as nothing downstream tells them from absent ones). Groups are in file order of their
    record, then of the tag's first line in the record; ``values[start[g]:stop[g]]`` are the
    values of group ``g`` in file order (Python strings).
    """

    lines: int  # how many lines the piece holds
    record_lines: np.ndarray  # the line where each record starts (its TY line)
    group_record: np.ndarray  # the record of each group
    group_tag: np.ndarray  # the tag of each group (see :func:`tag_code`)
    start: np.ndarray
    stop: np.ndarray
    values: np.ndarray  # of str
    unknown: dict[str, int]  # the first line of each tag outside KNOWN_TAGS, in a record

    @property
    def records(self) -> int:
        return len(self.record_lines)


def read_piece(data: bytes | memoryview, *, first: int = 1) -> Piece | None:
    """The records of ``data``: whole lines of UTF-8 RIS text (``\\n`` line ends, no byte-order
    mark), the first being line ``first`` of the file; None where the reference reader would
    raise or read otherwise (see the module docstring). Raises ``pyarrow.ArrowInvalid`` when
    ``data`` is not UTF-8."""
    if len(data) and data[-1] != 10:
        data = bytes(data) + b"\n"  # the last line of a file without a final line end
    buf = np.frombuffer(data, dtype=np.uint8)
    ends = _line_ends(buf)
    n = len(ends)
    if n == 0:
        return None
    starts = np.empty(n, dtype=np.int64)
    starts[0] = 0
    starts[1:] = ends[:-1] + 1
    lines = _lines(data, ends)  # each with its line end
    lines.validate(full=True)  # UTF-8, or ArrowInvalid

    strict, line_codes = _strict(data, starts)
    others = _without_line_end(lines.filter(pa.array(~strict)))
    rest = np.flatnonzero(~strict)
    loose = _matches(others, _LOOSE)
    if _matches(others, _INSIDE_ONLY).any():
        return None
    if (_matches(others, _TAG_LIKE) & ~loose).any():
        return None  # a malformed tag line: the reference reader's error
    text = ~loose & ~_matches(others, _BLANK)

    is_tag = strict.copy()
    is_tag[rest[loose]] = True
    tag_lines = np.flatnonzero(is_tag)
    codes = line_codes[tag_lines]
    structure = _structure(codes, tag_lines, n)
    if structure is None:
        return None
    record_of_tag, inside_tag, inside_line = structure
    continued = text & inside_line[rest]  # continuation lines; other text lies between records

    fixed = _fixed_values(
        lines,
        buf=buf,
        starts=starts,
        ends=ends,
        strict=strict,
        loose_lines=rest[loose],
        loose_texts=others.filter(pa.array(loose)),
        owners=_owners(tag_lines, rest[continued]),
        continuations=_trim(others.filter(pa.array(continued))),
        codes=codes,
        records=record_of_tag,
    )
    if fixed is None:
        return None
    fix, fixed_values = fixed
    value_of = np.zeros(n, dtype=bool)  # lines that are tag lines holding a value
    value_of[tag_lines[codes != _ER]] = True
    plain = value_of & ~fix & (ends - starts > 6)
    value_of &= plain | fix
    fix_at = np.flatnonzero(fix)
    fixed_kept = value_of[fix_at] & (_lengths(fixed_values) > 0)
    value_of[fix_at] = fixed_kept
    values = np.empty(np.count_nonzero(value_of), dtype=object)
    kind = np.where(fix, -1, _KIND[line_codes])[value_of]
    for number in range(_KINDS):
        mask = plain & (_KIND[line_codes] == number)
        if mask.any():
            values[kind == number] = _objects(_slice_values(lines.filter(pa.array(mask))))
    values[kind == -1] = _objects(fixed_values.filter(pa.array(fixed_kept)))
    kept = value_of[tag_lines]
    empty = np.flatnonzero(~kept & (codes != _ER))  # tag lines with no value
    return _grouped(
        lines=n,
        record_lines=tag_lines[codes == _TY] + first,
        records=record_of_tag[kept],
        codes=codes[kept],
        values=values,
        unknown=_unknown(codes, inside_tag, tag_lines, first),
        positions=np.flatnonzero(kept),
        empty=(record_of_tag[empty], codes[empty], empty),
    )


def _line_ends(buf: np.ndarray, *, step: int = 1 << 20) -> np.ndarray:
    """The places of the ``\\n`` bytes of ``buf``, found ``step`` bytes at a time: a test of a
    whole 16 MB piece at once needs 16 MB of fresh memory for its answer, every piece, and cost
    0.18 s of CPU for a 340 MB file, against 0.11 s (bench/bench_import.py, "read + parse")."""
    if len(buf) <= step:
        return np.flatnonzero(buf == 10)
    found = [np.flatnonzero(buf[at : at + step] == 10) + at for at in range(0, len(buf), step)]
    return np.concatenate(found)


def _slice_values(lines: pa.Array) -> pa.Array:
    """What follows ``XX  - `` on each line, without the line end."""
    return pc.binary_slice(_as_binary(lines), 6, -1).view(lines.type)


def _objects(array: pa.Array) -> np.ndarray:
    return array.to_numpy(zero_copy_only=False)


def _large(array: pa.Array) -> bool:
    return pa.types.is_large_string(array.type) or pa.types.is_large_binary(array.type)


def _lines(data: bytes, ends: np.ndarray) -> pa.Array:
    """The lines of ``data``, each with its line end, as an Arrow array over the same bytes."""
    n = len(ends)
    large = len(data) >= LARGE_FROM
    offsets = np.empty(n + 1, dtype=np.int64 if large else np.int32)
    offsets[0] = 0
    offsets[1:] = ends + 1
    kind = pa.LargeStringArray if large else pa.StringArray
    return kind.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(data))


def _strict(data: bytes, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which lines are plain tag lines, ``XX  - `` and a value (``XX``: an upper-case letter,
    then an upper-case letter or a digit), and the tag code of every line's first two bytes.

    Each test reads a few bytes at each line start as one number; a line too short for it
    reads into its own line end, which no test accepts."""
    size = len(data)
    if size < 6:
        return np.zeros(len(starts), dtype=bool), np.zeros(len(starts), dtype=np.int64)
    pairs = np.ndarray((size - 1,), dtype=">u2", buffer=data, strides=(1,))
    words = np.ndarray((size - 3,), dtype="<u4", buffer=data, strides=(1,))
    codes = pairs[np.minimum(starts, size - 2)].astype(np.int64)
    strict = (words[np.minimum(starts + 2, size - 4)] == _DASH_WORD) & _VALID[codes]
    return strict, codes


def _without_line_end(lines: pa.Array) -> pa.Array:
    return pc.binary_slice(_as_binary(lines), 0, -1).view(lines.type)


def _as_binary(array: pa.Array) -> pa.Array:
    return array.view(pa.large_binary() if _large(array) else pa.binary())


def _lengths(array: pa.Array) -> np.ndarray:
    return pc.binary_length(array).to_numpy(zero_copy_only=False)


def _matches(array: pa.Array, pattern: str) -> np.ndarray:
    return pc.match_substring_regex(array, pattern).to_numpy(zero_copy_only=False)


def _trim(array: pa.Array) -> pa.Array:
    return pc.utf8_trim(array, characters=PY_WHITESPACE)


def _structure(
    codes: np.ndarray, tag_lines: np.ndarray, n: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """The record of each tag line, whether it lies inside its record (not after its ``ER``),
    and whether each line lies inside a record; None unless every record opens with ``TY``,
    closes with ``ER`` and no tag comes before the first ``TY``."""
    is_ty = codes == _TY
    is_er = codes == _ER
    markers = codes[is_ty | is_er]
    if len(markers) == 0 or len(markers) % 2:
        return None
    if (markers[0::2] != _TY).any() or (markers[1::2] != _ER).any():
        return None
    opened = np.cumsum(is_ty)
    if opened[0] == 0:
        return None  # a tag before the first record
    closed_before = np.cumsum(is_er) - is_er
    inside_tag = opened > closed_before
    per_line = np.zeros(n + 1, dtype=np.int64)
    per_line[tag_lines[is_ty]] += 1
    per_line[tag_lines[is_er] + 1] -= 1
    inside_line = np.cumsum(per_line[:n]) > 0
    return opened - 1, inside_tag, inside_line


@dataclass
class _Owners:
    """The tag lines that continuation lines continue (by line, then by place among the tag
    lines), and how many continuation lines each has."""

    lines: np.ndarray
    tags: np.ndarray
    counts: np.ndarray


def _owners(tag_lines: np.ndarray, text_lines: np.ndarray) -> _Owners:
    """The tag line each continuation line continues: the last tag line above it."""
    position = np.searchsorted(tag_lines, text_lines, side="right") - 1
    if len(position) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return _Owners(empty, empty, empty)
    firsts = np.concatenate([[0], np.flatnonzero(position[1:] != position[:-1]) + 1])
    counts = np.diff(np.append(firsts, len(position)))
    return _Owners(tag_lines[position[firsts]], position[firsts], counts)


def _fixed_values(
    lines: pa.Array,
    *,
    buf: np.ndarray,
    starts: np.ndarray,
    ends: np.ndarray,
    strict: np.ndarray,
    loose_lines: np.ndarray,
    loose_texts: pa.Array,
    owners: _Owners,
    continuations: pa.Array,
    codes: np.ndarray,
    records: np.ndarray,
) -> tuple[np.ndarray, pa.Array] | None:
    """The tag lines whose value is more than the text after ``XX  - `` (a mask of lines), and
    their values as the reference reader reads them: stripped, with the continuation lines under
    them joined on with newlines. None for an empty tag line with continuation lines when its
    tag already appeared in the record (the reference reader then continues the value before
    it)."""
    n = len(starts)
    first, last = starts + 6, ends - 1
    long = np.flatnonzero(strict & (first <= last))
    fix = np.zeros(n, dtype=bool)
    fix[long] = _MAYBE_SPACE[buf[first[long]]] | _MAYBE_SPACE[buf[last[long]]]
    is_loose = np.zeros(n, dtype=bool)
    is_loose[loose_lines] = True
    fix |= is_loose
    fix[owners.lines] = True
    base = _trim(_slice_values(lines.filter(pa.array(fix & ~is_loose))))
    fix_at = np.flatnonzero(fix)
    if len(loose_lines):
        head = pc.replace_substring_regex(loose_texts, _LOOSE_HEAD, "", max_replacements=1)
        loose_values = _trim(head).cast(base.type)
        from_loose = is_loose[fix_at]
        order = np.empty(len(fix_at), dtype=np.int64)
        order[~from_loose] = np.arange(len(base))
        order[from_loose] = len(base) + np.arange(len(loose_values))
        base = pa.concat_arrays([base, loose_values]).take(pa.array(order))
    if len(owners.lines) == 0:
        return fix, base
    owner_at = np.searchsorted(fix_at, owners.lines)
    owned = _lengths(base)[owner_at] > 0
    for tag, opening in zip(
        owners.tags[~owned].tolist(),
        np.searchsorted(records, records[owners.tags[~owned]]).tolist(),
        strict=True,
    ):
        if (codes[opening:tag] == codes[tag]).any():
            return None
    # Each fixed line's value is the join of its pieces: its own value (left out when it is
    # empty and continuation lines follow), then its continuation lines.
    sizes = np.ones(len(fix_at), dtype=np.int64)
    sizes[owner_at] = owned + owners.counts
    offsets = np.zeros(len(fix_at) + 1, dtype=np.int64)
    np.cumsum(sizes, out=offsets[1:])
    own = np.ones(len(fix_at), dtype=bool)
    own[owner_at[~owned]] = False
    is_own_piece = np.zeros(offsets[-1], dtype=bool)
    is_own_piece[offsets[:-1][own]] = True
    take = np.empty(offsets[-1], dtype=np.int64)
    take[is_own_piece] = np.flatnonzero(own)
    take[~is_own_piece] = len(fix_at) + np.arange(len(continuations))
    pieces = pa.concat_arrays([base, continuations.cast(base.type)]).take(pa.array(take))
    lists = pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), pieces)
    return fix, pc.binary_join(lists, pa.scalar("\n", type=base.type))


def _unknown(codes, inside_tag, tag_lines, first) -> dict[str, int]:
    """The first line, inside a record, of each tag outside :data:`KNOWN_TAGS`."""
    inside = inside_tag & (codes != _ER)
    found = np.flatnonzero(np.bincount(codes[inside], minlength=1 << 16))
    out = {}
    for code in found.tolist():
        if code not in _KNOWN:
            at = np.flatnonzero(inside & (codes == code))[0]
            out[tag_name(code)] = int(tag_lines[at]) + first
    return out


def _grouped(*, lines, record_lines, records, codes, values, unknown, positions, empty) -> Piece:
    """Group the values of each tag of each record, in file order of the records and of each
    tag's first line in its record (a line with no value counts: the reference reader makes
    the tag's key there).

    ``positions`` are the places of the values' lines among the tag lines; ``empty`` the
    records, tags and places of the tag lines with no value. ``values`` (an array the caller
    made for this) is reordered in place."""
    keys = records << 16 | codes
    if len(keys) == 0:
        none = np.zeros(0, dtype=np.int64)
        return Piece(lines, record_lines, none, none, none, none, values, unknown)
    starts = np.concatenate([[0], np.flatnonzero(keys[1:] != keys[:-1]) + 1])
    # Sorted stably (timsort), which finds the keys already in order within each record and
    # merges them: 0.012 s against 0.064 s of CPU for the default quicksort on the pieces of a
    # file of 100,000 records (the corpus of bench/bench_import.py).
    runs = np.sort(keys[starts], kind="stable")
    repeated = runs[1:][runs[1:] == runs[:-1]]  # a tag whose lines are not together
    earlier = _empty_first(keys, records, *empty)  # a tag whose key an empty line made
    if len(repeated) or earlier is not None:
        extra_keys, extra_places = earlier if earlier is not None else (repeated[:0],) * 2
        order = _reordered(
            keys,
            records,
            positions,
            np.concatenate([repeated, extra_keys]),
            extra_keys,
            extra_places,
        )
        keys, records, codes = keys[order], records[order], codes[order]
        # Only the values that move are rewritten: the records holding a troubled key, a tenth
        # of a piece's values in the benchmark's exports. Taking the whole array in the new
        # order touched every value's string (for its reference count) and cost 0.11 s of CPU
        # a file of 100,000 records, against 0.01 s (bench/bench_import.py).
        moved = np.flatnonzero(order != np.arange(len(order)))
        values[moved] = values[order[moved]]
        starts = np.concatenate([[0], np.flatnonzero(keys[1:] != keys[:-1]) + 1])
    return Piece(
        lines=lines,
        record_lines=record_lines,
        group_record=records[starts],
        group_tag=codes[starts],
        start=starts.astype(np.int64),
        stop=np.append(starts[1:], len(keys)).astype(np.int64),
        values=values,
        unknown=unknown,
    )


def _reordered(keys, records, positions, troubled, extra_keys, extra_places) -> np.ndarray:
    """The order of the values that groups each tag of each record: the records holding a
    ``troubled`` key are sorted by each tag's first place (``extra_keys`` and ``extra_places``
    add places with no value), the rest keep file order."""
    affected = np.unique(troubled >> 16)
    low = np.searchsorted(records, affected)
    high = np.searchsorted(records, affected, side="right")
    sizes = high - low
    at = np.repeat(low - np.concatenate([[0], np.cumsum(sizes)[:-1]]), sizes)
    at += np.arange(int(sizes.sum()))
    sub_keys = np.concatenate([keys[at], extra_keys])
    sub_places = np.concatenate([positions[at], extra_places])
    by_place = np.argsort(sub_places, kind="stable")
    unique, first_at = np.unique(sub_keys[by_place], return_index=True)
    opened = sub_places[by_place][first_at][np.searchsorted(unique, keys[at])]
    order = np.arange(len(keys))
    order[at] = at[np.lexsort((positions[at], opened))]
    return order


def _empty_first(keys, records, empty_records, empty_codes, empty_positions):
    """The keys and places of the empty tag lines whose tag also has values in the record, or
    None when there are none."""
    found = []
    for record, code, position in zip(
        empty_records.tolist(), empty_codes.tolist(), empty_positions.tolist(), strict=True
    ):
        begin, end = np.searchsorted(records, [record, record + 1])
        if (keys[begin:end] == (record << 16 | code)).any():
            found.append((record << 16 | code, position))
    if not found:
        return None
    return np.array([k for k, _ in found], dtype=np.int64), np.array([p for _, p in found])
