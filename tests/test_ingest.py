"""Readers: files of each kind, stdin, size limits, binary input and URL fetching on loopback."""

from __future__ import annotations

import gzip
import http.server
import io
import threading
import time

import pytest

from sourcetrace.errors import SourcetraceError
from sourcetrace.ingest import read_input, read_stdin

TEXT = "Harbour Board Votes On Dredging\n\nThe harbour board voted on Tuesday to dredge the channel, its chair said.\n"


def test_txt(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(TEXT, encoding="utf-8")
    raw = read_input(str(p))
    assert raw.text.startswith("Harbour Board") and raw.html is None


def test_html_and_gzip(tmp_path):
    page = "<html><body><p>The harbour board voted to dredge the channel.</p></body></html>"
    (tmp_path / "a.html").write_text(page, encoding="utf-8")
    (tmp_path / "b.html.gz").write_bytes(gzip.compress(page.encode()))
    assert "dredge" in read_input(str(tmp_path / "a.html")).html
    assert "dredge" in read_input(str(tmp_path / "b.html.gz")).html


def test_latin1_text_is_decoded(tmp_path):
    p = tmp_path / "l.txt"
    p.write_bytes("The café owner said prices would rise.".encode("latin-1"))
    assert "café" in read_input(str(p)).text


def test_stdin_stream():
    raw = read_stdin(max_bytes=10_000, stream=io.BytesIO(TEXT.encode()))
    assert raw.text.startswith("Harbour") and raw.origin == "-"


@pytest.mark.parametrize("setup,code", [
    (lambda p: None, "E001"),
    (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 2), "E003"),
    (lambda p: p.write_text("x" * 5000), "E006"),
])
def test_file_errors(tmp_path, setup, code):
    p = tmp_path / "in.txt"
    setup(p)
    with pytest.raises(SourcetraceError) as err:
        read_input(str(p), max_bytes=1000)
    assert err.value.code == code


def test_unsupported_extension(tmp_path):
    p = tmp_path / "a.pdf"
    p.write_bytes(b"%PDF-1.4 ...")
    with pytest.raises(SourcetraceError) as err:
        read_input(str(p))
    assert err.value.code in ("E013", "E003")


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        if self.path == "/slow":
            time.sleep(2)
        if self.path == "/missing":
            self.send_error(404)
            return
        body = b"<html><body><p>The harbour board voted to dredge the channel.</p></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()


def test_url_ok(server):
    raw = read_input(server + "/page")
    assert "dredge" in raw.html and raw.url.startswith("http://127.0.0.1")


def test_url_404_is_e007(server):
    with pytest.raises(SourcetraceError) as err:
        read_input(server + "/missing")
    assert err.value.code == "E007"


def test_url_timeout_is_e008(server):
    with pytest.raises(SourcetraceError) as err:
        read_input(server + "/slow", timeout=0.5)
    assert err.value.code == "E008"
