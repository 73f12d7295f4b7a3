"""Examples made live, and values shaped like examples."""
import re
import uuid
from datetime import datetime, timezone
from typing import Any, Dict, List, Optional

from .json_types import MISSING, json_type_of

ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def now_iso() -> str:
    """The current time as 2025-01-01T00:00:00.000Z."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def live(example: Any, params: Optional[Dict[str, str]] = None, key: str = "") -> Any:
    """The documented example with live values: current timestamps, fresh ids for
    "uuid" placeholders, and path parameters filled in (/builds/{build_id})."""
    params = params or {}
    if isinstance(example, list):
        return [live(v, params) for v in example]
    if isinstance(example, dict):
        return {k: params[k] if k in params and isinstance(v, str) else live(v, params, k) for k, v in example.items()}
    if not isinstance(example, str):
        return example
    if ISO_TIME.match(example):
        return now_iso()
    if example == "uuid" and (key == "id" or key.endswith("_id")):
        return str(uuid.uuid4())
    return PLACEHOLDER.sub(lambda m: params.get(m.group(1), m.group(0)), example)


def shape_like(example: Any, source: Any = MISSING) -> Any:
    """The example's keys, taking each value from `source` where it has the same JSON type."""
    if source is MISSING:
        return example
    if isinstance(example, dict):
        if not isinstance(source, dict):
            return example
        return {k: shape_like(v, source[k]) if k in source else v for k, v in example.items()}
    if example is None:
        return source
    if isinstance(example, list):
        if not isinstance(source, list):
            return example
        if not example:
            return source
        return [shape_like(example[0], s) for s in source]
    return source if json_type_of(example) == json_type_of(source) else example


def shape_errors(example: Any, value: Any, path: str = "") -> List[str]:
    """What is wrong with `value` against the example's shape, as `field: message` lines."""
    if example is None:
        return []
    expected, actual = json_type_of(example), json_type_of(value)
    if expected != actual:
        return [f"{path or 'body'}: expected {expected}, got {actual}"]
    if isinstance(example, list):
        if not example:
            return []
        return [e for i, v in enumerate(value) for e in shape_errors(example[0], v, f"{path}[{i}]")]
    if isinstance(example, dict):
        errors: List[str] = []
        for k, v in example.items():
            at = f"{path}.{k}" if path else k
            errors.extend(shape_errors(v, value[k], at) if k in value else [f"{at}: missing"])
        return errors
    return []
