"""The server's safety layer: security headers on every response, and SSRF-safe fetching of URLs.

``SecurityHeaders`` is a pure ASGI middleware that adds the Content-Security-Policy (scripts, styles
and images from the server itself only; no inline script, no framing, no plugins), ``nosniff`` and
``no-referrer`` to every response, including error pages, and turns an unexpected exception into
the numbered E037 answer instead of a bare 500.

``fetch_public`` fetches a page for ``POST /api/analyze`` with a URL. Only ``http``/``https`` are
accepted; the host is resolved with ``getaddrinfo`` and refused when *any* of its addresses is
loopback, private, link-local, multicast, reserved or unspecified (IPv4-mapped IPv6 addresses are
unwrapped first). The request then goes to the checked address itself (the ``Host`` header and TLS
SNI/certificate check keep the name), so a second DNS answer cannot point it elsewhere (DNS
rebinding). Redirects are followed by hand, at most ``MAX_REDIRECTS``, each hop checked the same
way. The body is streamed and cut at ``max_bytes`` (after decompression) and the whole fetch at
``timeout`` seconds. Environment proxies are ignored (they would bypass the checks).
"""

from __future__ import annotations

import ipaddress
import json
import logging
import socket
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from urllib.parse import urljoin, urlsplit, urlunsplit

from ..errors import SourcetraceError

log = logging.getLogger("sourcetrace.web")

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
)
MAX_REDIRECTS = 5

Resolver = Callable[[str, int], list[str]]


class SecurityHeaders:
    """ASGI middleware: security headers on every HTTP response, E037 for unexpected exceptions, and
    (with ``allowed_hosts``) E029 for a ``Host`` header the server does not answer to, which stops a
    web page from reaching a loopback server through DNS rebinding."""

    def __init__(self, app, allowed_hosts: tuple[str, ...] | None = None):
        self.app = app
        self.allowed_hosts = {h.lower() for h in allowed_hosts} if allowed_hosts else None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                names = {k.lower() for k, _ in HEADERS}
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message = {**message, "headers": headers + list(HEADERS)}
            await send(message)

        if self.allowed_hosts is not None:
            host = _host_header(scope)
            if host not in self.allowed_hosts:
                err = SourcetraceError("E029", reason=f"this server does not answer to the host name {host!r}; "
                                                      f"use {sorted(self.allowed_hosts)[0]}")
                await _send_error(send_with_headers, scope, err, 400)
                return

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as exc:  # noqa: BLE001 - the last line of defence: log, answer E037
            log.error("unhandled error on %s\n%s", scope.get("path"), traceback.format_exc())
            if started:
                raise
            err = SourcetraceError("E037", path=scope.get("path", "?"), reason=type(exc).__name__)
            await _send_error(send_with_headers, scope, err, 500)


def _host_header(scope) -> str:
    for key, value in scope.get("headers", []):
        if key == b"host":
            host = value.decode("latin-1").strip().lower()
            if host.startswith("["):  # [::1]:8000
                return host[1:].split("]", 1)[0]
            return host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return ""


async def _send_error(send, scope, err: SourcetraceError, status: int) -> None:
    if scope.get("path", "").startswith("/api/"):
        body = json.dumps(error_body(err, status)).encode()
        ctype = b"application/json"
    else:
        body = (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Error</title></head>"
                f"<body><p>{escape(err.message)}</p></body></html>").encode()
        ctype = b"text/html; charset=utf-8"
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", ctype), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def error_body(err: SourcetraceError, status: int, details=None) -> dict:
    """The one JSON shape of every API error."""
    body = {"code": err.code, "message": err.message, "status": status}
    if details is not None:
        body["details"] = details
    return {"error": body}


# ---------------------------------------------------------------- SSRF

def system_resolver(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (IPv4 and IPv6)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


def refused_reason(address: str) -> str | None:
    """Why an IP address must not be fetched ("a loopback address"), or None when it is public."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "not an IP address"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.is_site_local:  # fec0::/10: deprecated, but still routed inside some networks
            return "a site-local address"
        mapped = ip.ipv4_mapped or ip.sixtofour
        if mapped is not None:
            ip = mapped
    for test, label in ((ip.is_loopback, "loopback"), (ip.is_link_local, "link-local"),
                        (ip.is_unspecified, "unspecified"), (ip.is_multicast, "multicast"),
                        (ip.is_reserved, "reserved"), (ip.is_private, "private")):
        if test:
            return f"{'an' if label[0] in 'aeiou' else 'a'} {label} address"
    if not ip.is_global:
        return "not a public address"
    return None


@dataclass(frozen=True)
class Target:
    """A URL whose host has been resolved and checked; ``address`` is the one to connect to."""

    url: str
    host: str
    port: int
    address: str


def check_url(url: str, *, resolver: Resolver = system_resolver) -> Target:
    """Refuse (E032) anything but an http(s) URL whose host resolves only to public addresses."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as err:
        raise SourcetraceError("E032", url=url, reason=f"it is not a valid URL ({err})") from err
    if parts.scheme.lower() not in ("http", "https"):
        raise SourcetraceError("E032", url=url, reason=f"the scheme {parts.scheme or '(none)'!r} is not http or https")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise SourcetraceError("E032", url=url, reason="it has no host")
    if parts.username or parts.password:
        raise SourcetraceError("E032", url=url, reason="it carries a user name or password")
    port = port or (443 if parts.scheme.lower() == "https" else 80)
    literal = True
    try:
        ipaddress.ip_address(host)
        addresses = [host]
    except ValueError:
        literal = False
        try:
            addresses = resolver(host, port)
        except (OSError, UnicodeError) as err:
            raise SourcetraceError("E007", url=url, reason=f"the host {host!r} cannot be resolved ({err})") from err
    if not addresses:
        raise SourcetraceError("E007", url=url, reason=f"the host {host!r} has no address")
    for address in addresses:
        reason = refused_reason(address)
        if reason:
            where = f"{host} is" if literal else f"{host} resolves to {address},"
            raise SourcetraceError("E032", url=url, reason=f"{where} {reason}")
    return Target(url=url, host=host, port=port, address=addresses[0])


def _pinned(target: Target) -> tuple[str, dict, dict]:
    """The URL with the checked address as host, the Host header, and the TLS SNI name."""
    parts = urlsplit(target.url)
    ip = target.address.split("%", 1)[0]
    netloc = f"[{ip}]" if ":" in ip else ip
    default = 443 if parts.scheme.lower() == "https" else 80
    if target.port != default:
        netloc += f":{target.port}"
    host_header = target.host if target.port == default else f"{target.host}:{target.port}"
    url = urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))
    return url, {"Host": host_header}, {"sni_hostname": target.host}


class _Deadline:
    """Shuts down the fetch's sockets when the deadline passes. httpx's timeouts apply to each network
    operation, so a server sending its headers or body a few bytes at a time would never trip them;
    shutting the socket down wakes the blocked read. Sockets are collected through httpcore's
    ``trace`` extension as connections (and their TLS layers) are made."""

    def __init__(self, deadline: float):
        self.fired = False
        self._sockets: list = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(0.0, deadline - time.monotonic()), self._fire)
        self._timer.daemon = True
        self._timer.start()

    def trace(self, event: str, info: dict) -> None:
        if event in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
            stream = info.get("return_value")
            sock = stream.get_extra_info("socket") if stream is not None else None
            if sock is not None:
                with self._lock:
                    self._sockets.append(sock)
                    if self.fired:
                        _shutdown(sock)

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            for sock in self._sockets:
                _shutdown(sock)

    def cancel(self) -> None:
        self._timer.cancel()


def _shutdown(sock) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


@dataclass(frozen=True)
class Fetched:
    url: str  # the final address, after redirects
    body: bytes
    content_type: str
    charset: str | None


def fetch_public(url: str, *, max_bytes: int, timeout: float, resolver: Resolver = system_resolver,
                 transport=None) -> Fetched:
    """GET ``url`` under the SSRF rules of the module docstring.

    E032 refused address, E007 failed (HTTP error, too many redirects), E031 body over ``max_bytes``,
    E033 over ``timeout`` seconds. ``transport`` (an ``httpx`` transport) is for tests.
    """
    from .. import __version__

    deadline = time.monotonic() + timeout
    headers = {"User-Agent": f"sourcetrace/{__version__} (serve)",
               "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1"}
    watchdog = _Deadline(deadline)
    try:
        fetched = _fetch_hops(url, max_bytes=max_bytes, timeout=timeout, deadline=deadline, resolver=resolver,
                              transport=transport, headers=headers, watchdog=watchdog)
        if watchdog.fired:  # a body that ends at connection close would look complete, cut short
            raise SourcetraceError("E033", url=url, timeout=timeout)
        return fetched
    except SourcetraceError as err:
        if watchdog.fired and err.code == "E007":  # a read cut short by the deadline
            raise SourcetraceError("E033", url=url, timeout=timeout) from err
        raise
    finally:
        watchdog.cancel()


def _fetch_hops(url: str, *, max_bytes: int, timeout: float, deadline: float, resolver: Resolver, transport,
                headers: dict, watchdog: _Deadline) -> Fetched:
    import httpx

    current = url
    with httpx.Client(transport=transport, trust_env=False, follow_redirects=False, verify=True) as client:
        for _hop in range(MAX_REDIRECTS + 1):
            target = check_url(current, resolver=resolver)
            pinned, host_header, extensions = _pinned(target)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise SourcetraceError("E033", url=url, timeout=timeout)
            request = client.build_request("GET", pinned, headers={**headers, **host_header},
                                           extensions={**extensions, "timeout": httpx.Timeout(remaining).as_dict(),
                                                       "trace": watchdog.trace})
            try:
                response = client.send(request, stream=True)
            except httpx.TimeoutException as err:
                raise SourcetraceError("E033", url=url, timeout=timeout) from err
            except httpx.HTTPError as err:
                raise SourcetraceError("E007", url=current, reason=str(err) or type(err).__name__) from err
            try:
                if response.is_redirect:
                    location = response.headers.get("Location", "")
                    current = urljoin(current, location)
                    continue
                if response.status_code >= 400:
                    raise SourcetraceError("E007", url=current, reason=f"HTTP {response.status_code}")
                length = response.headers.get("Content-Length", "")
                if length.isdigit() and int(length) > max_bytes:
                    raise SourcetraceError("E031", what=f"page at {current}", size=int(length), limit=max_bytes)
                body = _read(response, current, url, max_bytes, deadline, timeout)
                ctype = response.headers.get("Content-Type", "")
                media = ctype.split(";", 1)[0].strip().lower()
                charset = None
                for param in ctype.split(";")[1:]:
                    key, _, value = param.partition("=")
                    if key.strip().lower() == "charset":
                        charset = value.strip().strip('"') or None
                return Fetched(url=current, body=body, content_type=media, charset=charset)
            finally:
                response.close()
    raise SourcetraceError("E007", url=url, reason=f"more than {MAX_REDIRECTS} redirects")


def _read(response, current: str, url: str, max_bytes: int, deadline: float, timeout: float) -> bytes:
    import httpx

    chunks, size = [], 0
    try:
        # every chunk as it arrives (iter_bytes(n) would wait for n bytes, so a server trickling a
        # few bytes at a time would never reach the deadline check)
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise SourcetraceError("E031", what=f"page at {current}", size=size, limit=max_bytes)
            if time.monotonic() > deadline:
                raise SourcetraceError("E033", url=url, timeout=timeout)
            chunks.append(chunk)
    except httpx.TimeoutException as err:
        raise SourcetraceError("E033", url=url, timeout=timeout) from err
    except httpx.HTTPError as err:
        raise SourcetraceError("E007", url=current, reason=str(err) or type(err).__name__) from err
    return b"".join(chunks)
