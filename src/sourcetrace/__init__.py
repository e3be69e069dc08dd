"""sourcetrace: who says so, on whose authority, how firmly, and with which checkable facts.

The package turns a news article into a claim ledger (schema ``sourcetrace.article/1``). Modules
follow the data flow: ingest -> clean -> nlp -> extract -> ledger.
"""

__version__ = "0.1.0"
SCHEMA = "sourcetrace.article/1"
from .stance_model import stance  # noqa: E402,F401 - light import; the stance model loads on the first call
