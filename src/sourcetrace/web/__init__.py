"""The web app and HTTP API of a corpus store (``sourcetrace serve``).

``app.create_app(db_path)`` builds the FastAPI application: the JSON API (``api.py``), the
server-rendered pages (``pages.py``, ``templates/``, ``static/``), the source graph drawn as SVG on
the server (``graph.py``), the analysis endpoint (``analyze.py``) and the safety layer
(``safety.py``: CSP and security headers, SSRF-checked fetching). ``cli.py`` is the ``serve``
command. Only this package imports FastAPI; see docs/web.md.
"""

__all__ = ["create_app"]


def __getattr__(name: str):
    # imported lazily, so that `sourcetrace --help` and the other commands never load FastAPI
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(name)
