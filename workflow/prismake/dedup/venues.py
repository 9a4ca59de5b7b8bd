"""Comparing journal (and conference) names across their abbreviations.

One journal appears under many names: ``Curr Opin Lipidol`` and ``Current opinion in
lipidology``; ``Proc Natl Acad Sci U S A`` and ``Proceedings of the National Academy of Sciences
of the United States of America``; ``JAMA``; ``Revargentcardiol``; ``JPEN. Journal of parenteral
and enteral nutrition`` with its parallel title; ``Amcis 2017 Proceedings`` for the Americas
Conference on Information Systems. Title abbreviations (ISO 4, NLM) are built by the same few
operations, so they can be recognised without a list of journals:

* each word of the abbreviation is a contraction of one word of the full title: it starts with
  that word's first letter and keeps some of its later letters in order (``Natl`` from
  ``National``);
* acronyms and run-together abbreviations take the start of several consecutive words
  (``JAMA``, ``AMCIS``, ``Revargentcardiol``);
* articles, prepositions and conjunctions are dropped, and so are years, edition numbers and
  generic words such as *proceedings* or *annual*;
* every remaining word of the full title must be accounted for, so ``J Med`` does not match
  ``Journal of Medicinal Chemistry``.

:func:`venue_score` is the RapidFuzz token-sort ratio of the names (their best parallel titles),
raised to 100 when it is below :data:`CLOSE` and one name abbreviates the other.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from prismake.dedup.text import alnum_words

_STOP = frozenset(
    [
        "of", "the", "and", "in", "for", "on", "at", "to", "a", "an", "de", "des", "du", "la",
        "le", "les", "et", "y", "e", "i", "der", "die", "das", "und", "fur", "fuer", "d", "di",
        "del", "della", "dei", "da", "do", "dos", "van", "voor", "en", "og", "och", "im", "zur",
        "zum"
    ]
)
_GENERIC = frozenset(
    [
        "proceedings", "proc", "annual", "conference", "conf", "meeting", "international", "intl",
        "symposium", "workshop", "edition", "series", "section", "official", "st", "nd", "rd",
        "th", "vol", "vols", "volume", "volumes", "pt", "part"
    ]
)
# Ordinals and number words in meeting names ("Thirty First International Conference ...").
_ORDINAL = re.compile(
    r"^(?:\d+(?:st|nd|rd|th)?|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
    r"eleventh|twelfth|(?:twen|thir|for|fif|six|seven|eigh|nine)t(?:y|ieth)|\w+teenth|one|two|"
    r"three|four|five|six|seven|eight|nine|ten)$"
)
_PART_SPLIT = re.compile(r"\s*(?:=|:|/|\"|\.(?=\s*[A-Z][a-z]{3,})|\s-\s|,(?=\s*[A-Z]{3,}\b))\s*")
# Embase names a meeting abstract's venue "<Journal>. Conference: <meeting>"; the journal is the
# part before.
_MEETING_SUFFIX = re.compile(r"\.?\s*\b(?:Conference|Congress|Meeting)\s*:.*$", re.IGNORECASE)
_QUALIFIER = re.compile(r"\s*[\[(][^\])]*[\])]\s*")


def venue_key(raw: str) -> str:
    """The whole name and each parallel title, normalised and ``|``-joined (whole first).

    >>> for part in venue_key("JPEN. Journal of parenteral & enteral nutrition").split("|"):
    ...     print(part)
    jpen journal of parenteral and enteral nutrition
    jpen
    journal of parenteral and enteral nutrition
    """
    raw = raw.replace("&", " and ")
    whole = alnum_words(raw)
    if not whole:
        return ""
    parts = [whole]
    journal = alnum_words(_MEETING_SUFFIX.sub("", raw))
    if journal and journal != whole:
        parts.append(journal)
    # catalogue qualifiers: "BMJ (Clinical research ed.)", "PLoS ONE [Electronic Resource]"
    bare = _QUALIFIER.sub(" ", raw).strip()
    pieces = [bare, *_PART_SPLIT.split(bare)] if bare != raw else _PART_SPLIT.split(raw)
    for piece in pieces:
        key = alnum_words(piece)
        # a one-word parallel title counts only as an acronym ("ICIS", "JPEN"), never as a
        # word that starts a longer name ("Diabetes" of "Diabetes, Obesity and Metabolism")
        letters = piece.strip(" .,;")
        single = len(key.split()) == 1 and len(key) >= 3 and letters.isupper() and letters.isalpha()
        if key and key not in parts and (len(key.split()) >= 2 or single or piece == bare):
            parts.append(key)
    return "|".join(parts)


@lru_cache(maxsize=200_000)
def _words(key: str, *, short: bool = False) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    # In an abbreviation a single letter is an initial ("U S A"), not an article.
    words = tuple(w for w in key.split() if w not in _STOP or (short and len(w) == 1))
    skippable = tuple(w in _GENERIC or bool(_ORDINAL.match(w)) for w in words)
    return words, skippable


def _subsequence_lengths(short: str, start: int, word: str) -> list[int]:
    """Lengths m such that ``short[start:start+m]`` abbreviates ``word`` (first letters equal)."""
    if short[start] != word[0]:
        return []
    lengths, pos = [1], 1
    for m in range(2, len(short) - start + 1):
        found = word.find(short[start + m - 1], pos)
        if found < 0:
            break
        pos = found + 1
        lengths.append(m)
    return lengths


def abbreviates(short_key: str, long_key: str) -> bool:
    """Whether ``short_key`` can be an abbreviation of ``long_key`` (rules in the module doc).

    >>> abbreviates("proc natl acad sci u s a", "proceedings of the national academy of "
    ...             "sciences of the united states of america")
    True
    >>> abbreviates("j med", "journal of medicinal chemistry")
    False
    """
    short_words, short_skip = _words(short_key, short=True)
    short = tuple(w for w, s in zip(short_words, short_skip, strict=True) if not s)
    long, skippable = _words(long_key)
    if not short or not long or sum(map(len, short)) > sum(map(len, long)):
        return False
    first = next((w for w, skip in zip(long, skippable, strict=True) if not skip), "")
    if first and short[0][0] != first[0] and not skippable[0]:
        return False  # the first significant words must start alike

    @cache
    def match(i: int, k: int, j: int) -> bool:
        if i == len(short):
            return all(skippable[j:])
        if j == len(long):
            return False
        if k == 0 and skippable[j] and match(i, 0, j + 1):
            return True
        lengths = _subsequence_lengths(short[i], k, long[j])
        rest = len(short[i]) - k
        if k == 0 and lengths and lengths[-1] == rest:
            # a word that abbreviates this word alone may not run on into the next word
            # ("Cancer" is not "Cance" + "R(esearch)").
            lengths = [rest]
        for m in reversed(lengths):
            if k + m == len(short[i]):
                if match(i + 1, 0, j + 1):
                    return True
            elif match(i, k + m, j + 1):
                return True
        return False

    return match(0, 0, 0)


#: Fuzzy score at which two names count as the same venue without checking abbreviations.
CLOSE = 85.0


@lru_cache(maxsize=200_000)
def venue_score(a: str, b: str) -> float:
    """Similarity 0-100 of two :func:`venue_key` values.

    The best token-sort ratio over the names' parallel titles; when that is below
    :data:`CLOSE`, 100 if one name abbreviates the other (same journal, abbreviated or not).
    """
    return float(venue_scores([a], [b])[0])


def venue_scores(a: list[str], b: list[str], *, workers: int = 1) -> np.ndarray:
    """:func:`venue_score` of many pairs ``(a[i], b[i])``, the fuzzy part in compiled code."""
    # every pair of parallel titles, remembering which pair it belongs to
    owner, xs, ys = [], [], []
    for i, (x, y) in enumerate(zip(a, b, strict=True)):
        parts = [(x, y)] if x == y else [(px, py) for px in x.split("|") for py in y.split("|")]
        owner.extend([i] * len(parts))
        xs.extend(p for p, _ in parts)
        ys.extend(q for _, q in parts)
    owner_arr = np.asarray(owner, np.int64)
    xs_arr, ys_arr = np.asarray(xs, dtype=object), np.asarray(ys, dtype=object)
    fuzzy = np.zeros(len(xs), np.float64)
    if len(xs):
        fuzzy = process.cpdist(xs_arr, ys_arr, scorer=fuzz.token_sort_ratio, workers=workers,
                               dtype=np.float32).astype(np.float64)
        fuzzy[xs_arr == ys_arr] = 100.0
    out = np.zeros(len(a), np.float64)
    np.maximum.at(out, owner_arr, fuzzy)
    low = np.flatnonzero(out[owner_arr] < CLOSE)
    if len(low):
        codes, names = pd.factorize(np.concatenate([xs_arr[low], ys_arr[low]]))
        heads = _heads(np.asarray(names, dtype=object))
        hx = [h[codes[: len(low)]] for h in heads]
        hy = [h[codes[len(low):]] for h in heads]
        # necessary for an abbreviation: the short form is not longer and starts alike
        maybe = ((hx[0] <= hy[1]) & ((hx[2] == hy[3]) | hy[4])) | (
            (hy[0] <= hx[1]) & ((hy[2] == hx[3]) | hx[4])
        )
        for j in low[maybe].tolist():
            if out[owner_arr[j]] < 100.0 and (
                abbreviates(xs_arr[j], ys_arr[j]) or abbreviates(ys_arr[j], xs_arr[j])
            ):
                out[owner_arr[j]] = 100.0
    return out


@lru_cache(maxsize=200_000)
def _head(key: str) -> tuple[int, int, str, str, bool]:
    """(short-form length, long-form length, short first letter, long first letter, long
    starts with a skippable word) of a venue key, for the quick test in :func:`venue_scores`."""
    words_s, skip_s = _words(key, short=True)
    short = [w for w, s in zip(words_s, skip_s, strict=True) if not s]
    words_l, skip_l = _words(key)
    first = next((w for w, s in zip(words_l, skip_l, strict=True) if not s), "")
    return (sum(map(len, short)), sum(map(len, words_l)), short[0][0] if short else "",
            first[:1], bool(skip_l) and skip_l[0])


def _heads(names: np.ndarray) -> list[np.ndarray]:
    rows = [_head(n) for n in names]
    return [np.asarray([r[i] for r in rows]) for i in range(5)] if rows else [np.empty(0)] * 5
