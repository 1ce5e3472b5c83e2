"""Property-based API testing from our own OpenAPI document, with every check schemathesis has.

Not only "no 5xx": each response must match its documented status, content type, headers and
schema; data the document calls invalid must be refused (4xx) and data it calls valid must be
accepted (2xx); every other method must get 405 with an `Allow` header. The stateful checks
(use_after_free, ensure_resource_availability) and the auth checks run too, although a
read-only API without authentication gives them little to do. Deterministic (fixed seed,
derandomised generation) and bounded: a few examples per operation and phase.
"""

from __future__ import annotations

import schemathesis
from schemathesis.checks import CHECKS, load_all_checks

from techniekpact.settings import Settings
from techniekpact.web.app import create_app

CONFIG = {
    "seed": 20261201,
    "checks": {"enabled": True},
    "generation": {"mode": "all", "max-examples": 12, "deterministic": True, "database": "none"},
    "phases": {"enabled": True},
}


def run(database_url: str) -> tuple[list[str], dict[str, int]]:
    """Every phase (examples, coverage, fuzzing, stateful) as `schemathesis run` does it:
    the failures found, and how many scenarios each phase ran (skipped ones not counted)."""
    from schemathesis.engine import Status, from_schema
    from schemathesis.engine import events as ev

    app = create_app(Settings(database_url=database_url))
    config = schemathesis.Config.from_dict(CONFIG)
    api = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app, config=config)
    failures: list[str] = []
    scenarios: dict[str, int] = {}
    for event in from_schema(api).execute():
        if isinstance(event, ev.ScenarioFinished):
            if event.status != Status.SKIP:
                scenarios[event.phase.value] = scenarios.get(event.phase.value, 0) + 1
            for checks in event.recorder.checks.values():
                for check in checks:
                    if check.status == Status.FAILURE and check.failure_info is not None:
                        info = check.failure_info
                        failures.append(
                            f"{check.name}: {info.failure.title}: {info.failure.message}"
                            f"\n  {info.code_sample}"
                        )
        elif isinstance(event, ev.NonFatalError | ev.FatalError):
            failures.append(f"error: {getattr(event, 'label', '')}: {event}")
    return sorted(set(failures)), scenarios


def test_every_check_is_enabled() -> None:
    """The run below uses the configured default set: every built-in check but the response
    time limit (which only applies when a limit is given)."""
    load_all_checks()
    names = {check.__name__ for check in CHECKS.get_all()}
    wanted = {
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
        "negative_data_rejection",
        "positive_data_acceptance",
        "missing_required_header",
        "unsupported_method",
        "allow_header_conformance",
        "use_after_free",
        "ensure_resource_availability",
        "ignored_auth",
    }
    assert wanted <= names
    checks = schemathesis.Config.from_dict(CONFIG).projects.default.checks
    assert all(getattr(checks, name).enabled for name in wanted)


def test_the_api_keeps_its_openapi_contract(database_url: str) -> None:
    failures, scenarios = run(database_url)
    assert not failures, "\n".join(failures)
    # every operation but the document itself (schemathesis does not test the schema's own URL)
    assert scenarios.get("fuzzing", 0) >= 11 and scenarios.get("coverage", 0) >= 11, scenarios
    assert scenarios.get("stateful", 0) > 0 and scenarios.get("examples", 0) >= 4, scenarios
