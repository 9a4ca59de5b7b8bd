"""The column-wise RIS reader gives the reference reader's tables, errors and warnings.

The reference is the line-by-line reader (:mod:`prismake.importer.ris`) with the record-by-record
mapping (:func:`prismake.importer.canonical.extract_rows`); ``prismake.importer.COLUMNWISE =
False`` makes the importer use only them. Every RIS file at hand is read both ways, whole and
in pieces of a few bytes, and generated RIS text too; where the column-wise reader declines a
text, the reference reads it, so the outcome is the same by construction there.
"""

from __future__ import annotations

import hashlib
import logging
import unicodedata

import numpy as np
import prismake.importer as importer_module
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from prismake.errors import PrismakeError
from prismake.importer import read_file, ris_columns, ris_pieces, specs
from prismake.importer import stream as stream_module
from prismake.importer.canonical import _EXTRACTED, extract_rows
from prismake.importer.detect import detect_text
from prismake.importer.encoding import decode
from prismake.importer.ris import parse_ris_text
from prismake.importer.ris_columns import PY_WHITESPACE
from prismake.importer.ris_mapping import COLUMNS, implements


def _ris_files(root):
    """The files under ``root`` whose content reads as RIS."""
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        try:
            text, _ = decode(path.read_bytes())
            if detect_text(text) == "ris":
                yield path
        except PrismakeError:
            continue


def _outcome(path, caplog, *, columnwise, patches=None):
    """The table (every value, mapping keys in order) or the error, and the warnings."""
    caplog.clear()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(importer_module, "COLUMNWISE", columnwise)
        for (module, name), value in (patches or {}).items():
            patch.setattr(module, name, value)
        try:
            df = read_file(path, display_path=path.name)
            table = [
                {k: list(v.items()) if isinstance(v, dict) else v for k, v in row.items()}
                for row in df.to_dict("records")
            ]
        except PrismakeError as exc:
            table = str(exc)
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    return table, warnings


#: Ways of reading a file: whole (the text decoded, then read column-wise), and streamed in
#: pieces of a few bytes (each cut before a record's ``TY`` line).
MODES = {
    "whole": {},
    "pieces": {
        (importer_module, "STREAM_FROM"): 0,
        (ris_pieces, "PIECE_BYTES"): 64,
        (stream_module, "PIECE_BYTES"): 100,
    },
    # the 64-bit offsets of pieces of 2 GiB or more
    "large offsets": {(ris_columns, "LARGE_FROM"): 0},
    # a text with no strict record start to cut at, held no longer: the other readers read it
    "uncut": {
        (importer_module, "STREAM_FROM"): 0,
        (ris_pieces, "PIECE_BYTES"): 64,
        (ris_pieces, "MAX_PIECE_BYTES"): 0,
        (stream_module, "PIECE_BYTES"): 100,
    },
}


def _check_same(path, caplog):
    caplog.set_level(logging.WARNING)
    reference = _outcome(path, caplog, columnwise=False)
    for mode, patches in MODES.items():
        assert _outcome(path, caplog, columnwise=True, patches=patches) == reference, (path, mode)


def test_fixtures_read_the_same(test_data, caplog):
    files = list(_ris_files(test_data / "import"))
    assert len(files) > 25
    for path in files:
        _check_same(path, caplog)


def test_example_exports_read_the_same(project_root, caplog):
    files = list(_ris_files(project_root / "resources" / "exports"))
    assert len(files) >= 5
    for path in files:
        _check_same(path, caplog)


@pytest.mark.shared_data
def test_real_exports_read_the_same(shared_data, caplog):
    files = list(_ris_files(shared_data))
    assert len(files) > 60
    for path in files:
        _check_same(path, caplog)


def _columnwise(text, *, path="t.ris"):
    pieces = ris_pieces.record_pieces(ris_pieces.text_blocks(text.encode("utf-8")))
    return ris_pieces.read_columnwise(pieces, specs.RIS, path=path, source_id="s")


@pytest.mark.shared_data
def test_real_exports_are_read_column_wise(shared_data):
    """The column-wise reader takes every real RIS export the reference reads without error,
    but for the one whose year is no year (the reference reports it)."""
    declined = []
    for path in _ris_files(shared_data):
        text, _ = decode(path.read_bytes())
        try:
            records = parse_ris_text(text, path=path.name)
            extract_rows(records, specs.RIS, path=path.name, source_id="s", id_source_id=None)
        except PrismakeError:
            continue
        if _columnwise(text) is None:
            declined.append(path.name)
    assert declined == []


def test_large_offsets_give_the_same_columns(monkeypatch):
    """Pieces of 2 GiB or more use 64-bit offsets; a continuation line is joined all the same
    (not declined, and not an Arrow error)."""
    text = "TY  - JOUR\nTI  - A long title\ncontinued on a second line\nPY  - 2019\nER  - \n"
    small = _columnwise(text)
    monkeypatch.setattr(ris_columns, "LARGE_FROM", 0)
    large = _columnwise(text)
    assert large is not None
    assert large.columns["title"] == ["A long title continued on a second line"]
    assert large.columns == small.columns


def test_a_text_with_nowhere_to_cut_is_declined(monkeypatch):
    monkeypatch.setattr(ris_pieces, "PIECE_BYTES", 8)
    monkeypatch.setattr(ris_pieces, "MAX_PIECE_BYTES", 40)
    text = "".join(f"TY - JOUR\nTI - Title {n}\nER - \n" for n in range(5))
    assert _columnwise(text) is None


def test_fixtures_are_read_column_wise(test_data):
    for path in _ris_files(test_data / "import" / "good"):
        text, _ = decode(path.read_bytes())
        assert _columnwise(text) is not None, path.name


def test_the_spec_it_computes_is_the_ris_spec():
    """A change to the RIS spec makes the column-wise reader decline until it is updated (and
    this test fail)."""
    assert implements(specs.RIS)
    assert not implements(specs.NBIB)


def test_python_whitespace_is_complete():
    spaces = "".join(c for c in map(chr, range(0x110000)) if c.isspace())
    assert spaces == PY_WHITESPACE
    assert all(unicodedata.category(c) != "Cn" for c in spaces)


# --- generated RIS text ----------------------------------------------------------------------

VALUES = st.text(alphabet='ab ,-é&;\t\xa0\u2028"/.', max_size=8)
LINE = st.one_of(
    st.sampled_from(["TY  - JOUR", "TY  - CONF", "TY  - ", "ER  - ", "ER  -", "ER  - x"]),
    st.sampled_from(["1.", "Record #1 of 2", "", "   ", "\xa0", "NL  - J Soc", "TY - CONF"]),
    st.builds(
        lambda tag, value: f"{tag}  - {value}",
        st.sampled_from(
            ["TI", "T1", "AU", "A1", "KW", "AB", "DO", "PY", "Y1", "SP", "EP", "SN", "AN", "UR"]
            + ["JF", "T2", "M3", "N1", "L3", "U2", "ID", "DB", "DP", "LA", "ZZ", "Z9"]
        ),
        VALUES,
    ),
    st.sampled_from(
        [
            "PY  - 2019",
            "PY  - n.d.",
            "Y1  - 2001///",
            "DA  - 20xx",
            "SP  - No",
            "EP  - Specified",
            "SN  - 1234-5678",
            "SN  - 978-3-16-148410-0",
            "DO  - 10.1000/ABC.",
            "DO  - https://doi.org/10.1/x",
            "L3  - 10.5555/l3",
            "AN  - 12345678",
            "AN  - 2019-1; x",
            "DB  - MEDLINE",
            "U2  - L123456789",
            "UR  - https://www.scopus.com/x?eid=2-s2.0-123&b=1",
            "UR  - http://search.ebscohost.com/login.aspx?AN=99&db=x",
            "ID  - 12345678901",
            "N1  - Accession Number: 1. Language: English. PMID: NLM123.",
            "TI  - Caf\u00c3\u00a9 &amp; bar",
            "KW  - &lt;b&gt;",
        ]
    ),
    st.builds(lambda tag: f"{tag}  -", st.sampled_from(["AB", "KW", "DB", "TI"])),
    st.builds(lambda tag: f"{tag} - loose", st.sampled_from(["KW", "A1", "TI"])),
    st.sampled_from(["TI  -x", "py  - 2019", "  TI  - indented"]),
    st.text(alphabet="xyé -", min_size=1, max_size=5),  # continuation lines
)


def _reference(text):
    try:
        records = parse_ris_text(text, path="t.ris")
        if not records:
            return "no records"
        rows = extract_rows(records, specs.RIS, path="t.ris", source_id="s", id_source_id=None)
    except PrismakeError as exc:
        return str(exc)
    columns = {
        name: [list(v.items()) if isinstance(v, dict) else v for v in values]
        for name, values in zip(_EXTRACTED, zip(*rows.values, strict=True), strict=True)
    }
    return columns, rows.lines, rows.record_ids


def _read(text):
    found = _columnwise(text)
    if found is None:
        return None
    columns = {
        name: [list(v.items()) if isinstance(v, dict) else v for v in found.columns[name]]
        for name in COLUMNS
    }
    return columns, found.lines, found.record_ids


@given(
    lines=st.lists(LINE, max_size=40),
    records=st.integers(min_value=0, max_value=3),
    ends=st.sampled_from(["\n", "\r\n", "\r"]),
)
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_generated_text_reads_the_same(lines, records, ends):
    """Where the column-wise reader takes a text, its values, lines and record ids are the
    reference's; where the reference refuses a text, the column-wise reader declines it."""
    text = ends.join(["TY  - JOUR", "TI  - Opening", "ER  - "] * records + lines)
    expected = _reference(text)
    got = _read(text)
    if isinstance(expected, str):
        assert got is None, expected
    elif got is not None:
        assert got == expected


@given(lines=st.lists(LINE.filter(lambda line: "TY" not in line and "ER" not in line)))
@settings(max_examples=200, deadline=None)
def test_well_formed_records_are_taken(lines):
    """Records that open and close properly, with any mix of tag, continuation and blank lines
    (but the two the reader leaves to the reference), are read column-wise."""
    kept = [line for line in lines if line not in ("TI  -x", "py  - 2019")]
    text = "\n".join(["TY  - JOUR", *kept, "ER  - ", "TY  - BOOK", *kept, "ER  - "])
    expected = _reference(text)
    if isinstance(expected, str):
        return  # a year that is no year: the reference's error
    if any(line.rstrip().endswith("-") for line in kept):
        return  # an empty tag line may be continued onto an earlier value
    assert _read(text) == expected


# --- pieces ----------------------------------------------------------------------------------


def _text_in_blocks(test):
    """Run ``test`` on RIS-like text with every kind of line end, the sizes of the blocks it
    is read in, and the size of the pieces it is cut into."""
    return settings(max_examples=300, deadline=None)(given(
        text=st.text(alphabet="TY -ER\r\nxé", max_size=200),
        sizes=st.lists(st.integers(min_value=1, max_value=40), min_size=1, max_size=8),
        piece=st.integers(min_value=1, max_value=60),
    )(test))


def _blocks(data, sizes):
    """``data`` cut into blocks of the ``sizes``, taken in turn."""
    blocks, at = [], 0
    while at < len(data):
        size = sizes[len(blocks) % len(sizes)]
        blocks.append(data[at : at + size])
        at += size
    return blocks


@_text_in_blocks
def test_pieces_hold_the_text_with_line_ends_as_newlines(text, sizes, piece):
    blocks = _blocks(text.encode("utf-8"), sizes)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ris_pieces, "PIECE_BYTES", piece)
        pieces = [bytes(p) for p in ris_pieces.record_pieces(blocks)]
    expected = text.replace("\r\n", "\n").replace("\r", "\n").encode("utf-8")
    assert b"".join(pieces) == expected
    for number, piece_bytes in enumerate(pieces):
        assert piece_bytes
        if number:
            assert piece_bytes.startswith(b"TY  -")
        if number < len(pieces) - 1:
            assert piece_bytes.endswith(b"\n")


@given(data=st.binary(max_size=300), step=st.integers(min_value=1, max_value=40))
def test_line_ends_found_a_stretch_at_a_time_are_all_of_them(data, step):
    buf = np.frombuffer(data, dtype=np.uint8)
    found = ris_columns._line_ends(buf, step=step)
    assert found.tolist() == [at for at, byte in enumerate(data) if byte == 10]


def _reused(blocks):
    """``blocks`` as views of one buffer, overwritten with the next block (as
    :func:`prismake.importer.stream.utf8_blocks` gives them)."""
    buffer = bytearray(max(map(len, blocks), default=0))
    for block in blocks:
        buffer[: len(block)] = block
        yield memoryview(buffer)[: len(block)]
    buffer[:] = b"\x00" * len(buffer)  # a piece still viewing it would now be wrong


@_text_in_blocks
def test_pieces_of_reused_blocks_are_the_pieces_of_the_bytes(text, sizes, piece):
    blocks = _blocks(text.encode("utf-8"), sizes)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ris_pieces, "PIECE_BYTES", piece)
        expected = [bytes(p) for p in ris_pieces.record_pieces(blocks)]
        assert [bytes(p) for p in ris_pieces.record_pieces(_reused(blocks))] == expected


@pytest.mark.parametrize("start", [b"", b"\xef\xbb\xbf"], ids=["plain", "byte-order mark"])
def test_utf8_blocks_give_the_files_bytes_and_hash(tmp_path, start):
    records = "".join(f"TY  - JOUR\r\nTI  - Müller {n}\r\nER  - \r\n" for n in range(50))
    data = start + records.encode("utf-8")
    path = tmp_path / "a.ris"
    path.write_bytes(data)
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        blocks = [bytes(b) for b in stream_module.utf8_blocks(handle, digest, size=37)]
    assert b"".join(blocks) == data[len(start) :]
    assert len(blocks) > 2
    assert digest.hexdigest() == hashlib.sha256(data).hexdigest()


def test_a_nul_byte_in_a_later_block_is_unsuitable(tmp_path):
    path = tmp_path / "a.ris"
    path.write_bytes(b"TY  - JOUR\n" * 20 + b"TI  - a\x00b\n")
    with path.open("rb") as handle, pytest.raises(stream_module.Unsuitable, match="NUL"):
        list(stream_module.utf8_blocks(handle, hashlib.sha256(), size=16))


def test_a_bad_year_late_in_a_large_file_is_the_references_error(tmp_path, monkeypatch):
    monkeypatch.setattr(importer_module, "STREAM_FROM", 0)
    monkeypatch.setattr(ris_pieces, "PIECE_BYTES", 64)
    record = "TY  - JOUR\nTI  - Peer work {n}\nPY  - {year}\nER  - \n"
    text = "".join(record.format(n=n, year="2019") for n in range(30))
    path = tmp_path / "late.ris"
    path.write_text(text + record.format(n=99, year="20xx"))
    with pytest.raises(PrismakeError, match=r"late\.ris, line 121: field 'PY' holds no"):
        read_file(path, display_path="late.ris")


def test_not_utf8_late_in_a_large_file_reads_as_cp1252(tmp_path, monkeypatch):
    monkeypatch.setattr(importer_module, "STREAM_FROM", 0)
    monkeypatch.setattr(ris_pieces, "PIECE_BYTES", 64)
    record = "TY  - JOUR\nTI  - {title}\nER  - \n"
    text = "".join(record.format(title=f"Peer work {n}") for n in range(30))
    path = tmp_path / "late.ris"
    path.write_bytes((text + record.format(title="M\xfcller")).encode("cp1252"))
    assert read_file(path).iloc[-1]["title"] == "Müller"
