"""``POST /api/stance`` on pairs written for this test (an empty store is enough)."""

from __future__ import annotations

import pytest
import web_api_fixtures

from sourcetrace.web import create_app

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

CLAIM = "Police arrested the mayor of Dunmore for fraud"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = web_api_fixtures.build_store(tmp_path_factory.mktemp("stance") / "empty.db", ledgers_=[])
    return TestClient(create_app(db))


def test_stance_endpoint_judges_a_pair(client):
    r = client.post("/api/stance", json={"claim": CLAIM, "text": "Dunmore police deny arresting mayor, call reports fake"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["stance"] == "disagree" and body["head"] == "short"
    assert set(body["scores"]) == {"agree", "disagree", "discuss", "unrelated"}
    assert abs(sum(body["scores"].values()) - 1.0) < 1e-3


def test_stance_endpoint_errors_are_numbered(client):
    r = client.post("/api/stance", json={"claim": " ", "text": "Dunmore mayor arrested"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "E060"
    r = client.post("/api/stance", json={"claim": CLAIM, "text": ""})
    assert r.status_code == 400 and r.json()["error"]["code"] == "E061"
    r = client.post("/api/stance", json={"claim": CLAIM})
    assert r.status_code == 422 and r.json()["error"]["code"] == "E029"
    r = client.post("/api/stance", json={"claim": CLAIM, "text": "x", "extra": 1})
    assert r.status_code == 422
    assert "/api/stance" in client.get("/openapi.json").json()["paths"]
