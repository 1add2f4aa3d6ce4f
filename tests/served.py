"""Serve a folder under a sub-path on 127.0.0.1, as GitHub Pages serves /<repo>/."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import BinaryIO

PREFIX = "/bouwstenen/"


class _SubPathHandler(SimpleHTTPRequestHandler):
    def translate_path(self, path: str) -> str:
        if not path.startswith(PREFIX):
            return str(Path(self.directory) / "__niet_onder_het_subpad__")
        return super().translate_path("/" + path[len(PREFIX) :])

    def send_head(self) -> io.BytesIO | BinaryIO | None:
        """A missing page under the sub-path gets the site's 404.html with status 404, as on
        GitHub Pages."""
        page = Path(self.directory) / "404.html"
        if (
            self.path.startswith(PREFIX)
            and not Path(self.translate_path(self.path)).exists()
            and page.is_file()
        ):
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return io.BytesIO(body)
        return super().send_head()

    def log_message(self, format: str, *args: object) -> None:
        return


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Yield the base URL (ending in /bouwstenen/) of `folder` served on 127.0.0.1."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_SubPathHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    finally:
        server.shutdown()
        server.server_close()
