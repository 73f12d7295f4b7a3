"""The SPEC's WebSocket endpoints: each connection receives the documented
events in order, with live values, then a normal close."""
import asyncio
import json
from typing import Any, Awaitable, Callable, Dict

from starlette.websockets import WebSocket

from .shape import live
from .store import Store

EVENT_INTERVAL_SECONDS = 0.025


def stream_endpoint(endpoint: Dict[str, Any], store: Store) -> Callable[[WebSocket], Awaitable[None]]:
    async def serve(websocket: WebSocket) -> None:
        params = dict(websocket.path_params)
        resource = endpoint.get("resource")
        if resource and resource in params and store.get(resource, params[resource]) is None:
            # Closing before accepting refuses the upgrade: the client sees an HTTP error, as for an unknown path.
            await websocket.close(code=1008)
            return
        await websocket.accept()
        events = endpoint["events"] or [{"event": "connected"}]
        try:
            for i, event in enumerate(events):
                if i:
                    await asyncio.sleep(EVENT_INTERVAL_SECONDS)
                await websocket.send_text(json.dumps(live(event, params)))
            await websocket.close(code=1000, reason="end of stream")
        except Exception:  # noqa: BLE001 - the client left before the stream ended: nothing to do.
            return

    return serve
