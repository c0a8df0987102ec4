"""The policy file: what it accepts, and how it refuses what it cannot use (line and field)."""

from __future__ import annotations

from pathlib import Path

import pytest

from wf_etl.guard.durations import format_duration, parse_duration
from wf_etl.guard.limits import TypeHistory, resolve_limit
from wf_etl.guard.policy import Limit, PolicyError, load_policy, parse_policy

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "guard-policy.toml"

GOOD = """\
lookback = "2d"

[rules.nightly]
type = "courier.*"
name = ["Nightly *", "Hourly POS ingest"]
limit = "1h30m"
action = "stop"

[rules.sql]
type = "amperity.database/run"
limit = "3x warn_after"
action = "flag"

[rules."any type"]
type = "*"
limit = "4 x p95"
min_runs = 5
action = "flag"
"""


def refused(text: str) -> str:
    with pytest.raises(PolicyError) as caught:
        parse_policy(text, "policy.toml")
    return str(caught.value)


def test_a_policy_keeps_its_rules_in_file_order() -> None:
    policy = parse_policy(GOOD)
    assert [r.name for r in policy.rules] == ["nightly", "sql", "any type"]
    assert policy.lookback_ms == 2 * 86_400_000
    nightly, sql, anything = policy.rules
    assert nightly.limit == Limit("absolute", 90 * 60_000) and nightly.action == "stop"
    assert sql.limit == Limit("warn_after", 3.0)
    assert anything.limit == Limit("p95", 4.0) and anything.min_runs == 5


def test_patterns_match_type_and_name_as_globs() -> None:
    nightly = parse_policy(GOOD).rules[0]
    assert nightly.matches("acme", "Nightly loyalty", "courier.group/run")
    assert nightly.matches("acme", "Hourly POS ingest", "courier.group/run")
    assert not nightly.matches("acme", "Hourly POS ingest", "campaign.send")
    assert not nightly.matches("acme", "nightly loyalty", "courier.group/run")  # case matters


def test_the_example_policy_is_valid() -> None:
    policy = load_policy(str(EXAMPLE))
    assert {r.action for r in policy.rules} == {"flag", "stop"}


def test_no_policy_file_means_flag_only() -> None:
    policy = load_policy(None)
    assert policy.rules and {r.action for r in policy.rules} == {"flag"}
    assert policy.rules[0].matches("any", "any", "any.type")


def test_a_bad_duration_names_the_line_rule_and_field() -> None:
    text = GOOD.replace('limit = "3x warn_after"', 'limit = "fast"')
    assert refused(text).startswith(
        "policy.toml line 11: rule \"sql\" field limit: 'fast' is not a duration like '90m' or '2h'"
    )


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('action = "stop"', 'action = "kill"', "line 7: rule \"nightly\" field action: 'kill' is"),
        ('action = "stop"', 'acton = "stop"', 'line 7: rule "nightly" field acton: unknown field'),
        ('limit = "1h30m"', "limit = 90", 'line 6: rule "nightly" field limit: 90 is not'),
        ("min_runs = 5", "min_runs = 0", 'line 17: rule "any type" field min_runs: 0 is not'),
        ('lookback = "2d"', 'lookback = "2 days"', "line 1: field lookback: '2 days' is not"),
        ('lookback = "2d"', 'lookbak = "2d"', "line 1: field lookbak: unknown field"),
        ('type = "courier.*"', "type = 3", 'line 4: rule "nightly" field type: 3 is not a glob'),
        ('limit = "3x warn_after"', 'limit = "3x p95"\nmin_runs = "x"', "field min_runs: "),
        ('type = "amperity.database/run"\n', "", 'line 9: rule "sql": needs a `type` or `name`'),
    ],
)
def test_semantic_errors_name_the_line_and_field(old: str, new: str, expected: str) -> None:
    assert old in GOOD
    message = refused(GOOD.replace(old, new, 1))
    assert message.startswith("policy.toml ")
    assert expected in message


def test_min_runs_is_refused_on_a_limit_that_is_not_p95() -> None:
    text = GOOD.replace('limit = "1h30m"', 'limit = "1h30m"\nmin_runs = 3')
    assert 'rule "nightly" field min_runs: applies only to a p95 limit' in refused(text)


def test_toml_syntax_errors_carry_the_line() -> None:
    message = refused(GOOD.replace('limit = "1h30m"', "limit = 1h30m"))
    assert message.startswith("policy.toml line 6: not valid TOML")


def test_a_policy_without_rules_is_refused() -> None:
    assert "at least one rule" in refused('lookback = "1d"\n')


def test_a_missing_policy_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="no such policy file"):
        load_policy(str(tmp_path / "nope.toml"))


@pytest.mark.parametrize(
    ("text", "ms"),
    [("90s", 90_000), ("90m", 5_400_000), ("2h", 7_200_000), ("1h30m", 5_400_000),
     ("1d", 86_400_000), ("1.5h", 5_400_000), ("90", None), ("fast", None), ("0m", None)],
)  # fmt: skip
def test_durations(text: str, ms: int | None) -> None:
    assert parse_duration(text) == ms


def test_durations_print_short() -> None:
    assert [format_duration(v) for v in (45_000, 37 * 60_000, 11 * 3_600_000 + 19 * 60_000)] == [
        "45s",
        "37m",
        "11h19m",
    ]


def test_limits_from_warn_after_and_from_p95() -> None:
    sql, anything = parse_policy(GOOD).rules[1:]
    warn = resolve_limit(sql, "amperity.database/run", {}, warn_after_ms=600_000)
    assert warn.limit_ms == 1_800_000 and warn.basis == "3x warn_after (warn_after 10m)"
    assert resolve_limit(sql, "x", {}, warn_after_ms=None).unavailable == (
        "the run has no warn_after_ms"
    )
    history = {"campaign.send": TypeHistory(runs=5, p95_ms=600_000.0)}
    p95 = resolve_limit(anything, "campaign.send", history, None)
    assert p95.limit_ms == 2_400_000 and p95.basis == "4x p95 (p95 10m over 5 runs)"
    thin = {"campaign.send": TypeHistory(runs=4, p95_ms=600_000.0)}
    assert resolve_limit(anything, "campaign.send", thin, None).unavailable == (
        "not enough history (4 < 5 succeeded runs)"
    )
