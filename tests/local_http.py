"""A throwaway HTTP server on 127.0.0.1 for URL and download tests."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any


def routes_handler(
    routes: Mapping[str, tuple[str, bytes]], delays: Mapping[str, float] | None = None
) -> type[http.server.BaseHTTPRequestHandler]:
    """Return a handler serving ``path -> (content type, body)``; other paths are 404.

    ``delays`` makes a path answer only after that many seconds (for timeout tests).
    """

    class _Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            time.sleep((delays or {}).get(self.path, 0.0))
            if self.path not in routes:
                self.send_error(404)
                return
            ctype, body = routes[self.path]
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    return _Handler


@contextmanager
def serving(handler: Callable[..., Any]) -> Iterator[str]:
    """Serve ``handler`` on a free port of 127.0.0.1; yield the base URL (no trailing /)."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
