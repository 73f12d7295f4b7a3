import pytest
from fastapi.testclient import TestClient

from app.main import create_app


@pytest.fixture(scope="module")
def client():
    """One service for the module's tests, as a client sees it (no network)."""
    with TestClient(create_app()) as test_client:
        yield test_client
