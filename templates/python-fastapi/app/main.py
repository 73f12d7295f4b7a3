"""The FastAPI application: one route per endpoint of the SPEC (app/routes.py),
JSON errors, request counting, and the WebSocket streams."""
import inspect
import json
import logging
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Dict, List

from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .contract import CONTRACT
from .handlers import HandlerRequest, HandlerResult
from .json_types import MISSING
from .metrics import Metrics
from .router import Route, by_specificity, methods_of
from .routes import ROUTES
from .store import Store
from .stream import stream_endpoint

MAX_BODY_BYTES = 1_000_000
LOG = logging.getLogger(__name__)


@dataclass
class ServiceState:
    store: Store
    metrics: Metrics


def create_app() -> FastAPI:
    """A fresh service: its own store and counters."""
    # No /docs or /openapi.json: those paths belong to the SPEC's own endpoints (GET /{code} answers them).
    app = FastAPI(title=CONTRACT["service"], version=CONTRACT["version"], docs_url=None, redoc_url=None, openapi_url=None)
    state = ServiceState(store=Store(), metrics=Metrics())
    app.state.service = state
    for route in by_specificity(ROUTES):
        endpoint = route.endpoint
        if endpoint["method"] == "WS":
            app.add_api_websocket_route(endpoint["path"], stream_endpoint(endpoint, state.store))
        else:
            app.add_api_route(endpoint["path"], _http_endpoint(route, state), methods=methods_of(endpoint["method"]), name=endpoint["key"])
    app.add_exception_handler(HTTPException, _http_error)
    app.add_middleware(CountRequests, metrics=state.metrics)
    return app


def _http_endpoint(route: Route, state: ServiceState) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        try:
            body = await read_json_body(request)
        except BodyError as error:
            return JSONResponse({"error": "invalid_body", "detail": str(error)}, status_code=400)
        handler_request = HandlerRequest(
            endpoint=route.endpoint,
            params=dict(request.path_params),
            query=request.query_params.multi_items(),
            body=body,
            store=state.store,
            metrics=state.metrics,
        )
        try:
            result = route.handle(handler_request)
            if inspect.isawaitable(result):
                result = await result
        except Exception:  # noqa: BLE001 - any handler failure is the service's error, answered as one.
            LOG.exception("%s failed", route.endpoint["key"])
            return JSONResponse({"error": "internal_error", "detail": "unexpected error"}, status_code=500)
        return to_response(result)

    return endpoint


def to_response(result: HandlerResult) -> Response:
    if result.content_type is not None:
        return Response(content=result.body, status_code=result.status, media_type=result.content_type)
    return JSONResponse(result.body, status_code=result.status)


class BodyError(Exception):
    pass


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


async def read_json_body(request: Request) -> Any:
    """The JSON body, MISSING when there is none."""
    chunks = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise BodyError(f"request body is larger than {MAX_BODY_BYTES} bytes")
        chunks.append(chunk)
    text = b"".join(chunks).decode("utf-8", errors="replace").strip()
    if not text:
        return MISSING
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except ValueError:
        raise BodyError("request body is not valid JSON") from None


async def _http_error(request: Request, error: Exception) -> Response:
    status = getattr(error, "status_code", 500)
    if status == 404:
        body: Dict[str, Any] = {"error": "not_found", "detail": f"no endpoint {request.method} {request.url.path}"}
    elif status == 405:
        body = {"error": "method_not_allowed", "detail": f"{request.method} is not allowed on {request.url.path}; use {', '.join(_allowed(request))}"}
    else:
        body = {"error": "http_error", "detail": str(getattr(error, "detail", ""))}
    return JSONResponse(body, status_code=status)


def _allowed(request: Request) -> List[str]:
    """The methods of the endpoints at this path, most specific first, once each (a route is named after its endpoint's key)."""
    methods = [route.name.split(" ", 1)[0] for route in request.app.router.routes if isinstance(route, APIRoute) and route.matches(request.scope)[0] != Match.NONE]
    return list(dict.fromkeys(methods))


class CountRequests:
    """Counts every HTTP request, and as errors those answered with 400 or more.
    Also reads /a//b/ as /a/b, so a trailing slash finds the same endpoint."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        path = "/" + "/".join(part for part in scope["path"].split("/") if part)
        scope = {**scope, "path": path}
        if scope["type"] == "websocket":
            await self.app(scope, receive, send)
            return
        self.metrics.requests_total += 1

        async def counting_send(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] >= 400:
                self.metrics.record_error()
            await send(message)

        await self.app(scope, receive, counting_send)
