"""Checks a request body against the endpoint's documented request example,
then against its Pydantic model (app/models.py)."""
from typing import Any, Dict, NamedTuple, Optional, Type

from pydantic import BaseModel, ValidationError

from .json_types import MISSING, is_json_object, json_type_of
from .models import REQUEST_MODELS


class Problem(NamedTuple):
    field: str
    message: str


def parse_model(model: Type[BaseModel], data: Any) -> BaseModel:
    """The body as a model instance, with Pydantic 1 or 2."""
    validate = getattr(model, "model_validate", None)
    return validate(data) if validate is not None else model.parse_obj(data)


def validate_request(endpoint: Dict[str, Any], body: Any) -> Optional[Problem]:
    example = endpoint.get("request", MISSING)
    if example is MISSING:
        return None
    if is_json_object(example):
        if not is_json_object(body):
            return Problem("body", "request body must be a JSON object")
        for field in endpoint["requiredFields"]:
            if field not in body:
                return Problem(field, f"field '{field}' is required")
    return _check_type(example, body, "") or _check_model(endpoint["key"], body)


def _check_type(example: Any, value: Any, path: str) -> Optional[Problem]:
    if example is None or value is MISSING:
        return None
    expected, actual = json_type_of(example), json_type_of(value)
    if expected != actual:
        field = path or "body"
        article = "an object" if expected == "object" else "an array" if expected == "array" else f"a {expected}"
        return Problem(field, f"field '{field}' must be {article}, got {actual}")
    if isinstance(example, list) and example:
        for i, item in enumerate(value):
            problem = _check_type(example[0], item, f"{path}[{i}]")
            if problem:
                return problem
    if isinstance(example, dict):
        for k, v in example.items():
            problem = _check_type(v, value.get(k, MISSING), f"{path}.{k}" if path else k)
            if problem:
                return problem
    return None


def _check_model(key: str, body: Any) -> Optional[Problem]:
    model = REQUEST_MODELS.get(key)
    if model is None or not is_json_object(body):
        return None
    try:
        parse_model(model, body)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "body"
        return Problem(field, f"field '{field}' is invalid: {first['msg']}")
    return None
