"""The default behaviours: answer the example, store and read resources, the UDC endpoints.
Replace a route's handler in app/routes.py to give an endpoint real behaviour."""
import asyncio
import math
import uuid
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Tuple

from .contract import CONTRACT
from .dependencies import is_reachable
from .json_types import is_json_object, js_string, json_type_of
from .metrics import Metrics
from .shape import live, now_iso, shape_like
from .store import Store
from .validate import validate_request


@dataclass
class HandlerRequest:
    endpoint: Dict[str, Any]
    params: Dict[str, str]
    query: List[Tuple[str, str]]
    #: The parsed JSON body, or MISSING when the request has none.
    body: Any
    store: Store
    metrics: Metrics


@dataclass
class HandlerResult:
    status: int
    body: Any
    #: None: `body` is sent as JSON; otherwise `body` is text of this type.
    content_type: Optional[str] = None


def json_result(status: int, value: Any) -> HandlerResult:
    return HandlerResult(status, value)


def _example(endpoint: Dict[str, Any]) -> Any:
    response = endpoint["response"]
    return response["value"] if response["kind"] == "json" else {}


def _invalid(endpoint: Dict[str, Any], body: Any) -> Optional[HandlerResult]:
    problem = validate_request(endpoint, body)
    if problem is None:
        return None
    return json_result(400, {"error": "validation_error", "field": problem.field, "detail": problem.message})


def _not_found(id_key: str, id: str) -> HandlerResult:
    return json_result(404, {"error": "not_found", "detail": f"no resource with {id_key} '{id}'"})


def _object(value: Any) -> Dict[str, Any]:
    return value if is_json_object(value) else {}


def respond(req: HandlerRequest) -> HandlerResult:
    """Answers the documented example, with live values."""
    bad = _invalid(req.endpoint, req.body)
    if bad:
        return bad
    response = req.endpoint["response"]
    if response["kind"] == "text":
        return HandlerResult(200, response["text"], response["contentType"])
    return json_result(200, live(_example(req.endpoint), req.params))


def create(req: HandlerRequest) -> HandlerResult:
    """Stores a new resource made of the request and the documented response, under a fresh id."""
    bad = _invalid(req.endpoint, req.body)
    if bad:
        return bad
    id_key = req.endpoint["resource"]
    # The created object's id field may be named otherwise than the path parameter (short_code for {code}).
    id_field = req.endpoint.get("idField") or id_key
    documented = _example(req.endpoint)
    # Ids look like the SPEC's: numbers where its example shows a number, UUIDs otherwise.
    numeric = is_json_object(documented) and json_type_of(documented.get(id_field)) == "number"
    new_id: Any = req.store.next_number(id_key) if numeric else str(uuid.uuid4())
    fields = {**_object(req.body), id_field: new_id}
    response = _object(live(documented, {**req.params, id_field: str(new_id)}))
    response[id_field] = new_id
    record = {**response, "created_at": now_iso(), **fields}
    req.store.put(id_key, str(new_id), record)
    return json_result(200, shape_like(response, record))


def read(req: HandlerRequest) -> HandlerResult:
    """The stored resource, shaped like the documented response."""
    id_key = req.endpoint["resource"]
    id = req.params[id_key]
    record = req.store.get(id_key, id)
    if record is None:
        return _not_found(id_key, id)
    return json_result(200, shape_like(live(_example(req.endpoint), req.params), record))


def action(req: HandlerRequest) -> HandlerResult:
    """An action on a stored resource (approve, cancel…): the record takes on the reported state; DELETE removes it."""
    bad = _invalid(req.endpoint, req.body)
    if bad:
        return bad
    id_key = req.endpoint["resource"]
    id = req.params[id_key]
    record = req.store.get(id_key, id)
    if record is None:
        return _not_found(id_key, id)
    response = shape_like(live(_example(req.endpoint), req.params), record)
    if req.endpoint["method"] == "DELETE":
        req.store.remove(id_key, id)
        return json_result(200, response)
    if is_json_object(response):
        for k, v in response.items():
            if k in record and k != id_key and k != req.endpoint.get("idField"):
                record[k] = v
    return json_result(200, response)


def list_resources(req: HandlerRequest) -> HandlerResult:
    """The stored resources, filtered by query parameters that name their fields."""
    id_key = req.endpoint["resource"]
    shape = _object(live(_example(req.endpoint), req.params))
    collection_key = req.endpoint["collectionKey"]
    element = shape[collection_key][0]
    records = req.store.all(id_key)
    for k, v in req.query:
        if k in ("limit", "offset"):
            continue
        records = [r for r in records if k not in r or js_string(r[k]) == v]
    query = dict(reversed(req.query))  # the first value of each name, as URLSearchParams.get gives it
    offset = _number(query.get("offset"), 0)
    limit = _number(query.get("limit"), len(records))
    page = records[_index(offset) : _index(offset + limit)]
    out = {**shape, collection_key: [shape_like(element, r) for r in page]}
    for count_key in ("total", "count"):
        if json_type_of(out.get(count_key)) == "number":
            out[count_key] = len(records)
    return json_result(200, out)


def _number(text: Optional[str], fallback: float) -> float:
    """A query value as a number, the fallback when it is absent, zero or not a number."""
    if text is None:
        return fallback
    try:
        value = float(text.strip()) if text.strip() else 0.0
    except ValueError:
        return fallback
    return value if value and not math.isnan(value) else fallback


def _index(value: float) -> Optional[int]:
    return int(value) if math.isfinite(value) else (None if value > 0 else 0)


def health(req: HandlerRequest) -> HandlerResult:
    out = _object(live(_example(req.endpoint)))
    return json_result(200, {**out, "status": "active", "service": CONTRACT["service"], "version": CONTRACT["version"], "timestamp": now_iso()})


def capabilities(req: HandlerRequest) -> HandlerResult:
    out = _object(live(_example(req.endpoint)))
    return json_result(200, {**out, "version": CONTRACT["version"]})


def state(req: HandlerRequest) -> HandlerResult:
    out = _object(live(_example(req.endpoint)))
    metrics = req.metrics
    return json_result(
        200,
        {
            **out,
            "uptime_seconds": metrics.uptime_seconds(),
            "requests_total": metrics.requests_total,
            "errors_last_hour": metrics.errors_last_hour(),
            "last_restart": metrics.last_restart(),
        },
    )


async def dependencies(req: HandlerRequest) -> HandlerResult:
    shape = _object(_example(req.endpoint))

    def documented(group: str) -> List[Dict[str, Any]]:
        value = shape.get(group)
        return [d for d in value if is_json_object(d)] if isinstance(value, list) else []

    def declared_from(group: str, required: bool) -> List[Dict[str, Any]]:
        return [
            {"name": js_string(d["name"]) if d.get("name") is not None else "unknown", "required": required, "url": d["url"] if isinstance(d.get("url"), str) else None}
            for d in documented(group)
        ]

    declared = (
        [{"name": d["name"], "required": d["required"], "url": d.get("url")} for d in CONTRACT["dependencies"]]
        if CONTRACT["dependencies"]
        else declared_from("required", True) + declared_from("optional", False)
    )
    reachable = await asyncio.gather(*(is_reachable(d["url"]) for d in declared if d["url"]))
    answers = iter(reachable)
    checked = [{**d, "status": ("available" if next(answers) else "unavailable") if d["url"] else "unknown"} for d in declared]

    def item(group: str, d: Dict[str, Any]) -> Any:
        template = (documented(group) or documented("required") or [{"name": "", "status": "", "url": ""}])[0]
        return shape_like(template, {"name": d["name"], "status": d["status"], **({"url": d["url"]} if d["url"] else {})})

    missing = [d for d in checked if d["required"] and d["status"] == "unavailable"]
    missing_template = shape["missing"][0] if isinstance(shape.get("missing"), list) and shape["missing"] else None
    return json_result(
        200,
        {
            **shape,
            "required": [item("required", d) for d in checked if d["required"]],
            "optional": [item("optional", d) for d in checked if not d["required"]],
            "missing": [item("required", d) if is_json_object(missing_template) else d["name"] for d in missing],
        },
    )


def message(req: HandlerRequest) -> HandlerResult:
    bad = _invalid(req.endpoint, req.body)
    if bad:
        return bad
    out = live(_example(req.endpoint))
    return json_result(200, shape_like(out, {**req.body, "received": True} if is_json_object(req.body) else {}))
