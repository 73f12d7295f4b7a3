"""Live counters behind /state and /health."""
import time
from collections import deque
from datetime import datetime, timezone
from typing import Deque, Optional


class Metrics:
    def __init__(self) -> None:
        self.started_at = datetime.now(timezone.utc)
        self._started = time.time()
        self.requests_total = 0
        self._error_times: Deque[float] = deque()

    def record_error(self, now: Optional[float] = None) -> None:
        now = time.time() if now is None else now
        self._error_times.append(now)
        self._prune(now)

    def errors_last_hour(self, now: Optional[float] = None) -> int:
        self._prune(time.time() if now is None else now)
        return len(self._error_times)

    def uptime_seconds(self, now: Optional[float] = None) -> int:
        return int((time.time() if now is None else now) - self._started)

    def last_restart(self) -> str:
        return self.started_at.isoformat(timespec="milliseconds").replace("+00:00", "Z")

    def _prune(self, now: float) -> None:
        hour_ago = now - 3600
        while self._error_times and self._error_times[0] < hour_ago:
            self._error_times.popleft()
