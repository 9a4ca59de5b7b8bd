"""Text folding shared by every matching field.

Two exports of one article rarely carry byte-identical text. Databases differ in how they encode
accents (``Vázquez`` / ``Vazquez`` / ``V?zquez`` after a lossy code page), Greek letters (``β`` /
``beta``), markup (``<sup>99m</sup>Tc``, ``&amp;``), ligatures and scripts (a Cyrillic name in one
database, its transliteration in another). :func:`fold` maps all of these to one plain ASCII,
lower-case form so that later comparisons measure differences of content, not of encoding.
Nothing here is specific to one data set: these are the encodings bibliographic databases use.
"""

from __future__ import annotations

import html
import re
import unicodedata

# Letters that Unicode decomposition does not reduce to ASCII.
_SPECIAL = {
    "ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ø": "o", "Ø": "o", "đ": "d",
    "Đ": "d", "ł": "l", "Ł": "l", "þ": "th", "Þ": "th", "ð": "d", "ı": "i", "ŀ": "l",
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-",
    "‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "´": "'", "`": "'",
    "×": "x", "µ": "mu", "°": " ",
}
# Greek letters are written out in titles by some databases ("beta-blockers") and kept as
# symbols by others; spelling them out makes both forms equal.
_GREEK = dict(
    zip(
        "αβγδεζηθικλμνξοπρσςτυφχψω",
        [
            "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
            "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "sigma", "sigma", "tau", "upsilon",
            "phi", "chi", "psi", "omega"
        ],
        strict=True,
    )
)
_GREEK.update({k.upper(): v for k, v in _GREEK.items() if k != "ς"})
# Cyrillic: a plain scholarly transliteration; databases that romanise use close variants, and
# the fuzzy comparison absorbs the remaining differences (``zh``/``j``, ``ya``/``ia``).
_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґў",
        [
            "a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p",
            "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "_", "y", "_", "e", "yu",
            "ya", "i", "i", "e", "g", "u"
        ],
        strict=True,
    )
)
_CYRILLIC = {k: ("" if v == "_" else v) for k, v in _CYRILLIC.items()}
_CYRILLIC.update({k.upper(): v for k, v in _CYRILLIC.items()})

_TABLE = str.maketrans({**_SPECIAL, **{k: f" {v} " for k, v in _GREEK.items()}, **_CYRILLIC})

_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
#: Every byte but a lower-case ASCII letter or a digit made a space (for :func:`alnum_words`).
_SPACES = bytes(c if 0x61 <= c <= 0x7A or 0x30 <= c <= 0x39 else 0x20 for c in range(256))


def strip_markup(text: str) -> str:
    """Remove HTML/XML tags and decode entities.

    >>> strip_markup("<i>in vivo</i> &amp; x")
    ' in vivo  & x'
    """
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    return text


def fold(text: str) -> str:
    """Lower-case ASCII with accents, ligatures, Greek and Cyrillic letters written out.

    >>> fold("Vázquez-Martínez, Aarón")
    'vazquez-martinez, aaron'
    >>> fold("β-Blockers")
    ' beta -blockers'
    """
    if text.isascii():
        return text.lower()
    text = text.translate(_TABLE)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = text.encode("ascii", "ignore").decode("ascii")  # drop what is still not ASCII
    return text.lower()


def alnum_words(text: str) -> str:
    """Folded text with every run of non-alphanumeric characters made one space."""
    # fold gives lower-case ASCII, whose bytes go through a table: a third of the time of a
    # regular expression's substitution of the runs of other characters
    folded = fold(strip_markup(text)).encode("ascii")
    return b" ".join(folded.translate(_SPACES).split()).decode("ascii")
