"""Decision rules kept as data.

The rules live in ``default_rules.yaml`` beside this module; a review overrides any part of them
in the ``dedup:`` section of ``config/config.yaml`` (mappings merge key by key, lists replace).
A rule names the scores it looks at (:data:`prismake.dedup.scoring.SCORE_COLUMNS`) and a
condition for each; the first rule, in file order, whose conditions all hold decides the pair.

Conditions are short strings:

``">= 95"``, ``"< 2"``, ``"== 1"``, ``"!= 0"``
    a comparison; it is false when the score is missing (either record lacks the field)
``"== 1 or missing"``
    the comparison, or the score is missing ("not contradicted")
``"missing"`` / ``"present"``
    whether the score is missing

A rule may add ``unless:``, conditions in the same form: the rule then does not fire when all of
them hold (``meeting abstract vs article, unless volume and first page agree``).

A rule's ``decision`` is ``same``, ``different`` or ``uncertain``; ``by: identifier`` marks the
exact-identifier rules (reported as ``decided_by = identifier``). Rules that decide
``different`` are *guards*: besides deciding their pair they forbid the clustering step to put
the two records into one study through other records, unless the rule says
``cannot_link: false``.
"""

from __future__ import annotations

import copy
import re
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd
import yaml

from prismake.dedup.scoring import SCORE_COLUMNS
from prismake.errors import ConfigError

DECISIONS = ("same", "different", "uncertain")
_CONDITION = re.compile(r"^\s*(>=|<=|==|!=|>|<)\s*(-?\d+(?:\.\d+)?)\s*(or missing)?\s*$")
_TOP_KEYS = {"version", "blocking", "scoring", "rules", "default"}
#: Keys of the config's ``dedup:`` section that are not matching rules.
NOT_RULES = frozenset({"decisions", "shards"})
_DEFAULTS_NAME = "default_rules.yaml"
BLOCK_COMPONENTS = ("doi_stem", "pmid", "accession_key", "title_start", "title_end",
                    "first_author", "first_author_initial", "year", "volume", "page_first",
                    "abstract_start")


@lru_cache(maxsize=1)
def _defaults() -> dict:
    text = resources.files("prismake.dedup").joinpath(_DEFAULTS_NAME).read_text(encoding="utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506


def default_rules() -> dict:
    """The rules shipped with prismake (a fresh copy)."""
    return copy.deepcopy(_defaults())


def _merge(base: dict, override: dict) -> dict:
    out = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def load_rules(
    overrides: dict | None = None, *, source: str = "config/config.yaml (dedup)"
) -> dict:
    """The default rules deep-merged with ``overrides``, validated.

    ``overrides`` is the ``dedup:`` section of the review configuration; its ``decisions`` (the
    path of the human decision sheet) and ``shards`` keys are not rules and are ignored here.
    Raises :class:`ConfigError` naming the rule and the bad value.
    """
    rules = default_rules()
    if overrides:
        if not isinstance(overrides, dict):
            raise ConfigError("the dedup section is not a mapping", path=source, value=overrides,
                              expected="a mapping of rule settings")
        rules = _merge(rules, {k: v for k, v in overrides.items() if k not in NOT_RULES})
    validate_rules(rules, source=source)
    return rules


def parse_condition(text: object, *, where: str, source: str):
    """``(op, number, or_missing)`` or ``("missing"|"present", None, False)`` for a condition."""
    if isinstance(text, str) and text.strip() in ("missing", "present"):
        return text.strip(), None, False
    match = _CONDITION.match(str(text)) if isinstance(text, (str, int, float)) else None
    if not match:
        raise ConfigError(f"bad condition in {where}", path=source, value=text,
                          expected="'>= 90', '== 1', '< 2 or missing', 'missing' or 'present'")
    return match.group(1), float(match.group(2)), bool(match.group(3))


_KEY_OPTIONS = {"max_block_size": (1, None), "window": (1, None), "min_title": (0, 100)}


def _check_key_options(key: dict, source: str) -> None:
    """A blocking key's own settings: ``max_block_size``, ``window`` (integers >= 1) and
    ``min_title`` (0-100)."""
    for name in set(key) - {"name", "fields"}:
        if name not in _KEY_OPTIONS:
            raise ConfigError(f"unknown setting of blocking key {key['name']!r}", path=source,
                              value=name, expected="one of name, fields, "
                              + ", ".join(_KEY_OPTIONS))
        low, high = _KEY_OPTIONS[name]
        value = key[name]
        number = isinstance(value, int) and not isinstance(value, bool)
        if name == "min_title":
            number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if not number or value < low or (high is not None and value > high):
            raise ConfigError(f"bad {name} of blocking key {key['name']!r}", path=source,
                              value=value, expected=f"a number from {low}"
                              + (f" to {high}" if high is not None else " up"))


def validate_rules(rules: Any, *, source: str = _DEFAULTS_NAME) -> None:
    """Raise :class:`ConfigError` unless ``rules`` is a complete, well-formed rule set."""
    if not isinstance(rules, dict):
        raise ConfigError("rules are not a mapping", path=source, value=type(rules).__name__,
                          expected="a mapping")
    unknown = set(rules) - _TOP_KEYS
    if unknown:
        raise ConfigError("unknown dedup setting", path=source, value=sorted(unknown)[0],
                          expected=f"one of {', '.join(sorted(_TOP_KEYS | NOT_RULES))}")
    blocking = rules.get("blocking", {})
    for name in ("max_block_size", "window"):
        value = blocking.get(name)
        if not isinstance(value, int) or value < 1:
            raise ConfigError(f"blocking.{name} is not a positive integer", path=source,
                              value=value, expected="an integer >= 1")
    keys = blocking.get("keys")
    if not isinstance(keys, list) or not keys or len(keys) > 60:
        raise ConfigError("blocking.keys is not a list of 1-60 keys", path=source, value=keys,
                          expected="a list of {name, fields}")
    for key in keys:
        fields = key.get("fields") if isinstance(key, dict) else None
        if not isinstance(fields, list) or not fields or not isinstance(key.get("name"), str):
            raise ConfigError("bad blocking key", path=source, value=key,
                              expected="{name: text, fields: [component, ...]}")
        for field in fields:
            if field not in BLOCK_COMPONENTS:
                raise ConfigError(f"unknown component in blocking key {key['name']!r}",
                                  path=source, value=field,
                                  expected=f"one of {', '.join(BLOCK_COMPONENTS)}")
        _check_key_options(key, source)
    entries = rules.get("rules")
    if not isinstance(entries, list) or not entries:
        raise ConfigError("rules is not a non-empty list", path=source, value=entries,
                          expected="a list of rules")
    seen: set[str] = set()
    for index, rule in enumerate([*entries, rules.get("default")]):
        where = f"rule {index + 1}" if index < len(entries) else "default"
        if not isinstance(rule, dict) or not isinstance(rule.get("name"), str):
            raise ConfigError(f"{where} has no name", path=source, value=rule,
                              expected="{name, decision, when}")
        where = f"{where} ({rule['name']!r})"
        if rule["name"] in seen:
            raise ConfigError(f"{where}: name used twice", path=source, value=rule["name"],
                              expected="unique rule names")
        seen.add(rule["name"])
        if rule.get("decision") not in DECISIONS:
            raise ConfigError(f"{where}: bad decision", path=source, value=rule.get("decision"),
                              expected="same, different or uncertain")
        if rule.get("by", "rule") not in ("rule", "identifier"):
            raise ConfigError(f"{where}: bad 'by'", path=source, value=rule.get("by"),
                              expected="rule or identifier")
        when = rule.get("when", {})
        if index < len(entries) and (not isinstance(when, dict) or not when):
            raise ConfigError(f"{where}: no conditions", path=source, value=when,
                              expected="a mapping score -> condition")
        unless = rule.get("unless", {})
        if not isinstance(unless, dict):
            raise ConfigError(f"{where}: 'unless' is not a mapping", path=source, value=unless,
                              expected="a mapping score -> condition")
        for score, condition in [*(when or {}).items(), *unless.items()]:
            if score not in SCORE_COLUMNS:
                raise ConfigError(f"{where}: unknown score", path=source, value=score,
                                  expected=f"one of {', '.join(SCORE_COLUMNS)}")
            parse_condition(condition, where=where, source=source)
        if not isinstance(rule.get("cannot_link", True), bool):
            raise ConfigError(f"{where}: cannot_link is not true/false", path=source,
                              value=rule.get("cannot_link"), expected="true or false")
        extra = set(rule) - {"name", "decision", "by", "when", "unless", "why", "cannot_link"}
        if extra:
            raise ConfigError(f"{where}: unknown field", path=source, value=sorted(extra)[0],
                              expected="name, decision, by, when, unless, cannot_link, why")


@lru_cache(maxsize=1024)
def _parsed(text: str):
    return parse_condition(text, where="rule", source="rules")


def _holds(values: np.ndarray, condition) -> np.ndarray:
    op, number, or_missing = condition
    missing = np.isnan(values)
    if op == "missing":
        return missing
    if op == "present":
        return ~missing
    with np.errstate(invalid="ignore"):
        result = {
            ">=": values >= number, "<=": values <= number, ">": values > number,
            "<": values < number, "==": values == number, "!=": values != number,
        }[op]
    result = result & ~missing
    return result | missing if or_missing else result


def apply_rules(scores: pd.DataFrame, rules: dict) -> pd.DataFrame:
    """``rule``, ``decision`` and ``decided_by`` for every row of ``scores`` (first rule wins)."""
    n = len(scores)
    rule = np.full(n, "", dtype=object)
    decision = np.full(n, "", dtype=object)
    by = np.full(n, "", dtype=object)
    open_ = np.ones(n, bool)
    for entry in rules["rules"]:
        mask = open_.copy()
        for score, text in entry["when"].items():
            if not mask.any():
                break
            mask &= _holds(scores[score].to_numpy(dtype=np.float64), _parsed(text))
        if entry.get("unless") and mask.any():
            spared = mask.copy()
            for score, text in entry["unless"].items():
                spared &= _holds(scores[score].to_numpy(dtype=np.float64), _parsed(text))
            mask &= ~spared
        if mask.any():
            rule[mask] = entry["name"]
            decision[mask] = entry["decision"]
            by[mask] = entry.get("by", "rule")
            open_ &= ~mask
    default = rules["default"]
    rule[open_] = default["name"]
    decision[open_] = default["decision"]
    by[open_] = "rule"
    return pd.DataFrame({"rule": rule, "decision": decision, "decided_by": by}, index=scores.index)


def guard_names(rules: dict) -> frozenset[str]:
    """Names of the rules whose ``different`` decision forbids clustering the two records."""
    return frozenset(
        r["name"] for r in rules["rules"]
        if r["decision"] == "different" and r.get("cannot_link", True)
    )
