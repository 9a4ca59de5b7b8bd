"""Decision rules as data: loading, overriding, validating and applying them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from prismake.dedup.rules import apply_rules, default_rules, guard_names, load_rules
from prismake.dedup.scoring import SCORE_COLUMNS
from prismake.errors import ConfigError


def _scores(**values) -> pd.DataFrame:
    row = dict.fromkeys(SCORE_COLUMNS, np.nan)
    row.update(erratum=0.0, retraction=0.0, comment=0.0, meeting=0.0, generic_title=0.0)
    row.update(values)
    return pd.DataFrame([row])


def test_the_default_rules_load_and_are_valid():
    rules = load_rules()
    names = [r["name"] for r in rules["rules"]]
    assert names[:3] == ["erratum_vs_article", "retraction_vs_article", "comment_vs_article"]
    assert all(r.get("why") for r in rules["rules"]), "every rule says why it holds"
    assert "years_differ" not in guard_names(rules)  # a soft guard
    assert "doi_differs" in guard_names(rules)


def test_overrides_merge_mappings_and_replace_lists():
    rules = load_rules({"blocking": {"window": 3}, "decisions": "resources/dedup/decisions.csv",
                        "shards": 4})
    assert rules["blocking"]["window"] == 3
    assert rules["blocking"]["max_block_size"] == default_rules()["blocking"]["max_block_size"]
    only = load_rules({"rules": [{"name": "doi", "decision": "same", "when": {"doi": "== 1"}}]})
    assert [r["name"] for r in only["rules"]] == ["doi"]


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"rules": [{"name": "x", "decision": "same", "when": {"titel": ">= 90"}}]},
         r"unknown score.*'titel'"),
        ({"rules": [{"name": "x", "decision": "same", "when": {"title": "about 90"}}]},
         r"bad condition.*'about 90'"),
        ({"rules": [{"name": "x", "decision": "maybe", "when": {"title": ">= 90"}}]},
         r"bad decision.*'maybe'"),
        ({"rules": [{"name": "x", "decision": "same", "when": {}}]}, r"no conditions"),
        ({"blocking": {"window": 0}}, r"blocking.window.*0"),
        ({"blocking": {"keys": [{"name": "k", "fields": ["titel"]}]}},
         r"unknown component.*'titel'"),
        ({"thresholds": 3}, r"unknown dedup setting.*'thresholds'"),
        ({"blocking": {"keys": [{"name": "k", "fields": ["year"], "min_title": 120}]}},
         r"bad min_title of blocking key 'k'.*120.*from 0 to 100"),
        ({"blocking": {"keys": [{"name": "k", "fields": ["year"], "window": "5"}]}},
         r"bad window of blocking key 'k'.*'5'"),
        ({"blocking": {"keys": [{"name": "k", "fields": ["year"], "min_titel": 70}]}},
         r"unknown setting of blocking key 'k'.*'min_titel'"),
    ],
)
def test_bad_rules_raise_config_errors_naming_the_value(override, message):
    with pytest.raises(ConfigError, match=message):
        load_rules(override, source="config/config.yaml (dedup)")


def test_first_matching_rule_wins_and_missing_scores_are_no_evidence():
    rules = {
        "rules": [
            {"name": "guard", "decision": "different", "when": {"volume": "== 0"}},
            {"name": "strong", "decision": "same",
             "when": {"title": ">= 95", "pages": "== 1 or missing"}},
        ],
        "default": {"name": "rest", "decision": "different"},
    }
    frame = pd.concat([
        _scores(title=99.0, volume=0.0),   # the guard comes first
        _scores(title=99.0),               # pages missing is accepted by 'or missing'
        _scores(title=99.0, pages=0.0),    # pages contradict
        _scores(title=np.nan),             # a missing title never satisfies '>= 95'
    ], ignore_index=True)
    decided = apply_rules(frame, rules)
    assert decided["rule"].tolist() == ["guard", "strong", "rest", "rest"]
    assert decided["decision"].tolist() == ["different", "same", "different", "different"]


def test_unless_spares_a_pair_only_when_all_its_conditions_hold():
    rules = {
        "rules": [{"name": "g", "decision": "different", "when": {"meeting": "== 1"},
                   "unless": {"volume": "== 1", "pages": "== 1"}}],
        "default": {"name": "rest", "decision": "uncertain"},
    }
    frame = pd.concat([_scores(meeting=1.0, volume=1.0, pages=1.0),
                       _scores(meeting=1.0, volume=1.0, pages=0.0)], ignore_index=True)
    assert apply_rules(frame, rules)["rule"].tolist() == ["rest", "g"]


def test_the_default_rules_separate_an_erratum_even_with_everything_else_equal():
    frame = _scores(erratum=1.0, title=100.0, authors=100.0, journal=100.0, doi_stem=1.0,
                    title_partial=100.0, year_diff=0.0, volume=1.0, pages=1.0)
    decided = apply_rules(frame, load_rules())
    assert decided.iloc[0]["rule"] == "erratum_vs_article"
