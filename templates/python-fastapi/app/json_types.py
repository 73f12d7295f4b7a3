"""JSON values as the SPEC's examples use them, and the type names messages use."""
from typing import Any, Dict


class _Missing:
    """No value at all (a request without a body, a key that is absent): not JSON null."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()

JsonObject = Dict[str, Any]


def is_json_object(value: Any) -> bool:
    return isinstance(value, dict)


def json_type_of(value: Any) -> str:
    """"string", "number", "boolean", "null", "array", "object" (or "undefined" for MISSING)."""
    if value is None:
        return "null"
    # bool is an int in Python; JSON keeps them apart.
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "undefined"


def js_string(value: Any) -> str:
    """A JSON value as text the way a query string compares it: true, 1, 1.5, null."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return ",".join(js_string(v) for v in value)
    if isinstance(value, dict):
        return "[object Object]"
    return str(value)
