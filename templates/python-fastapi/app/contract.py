"""The endpoints of the service as its SPEC documents them: the examples the
handlers answer with and the tests check against. `contract.json` is
regenerated from the SPEC; it is data, read as JSON."""
import json
from pathlib import Path
from typing import Any, Dict

CONTRACT: Dict[str, Any] = json.loads(Path(__file__).with_name("contract.json").read_text(encoding="utf-8"))


def endpoint(key: str) -> Dict[str, Any]:
    """The contract's endpoint `"GET /health"`, `"POST /items"`…"""
    for candidate in CONTRACT["endpoints"]:
        if candidate["key"] == key:
            return candidate
    raise KeyError(f"contract has no endpoint {key}")
