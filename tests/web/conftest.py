from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from techniekpact.settings import Settings
from techniekpact.web.app import create_app


@pytest.fixture
def client(database_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(database_url=database_url))) as test_client:
        yield test_client
