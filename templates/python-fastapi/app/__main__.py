"""Starts the service: `python -m app` listens on PORT (default: the SPEC's port, else 8000) at HOST (default 0.0.0.0)."""
import json
import os
import socket

import uvicorn

from .contract import CONTRACT
from .main import create_app


def main() -> None:
    port = int(os.environ.get("PORT") or CONTRACT.get("port") or 8000)
    host = os.environ.get("HOST") or "0.0.0.0"
    # The socket is bound here, not by uvicorn, so that the port actually taken (PORT=0 picks a free one) can be printed.
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted connections inherit it: without it, a kept-alive client waits on Nagle and delayed ACKs (tens of ms a request).
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    sock.listen(2048)
    line = {"event": "listening", "service": CONTRACT["service"], "version": CONTRACT["version"], "port": sock.getsockname()[1]}
    print(json.dumps(line, separators=(",", ":")), flush=True)
    config = uvicorn.Config(create_app(), log_level="warning", access_log=False)
    uvicorn.Server(config).run(sockets=[sock])


if __name__ == "__main__":
    main()
