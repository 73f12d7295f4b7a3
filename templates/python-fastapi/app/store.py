"""In-memory resources, by id key (build_id) and id. Swap for a database when you need one."""
from typing import Any, Dict, List, Optional

JsonObject = Dict[str, Any]


class Store:
    def __init__(self) -> None:
        self._kinds: Dict[str, Dict[str, JsonObject]] = {}
        self._counters: Dict[str, int] = {}

    def next_number(self, id_key: str) -> int:
        """The next numeric id for a kind whose SPEC shows numeric ids (1, 2, 3…)."""
        self._counters[id_key] = self._counters.get(id_key, 0) + 1
        return self._counters[id_key]

    def put(self, id_key: str, id: str, record: JsonObject) -> None:
        self._kinds.setdefault(id_key, {})[id] = record

    def get(self, id_key: str, id: str) -> Optional[JsonObject]:
        return self._kinds.get(id_key, {}).get(id)

    def remove(self, id_key: str, id: str) -> None:
        self._kinds.get(id_key, {}).pop(id, None)

    def all(self, id_key: str) -> List[JsonObject]:
        return list(self._kinds.get(id_key, {}).values())
