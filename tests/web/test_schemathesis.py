"""Property-based API testing from our own OpenAPI document: no request may cause a 5xx."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from techniekpact.settings import Settings
from techniekpact.web.app import create_app


def test_api_never_fails_with_a_server_error(database_url: str) -> None:
    app = create_app(Settings(database_url=database_url))
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 7
    calls = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
        def check(case) -> None:  # type: ignore[no-untyped-def]
            response = case.call_and_validate(checks=[not_a_server_error])
            calls.append(response.status_code)

        check()
    assert len(calls) > 50 and 200 in calls
