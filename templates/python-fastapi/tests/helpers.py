"""Checks every generated test makes against the contract (app/contract.json)."""
import json
import re
from typing import Any, Dict, NamedTuple
from urllib.parse import quote

from starlette.testclient import TestClient

from app.contract import CONTRACT, endpoint
from app.json_types import MISSING, is_json_object
from app.shape import shape_errors


class Reply(NamedTuple):
    status: int
    content_type: str
    body: Any


def call(client: TestClient, method: str, path: str, body: Any = MISSING) -> Reply:
    sends = body is not MISSING
    res = client.request(
        method,
        path,
        content=json.dumps(body) if sends else None,
        headers={"content-type": "application/json"} if sends else None,
    )
    content_type = res.headers.get("content-type", "")
    return Reply(res.status_code, content_type, res.json() if "json" in content_type else res.text)


def path_for(client: TestClient, e: Dict[str, Any]) -> str:
    """A concrete path: resources are created first so their ids exist."""
    path = e["path"]
    for param in e["pathParams"]:
        value = create_resource(client, param) if param == e.get("resource") else sample_value(param)
        path = re.sub(r"\{" + re.escape(param) + r"(?::path)?\}", lambda _: quote(value, safe=""), path)
    return path


def create_resource(client: TestClient, id_key: str) -> str:
    creator = next((e for e in CONTRACT["endpoints"] if e["role"] == "create" and e.get("resource") == id_key), None)
    assert creator, f"no endpoint creates {id_key}"
    reply = call(client, creator["method"], creator["path"], creator.get("request", MISSING))
    assert reply.status == 200, f"{creator['key']} answered {reply.status}: {reply.body}"
    id_field = creator.get("idField") or id_key
    id = reply.body.get(id_field) if is_json_object(reply.body) else None
    assert isinstance(id, (str, int, float)) and not isinstance(id, bool), f"{creator['key']} returned no {id_field}"
    return str(id)


def sample_value(param: str) -> str:
    def search(value: Any) -> Any:
        if isinstance(value, list):
            return next((found for found in map(search, value) if found is not None), None)
        if not is_json_object(value):
            return None
        if isinstance(value.get(param), str):
            return value[param]
        return next((found for found in map(search, value.values()) if found is not None), None)

    for e in CONTRACT["endpoints"]:
        found = search(e["response"]["value"] if e["response"]["kind"] == "json" else None)
        if found is None:
            found = search(e.get("request"))
        if found and re.fullmatch(r"[\w.-]+", found):
            return found
    return "example"


def check_endpoint(client: TestClient, key: str) -> None:
    """Calls the endpoint as documented and checks the status and the JSON shape of the answer."""
    e = endpoint(key)
    method = "GET" if e["method"] == "ANY" else e["method"]
    reply = call(client, method, path_for(client, e), MISSING if method == "GET" else e.get("request", MISSING))
    assert reply.status == 200, f"{key} answered {reply.status}: {reply.body}"
    if e["response"]["kind"] == "json":
        assert shape_errors(e["response"]["value"], reply.body) == []
    if e["response"]["kind"] == "text":
        assert reply.content_type.startswith(e["response"]["contentType"])


def check_rejects_missing_field(client: TestClient, key: str) -> None:
    """A request without its first required field is refused with 400 naming the field."""
    e = endpoint(key)
    field = e["requiredFields"][0]
    body = {k: v for k, v in e["request"].items() if k != field}
    reply = call(client, e["method"], path_for(client, e), body)
    assert reply.status == 400
    assert is_json_object(reply.body) and field in str(reply.body.get("detail")), reply.body


def check_read_back(client: TestClient, key: str) -> None:
    """A created resource can be read back by its id."""
    e = endpoint(key)
    id_key = e["resource"]
    id = create_resource(client, id_key)
    reply = call(client, "GET", e["path"].replace("{" + id_key + "}", quote(id, safe="")))
    assert reply.status == 200
    assert is_json_object(reply.body) and str(reply.body.get(e.get("idField") or id_key)) == id, f"read back {reply.body}"
    missing = call(client, "GET", e["path"].replace("{" + id_key + "}", "no-such-id"))
    assert missing.status == 404


def check_stream(client: TestClient, key: str) -> None:
    """The stream sends at least one event shaped like a documented one."""
    e = endpoint(key)
    with client.websocket_connect(path_for(client, e)) as websocket:
        first = websocket.receive_json()
    if e["events"]:
        assert any(shape_errors(event, first) == [] for event in e["events"]), f"event {first} matches no documented event"
