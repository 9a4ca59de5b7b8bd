"""EndNote XML (written by EndNote, Zotero, Mendeley and others), read with the expat parser.

Each ``<record>`` becomes a raw record keyed by element names: ``title``, ``secondary-title``,
``author`` (one value per author, in order), ``keyword``, ``year``, ``accession-num``,
``electronic-resource-num``, ``caption``, ``custom1`` ... Text inside ``<style>`` runs is joined.
Nested containers (``titles``, ``contributors``, ``authors``) are not fields themselves; an
element's attributes are kept where they carry data (``ref-type name="Journal Article"`` becomes
``ref-type-name``). Expat reports the line where each record starts; many EndNote files are one
long line, so there every record starts on line 1.
"""

from __future__ import annotations

from pathlib import Path
from xml.parsers import expat

from prismake.errors import ParseError
from prismake.importer.base import RawRecord

#: Elements that only group other elements.
CONTAINERS = frozenset(
    """xml records record contributors authors secondary-authors tertiary-authors
    subsidiary-authors translated-authors titles periodical alt-periodical keywords dates
    pub-dates urls related-urls pdf-urls text-urls web-urls image-urls foreign-keys style
    research-notes""".split()
)
#: Container names that qualify their authors (``secondary-authors/author`` is a
#: ``secondary-author``).
_AUTHOR_ROLES = {
    "secondary-authors": "secondary-author",
    "tertiary-authors": "tertiary-author",
    "subsidiary-authors": "subsidiary-author",
    "translated-authors": "translated-author",
}


class _Handler:
    def __init__(self, parser: expat.XMLParserType, path: str | Path) -> None:
        self.parser = parser
        self.path = path
        self.records: list[RawRecord] = []
        self.fields: dict[str, list[str]] | None = None
        self.stack: list[str] = []
        self.text: list[str] = []
        self.start = 0
        self.depth_field: int | None = None

    def start_element(self, name: str, attrs: dict[str, str]) -> None:
        self.stack.append(name)
        if name == "record":
            if self.fields is not None:
                raise ParseError(
                    "a <record> inside another record",
                    path=self.path,
                    line=self.parser.CurrentLineNumber,
                    expected="</record> before the next <record>",
                )
            self.fields = {}
            self.start = self.parser.CurrentLineNumber
            return
        if self.fields is None:
            return
        if name not in CONTAINERS and self.depth_field is None:
            self.depth_field = len(self.stack)
            self.text = []
            for key in ("name", "app", "db-id"):
                if key in attrs and name != "database":
                    self.fields.setdefault(f"{name}-{key}", []).append(attrs[key])

    def end_element(self, name: str) -> None:
        if self.fields is not None and self.depth_field == len(self.stack):
            value = "".join(self.text).strip()
            key = name
            if name == "author" and len(self.stack) >= 2:
                key = _AUTHOR_ROLES.get(self.stack[-2], "author")
            self.fields.setdefault(key, [])
            if value:
                self.fields[key].append(value)
            self.depth_field = None
        if name == "record" and self.fields is not None:
            self.records.append(RawRecord(self.start, self.fields))
            self.fields = None
        self.stack.pop()

    def characters(self, data: str) -> None:
        if self.depth_field is not None:
            self.text.append(data)


def parse_endnote_xml(text: str, *, path: str | Path) -> list[RawRecord]:
    """Records of an EndNote XML export; malformed XML is an error naming the line."""
    parser = expat.ParserCreate(encoding="utf-8")
    handler = _Handler(parser, path)
    parser.StartElementHandler = handler.start_element
    parser.EndElementHandler = handler.end_element
    parser.CharacterDataHandler = handler.characters
    parser.buffer_text = True
    body = text
    if body.startswith("<?xml"):
        end = body.find("?>")
        body = body[end + 2 :] if end != -1 else body
        pad = text[: end + 2].count("\n") if end != -1 else 0
        body = "\n" * pad + body
    try:
        parser.Parse(body.encode("utf-8"), True)
    except expat.ExpatError as exc:
        open_record = handler.start if handler.fields is not None else None
        where = f" inside the record that starts at line {open_record}" if open_record else ""
        raise ParseError(
            f"malformed XML{where}: {expat.ErrorString(exc.code)}",
            path=path,
            line=exc.lineno,
            expected="well-formed EndNote XML (<xml><records><record>...</record></records></xml>)",
        ) from exc
    return handler.records
