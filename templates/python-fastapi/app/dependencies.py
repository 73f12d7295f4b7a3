"""Whether the service's dependencies answer, for /dependencies."""
import asyncio
import time
from typing import Dict, Tuple
from urllib.parse import urlsplit

CACHE_SECONDS = 5.0
_cache: Dict[str, Tuple[float, bool]] = {}


async def is_reachable(url: str, timeout: float = 0.3) -> bool:
    """Whether something listens at the dependency's URL; cached briefly so /dependencies stays fast."""
    hit = _cache.get(url)
    if hit and time.monotonic() - hit[0] < CACHE_SECONDS:
        return hit[1]
    try:
        target = urlsplit(url)
        host = target.hostname
        port = target.port or (443 if target.scheme == "https" else 80)
    except ValueError:
        return False
    if not host:
        return False
    try:
        _, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
        writer.close()
        up = True
    except (OSError, asyncio.TimeoutError):
        up = False
    _cache[url] = (time.monotonic(), up)
    return up
