"""Claim tracking across a corpus: statements, linking, claim groups, changes, fact-check matching.

The public surface (docs/linking.md):

* ``statements(ledger)`` -> ``Statement`` records of one ledger (``link/statements.py``);
* ``Retriever`` (word index + vector index, fused), ``LexicalIndex``, ``VectorIndex``,
  ``load_embedder`` (``retrieve.py``, ``lexical.py``, ``index.py``, ``embed.py``);
* ``SameClaimModel`` / ``load_model`` (the pair decision), ``assign`` (where a new statement goes)
  and ``Grouper`` (incremental groups in memory) (``same_claim.py``, ``group.py``);
* ``changes(first, report)`` and ``timeline(statements, stance=...)`` (``changes.py``, ``timeline.py``);
* ``read_factchecks(path)``, ``ClaimMatcher``, ``match(statements, claims)`` (``factchecks.py``, ``match.py``);
* ``track(ledgers)``: all of it over ledgers in memory (``track.py``).

Importing this package loads no model; the encoder loads on first use.
"""

from .changes import CHANGE_KINDS, Change, changes
from .embed import Embedder, load_embedder, register_backend
from .factchecks import FactCheck, RowError, read_factchecks
from .group import Assignment, Grouper, GroupOptions, Neighbour, assign
from .index import VectorIndex
from .lexical import LexicalIndex
from .match import ClaimMatcher, Match, match
from .normalize import normalize
from .retrieve import Candidate, FusionOptions, Retriever
from .same_claim import SameClaimModel, load_model
from .statements import Statement, statements
from .timeline import Report, timeline
from .track import ClaimGroup, track

__all__ = [
    "CHANGE_KINDS", "Assignment", "Candidate", "Change", "ClaimGroup", "ClaimMatcher", "Embedder", "FactCheck",
    "FusionOptions", "GroupOptions", "Grouper", "LexicalIndex", "Match", "Neighbour", "Report", "Retriever",
    "RowError", "SameClaimModel", "Statement", "VectorIndex", "assign", "changes", "load_embedder", "load_model",
    "match", "normalize", "read_factchecks", "register_backend", "statements", "timeline", "track",
]
