"""The guard's policy: an operator-owned TOML file of rules (match, limit, action).

The file decides what may be stopped, so it is read strictly: unknown fields, bad durations
and unknown actions are refused with the file's line and the field's name, never guessed at.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any, Literal

from wf_etl.guard.durations import format_duration, parse_duration

ACTIONS = ("flag", "stop")
DEFAULT_MIN_RUNS = 20
DEFAULT_LOOKBACK = "7d"
DEFAULT_HISTORY = "30d"
TOP_FIELDS = ("lookback", "history", "rules")
PATTERNS = ("type", "name", "tenant")
RULE_FIELDS = (*PATTERNS, "limit", "min_runs", "action")
_MULTIPLE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[x*]\s*(p95|warn_after)\s*$", re.IGNORECASE)
_TOML_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)")

LimitKind = Literal["absolute", "warn_after", "p95"]


class PolicyError(ValueError):
    """The policy file cannot be used; the message names the file, line and field."""


@dataclass(frozen=True)
class Limit:
    """How long a matching run may take: a fixed duration, or a multiple of a reference."""

    kind: LimitKind
    value: float  # milliseconds for "absolute", the multiple otherwise

    def __str__(self) -> str:
        if self.kind == "absolute":
            return format_duration(self.value)
        return f"{self.value:g}x {self.kind}"


@dataclass(frozen=True)
class Rule:
    """One policy rule. Each pattern field holds shell globs (matched case-sensitively); a
    field matches when any of its globs does, and an absent field matches everything."""

    name: str
    limit: Limit
    action: Literal["flag", "stop"]
    type: tuple[str, ...] | None = None
    workflow: tuple[str, ...] | None = None  # the file's `name` field: workflow-name globs
    tenant: tuple[str, ...] | None = None
    min_runs: int = DEFAULT_MIN_RUNS

    def matches(self, tenant: str, name: str | None, wtype: str | None) -> bool:
        checks = ((self.tenant, tenant), (self.type, wtype), (self.workflow, name))
        return all(
            globs is None or any(fnmatchcase(value or "", g) for g in globs)
            for globs, value in checks
        )


@dataclass(frozen=True)
class Policy:
    """Rules in file order; the first rule that matches and can compute its limit decides."""

    rules: tuple[Rule, ...]
    source: str
    lookback_ms: int = 7 * 86_400_000
    history_ms: int = 30 * 86_400_000


def default_policy() -> Policy:
    """Used when no policy file is configured: flag only, never stop."""
    return Policy(
        rules=(
            Rule("default-p95", Limit("p95", 3.0), "flag", type=("*",)),
            Rule("default-6h", Limit("absolute", 6 * 3_600_000), "flag", type=("*",)),
        ),
        source="built-in default (flag only)",
    )


def load_policy(path: str | None) -> Policy:
    """The policy at `path`, or the built-in default when no path is configured."""
    if not path:
        return default_policy()
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PolicyError(f"{path}: no such policy file (WF_ETL_GUARD_POLICY)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(f"{path}: cannot read the policy file: {exc}") from None
    return parse_policy(text, source=str(path))


def parse_policy(text: str, source: str = "policy.toml") -> Policy:
    """Parse and validate a policy's text; `source` names it in error messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        at = _TOML_AT.search(message)
        where = f" line {at.group(1)}" if at else ""
        detail = _TOML_AT.sub("", message) + (f" (column {at.group(2)})" if at else "")
        raise PolicyError(f"{source}{where}: not valid TOML: {detail}") from None
    return _Validator(text, source).policy(data)


class _Validator:
    """Turns parsed TOML into a Policy, pointing each complaint at the line it is about."""

    def __init__(self, text: str, source: str) -> None:
        self.lines = text.splitlines()
        self.source = source

    def fail(self, path: tuple[str, ...], message: str) -> PolicyError:
        line = find_line(self.lines, path)
        where = f"{self.source} line {line}" if line else self.source
        if len(path) >= 3:
            what = f'rule "{path[1]}" field {path[2]}'
        elif len(path) == 2:
            what = f'rule "{path[1]}"'
        else:
            what = f"field {path[0]}"
        return PolicyError(f"{where}: {what}: {message}")

    def policy(self, data: dict[str, Any]) -> Policy:
        for key in data:
            if key not in TOP_FIELDS:
                raise self.fail((key,), f"unknown field (known: {', '.join(TOP_FIELDS)})")
        lookback = self.duration(("lookback",), data.get("lookback", DEFAULT_LOOKBACK))
        history = self.duration(("history",), data.get("history", DEFAULT_HISTORY))
        rules_table = data.get("rules")
        if not isinstance(rules_table, dict) or not rules_table:
            raise self.fail(("rules",), "the policy needs at least one rule, e.g. [rules.nightly]")
        rules = tuple(self.rule(name, body) for name, body in rules_table.items())
        return Policy(rules, self.source, lookback_ms=lookback, history_ms=history)

    def duration(self, path: tuple[str, ...], value: object) -> int:
        ms = parse_duration(value)
        if ms is None:
            raise self.fail(path, f"{value!r} is not a duration like '90m' or '2h'")
        return ms

    def rule(self, name: str, body: object) -> Rule:
        if not isinstance(body, dict):
            raise self.fail(("rules", name), "must be a table: [rules.<name>] with its fields")
        for key in body:
            if key not in RULE_FIELDS:
                raise self.fail(
                    ("rules", name, key), f"unknown field (known: {', '.join(RULE_FIELDS)})"
                )
        patterns = {key: self.globs(("rules", name, key), body.get(key)) for key in PATTERNS}
        if patterns["type"] is None and patterns["name"] is None:
            raise self.fail(
                ("rules", name),
                'needs a `type` or `name` pattern (type = "*" matches every workflow)',
            )
        if "limit" not in body:
            raise self.fail(("rules", name), 'has no `limit` (e.g. limit = "2h")')
        limit = self.limit(("rules", name, "limit"), body["limit"])
        action = body.get("action")
        if action not in ACTIONS:
            shown = "missing" if action is None else f"{action!r} is not"
            raise self.fail(("rules", name, "action"), f"{shown} one of 'flag', 'stop'")
        min_runs = body.get("min_runs", DEFAULT_MIN_RUNS)
        if "min_runs" in body and limit.kind != "p95":
            raise self.fail(("rules", name, "min_runs"), "applies only to a p95 limit")
        if not isinstance(min_runs, int) or isinstance(min_runs, bool) or min_runs < 1:
            raise self.fail(("rules", name, "min_runs"), f"{min_runs!r} is not a whole number >= 1")
        return Rule(
            name=name,
            limit=limit,
            action=action,
            type=patterns["type"],
            workflow=patterns["name"],
            tenant=patterns["tenant"],
            min_runs=min_runs,
        )

    def globs(self, path: tuple[str, ...], value: object) -> tuple[str, ...] | None:
        if value is None:
            return None
        items = [value] if isinstance(value, str) else value
        if (
            not isinstance(items, list)
            or not items
            or not all(isinstance(g, str) and g.strip() for g in items)
        ):
            raise self.fail(path, f'{value!r} is not a glob or a list of globs, e.g. "campaign.*"')
        return tuple(items)

    def limit(self, path: tuple[str, ...], value: object) -> Limit:
        if isinstance(value, str):
            multiple = _MULTIPLE.match(value)
            if multiple:
                factor = float(multiple.group(1))
                if factor <= 0:
                    raise self.fail(path, f"{value!r}: the multiple must be greater than 0")
                return Limit(multiple.group(2).lower(), factor)  # type: ignore[arg-type]
            ms = parse_duration(value)
            if ms is not None:
                return Limit("absolute", ms)
        raise self.fail(
            path,
            f"{value!r} is not a duration like '90m' or '2h', "
            "nor a multiple like '3x warn_after' or '4x p95'",
        )


_HEADER = re.compile(r"^\s*\[\[?\s*(.+?)\s*\]\]?\s*(?:#.*)?$")
_ASSIGN = re.compile(
    r"^\s*((?:\"[^\"]*\"|'[^']*'|[A-Za-z0-9_-]+)(?:\s*\.\s*(?:\"[^\"]*\"|'[^']*'|[A-Za-z0-9_-]+))*)\s*="
)
_KEY_PART = re.compile(r"\"([^\"]*)\"|'([^']*)'|([A-Za-z0-9_-]+)")


def _key_parts(text: str) -> tuple[str, ...]:
    return tuple(a or b or c for a, b, c in _KEY_PART.findall(text))


def find_line(lines: list[str], path: tuple[str, ...]) -> int | None:
    """The 1-based line where `path` (e.g. ("rules", "nightly", "limit")) is set, else where
    its nearest enclosing table starts; None when the text does not show it (inline tables)."""
    table: tuple[str, ...] = ()
    best: tuple[int, int] | None = None  # (length of the matched prefix, line)
    for number, line in enumerate(lines, start=1):
        header = _HEADER.match(line)
        if header and not _ASSIGN.match(line):
            table = _key_parts(header.group(1))
            full = table
        else:
            assign = _ASSIGN.match(line)
            if not assign:
                continue
            full = table + _key_parts(assign.group(1))
        if full == path:
            return number
        if path[: len(full)] == full and (best is None or len(full) > best[0]):
            best = (len(full), number)
    return best[1] if best else None
