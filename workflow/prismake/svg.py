"""A tiny, deterministic SVG writer for the review's figures.

Figures are plain SVG 1.1: rectangles, lines, polygons, circles and text with a font list that
ends in a generic family, no CSS classes, no ``foreignObject``, no external references. Browsers
and Typst (which the PDF path goes through) both draw them the same way. Numbers are written with
at most two decimals, so the same figure is always the same bytes.

There are no font metrics at hand, so :func:`text_width` estimates a string's width from
per-character classes sized for a wide sans-serif (DejaVu Sans); narrower fonts (Helvetica, Arial)
then leave a little more room, never less. :func:`wrap` breaks text into lines that fit a width.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape as _escape

#: The font list every figure uses; it ends in the generic family.
FONT_FAMILY = "Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"

_NARROW = set("iljtfrI.,;:'!|()[]{} \u00a0")
_WIDE = set("mwMW@%")
_CAPITAL = set("ABCDEFGHJKLNOPQRSTUVXYZ&")


def escape(text: object) -> str:
    """``text`` with ``&``, ``<``, ``>`` and ``"`` escaped for XML content and attributes."""
    return _escape(str(text), {'"': "&quot;"})


def num(value: float) -> str:
    """A coordinate written deterministically: at most two decimals, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def text_width(text: str, *, size: float, bold: bool = False) -> float:
    """Estimated width of ``text`` at font ``size`` (pixels), erring wide."""
    units = 0.0
    for char in text:
        if char in _NARROW:
            units += 0.34
        elif char in _WIDE:
            units += 0.95
        elif char in _CAPITAL or char.isdigit():
            units += 0.72
        else:
            units += 0.62
    return units * size * (1.15 if bold else 1.0)


def wrap(text: str, *, width: float, size: float, bold: bool = False) -> list[str]:
    """Break ``text`` at spaces into lines no wider than ``width``; overlong words are split.

    Only ordinary spaces break: join words with a no-break space (U+00A0) to keep them together.
    """
    lines: list[str] = []
    current = ""
    for word in (w for w in str(text).split(" ") if w):
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size=size, bold=bold) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        while text_width(current, size=size, bold=bold) > width and len(current) > 1:
            cut = len(current) - 1
            while cut > 1 and text_width(current[:cut], size=size, bold=bold) > width:
                cut -= 1
            lines.append(current[:cut])
            current = current[cut:]
    if current or not lines:
        lines.append(current)
    return lines


class Canvas:
    """Collects shapes in drawing order and writes them as one SVG document."""

    def __init__(self, *, title: str, description: str = "") -> None:
        self.title = title
        self.description = description
        self._items: list[str] = []

    def rect(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        *,
        fill: str = "#ffffff",
        stroke: str = "#000000",
        stroke_width: float = 1,
        rx: float = 0,
    ) -> None:
        self._items.append(
            f'<rect x="{num(x)}" y="{num(y)}" width="{num(w)}" height="{num(h)}"'
            + (f' rx="{num(rx)}"' if rx else "")
            + f' fill="{fill}" stroke="{stroke}" stroke-width="{num(stroke_width)}"/>'
        )

    def line(
        self,
        x1: float,
        y1: float,
        x2: float,
        y2: float,
        *,
        stroke: str = "#000000",
        stroke_width: float = 1.5,
    ) -> None:
        self._items.append(
            f'<line x1="{num(x1)}" y1="{num(y1)}" x2="{num(x2)}" y2="{num(y2)}"'
            f' stroke="{stroke}" stroke-width="{num(stroke_width)}"/>'
        )

    def polygon(self, points: Sequence[tuple[float, float]], *, fill: str = "#000000") -> None:
        coords = " ".join(f"{num(x)},{num(y)}" for x, y in points)
        self._items.append(f'<polygon points="{coords}" fill="{fill}"/>')

    def circle(
        self,
        cx: float,
        cy: float,
        r: float,
        *,
        fill: str,
        stroke: str = "#000000",
        stroke_width: float = 1,
    ) -> None:
        self._items.append(
            f'<circle cx="{num(cx)}" cy="{num(cy)}" r="{num(r)}" fill="{fill}"'
            f' stroke="{stroke}" stroke-width="{num(stroke_width)}"/>'
        )

    def arrow(
        self,
        x1: float,
        y1: float,
        x2: float,
        y2: float,
        *,
        stroke: str = "#000000",
        head: float = 8,
    ) -> None:
        """A line from (x1, y1) to (x2, y2) ending in a filled arrowhead."""
        dx, dy = x2 - x1, y2 - y1
        length = max((dx * dx + dy * dy) ** 0.5, 1e-9)
        ux, uy = dx / length, dy / length
        bx, by = x2 - ux * head, y2 - uy * head
        self.line(x1, y1, bx, by, stroke=stroke)
        half = head * 0.5
        self.polygon(
            [(x2, y2), (bx - uy * half, by + ux * half), (bx + uy * half, by - ux * half)],
            fill=stroke,
        )

    def text(
        self,
        x: float,
        y: float,
        content: str,
        *,
        size: float = 13,
        anchor: str = "start",
        bold: bool = False,
        fill: str = "#000000",
        rotate: float | None = None,
    ) -> None:
        """Text whose baseline starts (or, with ``anchor``, is centred or ends) at (x, y)."""
        transform = f' transform="rotate({num(rotate)} {num(x)} {num(y)})"' if rotate else ""
        weight = ' font-weight="bold"' if bold else ""
        self._items.append(
            f'<text x="{num(x)}" y="{num(y)}" font-family="{FONT_FAMILY}" font-size="{num(size)}"'
            f'{weight} text-anchor="{anchor}" fill="{fill}"{transform}>{escape(content)}</text>'
        )

    def render(self, *, width: float, height: float) -> str:
        """The SVG document, ``width`` x ``height`` pixels, white background, newline-terminated."""
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{num(width)}"'
            f' height="{num(height)}" viewBox="0 0 {num(width)} {num(height)}" role="img">'
        )
        parts = [head, f"<title>{escape(self.title)}</title>"]
        if self.description:
            parts.append(f"<desc>{escape(self.description)}</desc>")
        parts.append(
            f'<rect x="0" y="0" width="{num(width)}" height="{num(height)}" fill="#ffffff"/>'
        )
        parts.extend(self._items)
        parts.append("</svg>")
        return "\n".join(parts) + "\n"
