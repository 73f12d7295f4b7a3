"""Routes: which handler answers which endpoint, and in which order they are tried."""
from typing import Any, Awaitable, Callable, Dict, List, NamedTuple, Union

from .handlers import HandlerRequest, HandlerResult

HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]


class Route(NamedTuple):
    endpoint: Dict[str, Any]
    #: Sync or async: a HandlerRequest in, a HandlerResult out.
    handle: Callable[[HandlerRequest], Union[HandlerResult, Awaitable[HandlerResult]]]


def specificity(path: str) -> int:
    """Literal segments first: /health is tried before /{code}, /builds/active before /builds/{id}."""
    segments = path.split("/")
    return sum(10 for s in segments if s and not s.startswith("{")) + len(segments)


def by_specificity(routes: List[Route]) -> List[Route]:
    # Starlette tries routes in order, so the most specific path must come first.
    return sorted(routes, key=lambda route: -specificity(route.endpoint["path"]))


def methods_of(method: str) -> List[str]:
    """HTTP methods a route answers: HEAD like GET, every method for ANY."""
    if method == "ANY":
        return HTTP_METHODS
    return ["GET", "HEAD"] if method == "GET" else [method]
