"""Readers: files of each kind, stdin, size limits, binary and undecodable input, URLs on loopback."""

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
PAGE = "<html><body><p>The harbour board voted to dredge the channel.</p></body></html>"


def _code(call) -> str:
    with pytest.raises(SourcetraceError) as err:
        call()
    return err.value.code


def test_txt(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(TEXT, encoding="utf-8")
    raw = read_input(str(p))
    assert raw.text == TEXT and raw.html is None and raw.origin == str(p)
    assert raw.metadata["encoding"] == "utf-8"


@pytest.mark.parametrize("name", ["a.html", "a.htm", "A.HTML"])
def test_html(tmp_path, name):
    (tmp_path / name).write_text(PAGE, encoding="utf-8")
    raw = read_input(str(tmp_path / name))
    assert "dredge" in raw.html and raw.text is None


@pytest.mark.parametrize("name", ["b.html.gz", "b.htm.gz"])
def test_gzip_page(tmp_path, name):
    (tmp_path / name).write_bytes(gzip.compress(PAGE.encode()))
    assert "dredge" in read_input(str(tmp_path / name)).html


def test_gz_that_is_not_gzip_is_e003(tmp_path):
    (tmp_path / "c.html.gz").write_text(PAGE, encoding="utf-8")
    assert _code(lambda: read_input(str(tmp_path / "c.html.gz"))) == "E003"


def test_gzip_bomb_stops_at_limit(tmp_path):
    (tmp_path / "big.html.gz").write_bytes(gzip.compress(b"<html><body><p>" + b"a" * 200_000))
    assert _code(lambda: read_input(str(tmp_path / "big.html.gz"), max_bytes=50_000)) == "E006"


def test_latin1_text_is_decoded(tmp_path):
    p = tmp_path / "l.txt"
    p.write_bytes("The café owner said prices would rise.".encode("latin-1"))
    raw = read_input(str(p))
    assert "café" in raw.text and raw.metadata["encoding"] == "cp1252"


def test_utf16_with_bom(tmp_path):
    p = tmp_path / "u.txt"
    p.write_bytes("The ferry resumed service.".encode("utf-16"))
    assert read_input(str(p)).text == "The ferry resumed service."


def test_declared_charset_of_page(tmp_path):
    p = tmp_path / "k.html"
    p.write_bytes('<html><head><meta charset="koi8-r"></head><body><p>Привет</p></body></html>'.encode("koi8-r"))
    assert "Привет" in read_input(str(p)).html


def test_stdin_stream_text_and_html():
    raw = read_stdin(max_bytes=10_000, stream=io.BytesIO(TEXT.encode()))
    assert raw.text.startswith("Harbour") and raw.origin == "-" and raw.html is None
    raw = read_stdin(max_bytes=10_000, stream=io.BytesIO(PAGE.encode()))
    assert "dredge" in raw.html and raw.text is None


def test_stdin_over_limit_is_e006():
    assert _code(lambda: read_stdin(max_bytes=100, stream=io.BytesIO(b"x " * 500))) == "E006"


@pytest.mark.parametrize("setup,code", [
    (lambda p: None, "E001"),
    (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 2), "E003"),
    (lambda p: p.write_bytes(b"\x1f\x8b\x08\x00" + b"\x00" * 40), "E003"),
    (lambda p: p.write_text("x" * 5000), "E006"),
    # 0x81 and 0x8d are neither UTF-8 nor defined in cp1252
    (lambda p: p.write_bytes(b"The mayor \x81\x8d said so."), "E011"),
    (lambda p: p.mkdir(), "E002"),
])
def test_file_errors(tmp_path, setup, code):
    p = tmp_path / "in.txt"
    setup(p)
    assert _code(lambda: read_input(str(p), max_bytes=1000)) == code


@pytest.mark.parametrize("name", ["a.pdf", "a.docx", "notes"])
def test_unsupported_extension_is_e013(tmp_path, name):
    p = tmp_path / name
    p.write_bytes(b"%PDF-1.4 ...")
    assert _code(lambda: read_input(str(p))) == "E013"


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        if self.path == "/slow":
            time.sleep(2)
        if self.path == "/missing":
            self.send_error(404)
            return
        if self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/page")
            self.end_headers()
            return
        kind, body = "text/html; charset=utf-8", PAGE.encode()
        if self.path == "/plain":
            kind, body = "text/plain; charset=utf-8", TEXT.encode()
        elif self.path == "/pdf":
            kind, body = "application/pdf", b"%PDF-1.4"
        elif self.path == "/big":
            body = b"<html><body>" + b"a" * 5000
        elif self.path == "/gzip":
            body = gzip.compress(body)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        if self.path == "/gzip":
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    srv.daemon_threads = True
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def test_url_ok(server):
    raw = read_input(server + "/page")
    assert "dredge" in raw.html and raw.url == server + "/page" and raw.origin == server + "/page"


def test_url_plain_text_redirect_and_gzip(server):
    assert read_input(server + "/plain").text.startswith("Harbour Board")
    moved = read_input(server + "/moved")
    assert moved.url == server + "/page" and "dredge" in moved.html
    assert "dredge" in read_input(server + "/gzip").html


def test_url_404_is_e007(server):
    assert _code(lambda: read_input(server + "/missing")) == "E007"


def test_url_refused_connection_is_e007():
    srv = http.server.HTTPServer(("127.0.0.1", 0), _Handler)
    port = srv.server_address[1]
    srv.server_close()  # nothing listens on this port any more
    assert _code(lambda: read_input(f"http://127.0.0.1:{port}/page", timeout=2)) == "E007"


def test_url_timeout_is_e008(server):
    assert _code(lambda: read_input(server + "/slow", timeout=0.5)) == "E008"


def test_url_binary_and_oversize(server):
    assert _code(lambda: read_input(server + "/pdf")) == "E003"
    assert _code(lambda: read_input(server + "/big", max_bytes=1000)) == "E006"
