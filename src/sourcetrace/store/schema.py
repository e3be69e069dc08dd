"""The SQLite schema, as numbered migrations.

``MIGRATIONS[n - 1]`` takes a database from ``PRAGMA user_version`` ``n - 1`` to ``n``. A migration is
never edited once released: schema changes append a new one. Each layer table keeps the columns that
queries filter on plus ``data``, the record exactly as it appears in the ledger, so ``show`` and
``export`` rebuild ledgers that are identical to what ``analyze`` prints.

Articles and attributions have integer row keys (``n``) so that the FTS5 indexes over article text
and claim content (``articles_fts``, ``claims_fts``) can use them as external-content rowids.
"""

from __future__ import annotations

MIGRATION_1 = """
CREATE TABLE articles (
    n INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,          -- the input's id, else a hash of its content
    source TEXT NOT NULL,             -- the input (file, URL list, URL) it came from
    position TEXT NOT NULL,           -- where in that input
    url TEXT, title TEXT, published TEXT, site TEXT, author TEXT,
    text TEXT NOT NULL,               -- the clean body; every offset points into it
    removed TEXT NOT NULL,            -- JSON list of removed lines
    metadata TEXT NOT NULL,           -- JSON object: extra input fields, encoding, ...
    signals TEXT NOT NULL,            -- JSON object: the ledger's signals
    words INTEGER NOT NULL,
    schema TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE INDEX articles_published ON articles(published);

CREATE TABLE entities (
    article_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    entity_id TEXT NOT NULL,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    aliases TEXT NOT NULL,            -- JSON list
    mention_count INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (article_id, entity_id)
);
CREATE INDEX entities_name ON entities(name COLLATE NOCASE);

CREATE TABLE mentions (
    article_id TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL
);
CREATE INDEX mentions_article ON mentions(article_id, entity_id);

CREATE TABLE attributions (
    n INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    attribution_id TEXT NOT NULL,
    source_text TEXT, source_entity TEXT, source_kind TEXT, source_start INTEGER, source_end INTEGER,
    cue_text TEXT NOT NULL, cue_start INTEGER NOT NULL, cue_end INTEGER NOT NULL,
    content TEXT NOT NULL, content_start INTEGER NOT NULL, content_end INTEGER NOT NULL,
    certainty TEXT NOT NULL,
    via TEXT,
    cue_family TEXT,
    direct INTEGER,
    data TEXT NOT NULL
);
CREATE INDEX attributions_article ON attributions(article_id, seq);
CREATE INDEX attributions_source_entity ON attributions(article_id, source_entity);

CREATE TABLE source_chains (
    article_id TEXT NOT NULL,
    chain INTEGER NOT NULL,
    step INTEGER NOT NULL,
    text TEXT, entity TEXT, kind TEXT, attribution_id TEXT,
    data TEXT NOT NULL,
    PRIMARY KEY (article_id, chain, step)
);

CREATE TABLE quantities (
    article_id TEXT NOT NULL, seq INTEGER NOT NULL,
    text TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    kind TEXT, value REAL, low REAL, high REAL, unit TEXT, object TEXT,
    data TEXT NOT NULL,
    PRIMARY KEY (article_id, seq)
);

CREATE TABLE dates (
    article_id TEXT NOT NULL, seq INTEGER NOT NULL,
    text TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    value TEXT, resolution TEXT,
    data TEXT NOT NULL,
    PRIMARY KEY (article_id, seq)
);

CREATE TABLE events (
    article_id TEXT NOT NULL, seq INTEGER NOT NULL,
    type TEXT NOT NULL, number REAL, object TEXT, location TEXT, date TEXT,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (article_id, seq)
);

CREATE TABLE ingest_errors (
    input TEXT NOT NULL,
    position TEXT NOT NULL,
    code TEXT NOT NULL,
    message TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (input, position)
);

CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='n');
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.n, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.n, old.title, old.text);
END;

CREATE VIRTUAL TABLE claims_fts USING fts5(content, content='attributions', content_rowid='n');
CREATE TRIGGER claims_fts_insert AFTER INSERT ON attributions BEGIN
    INSERT INTO claims_fts(rowid, content) VALUES (new.n, new.content);
END;
CREATE TRIGGER claims_fts_delete AFTER DELETE ON attributions BEGIN
    INSERT INTO claims_fts(claims_fts, rowid, content) VALUES ('delete', old.n, old.content);
END;
"""

MIGRATIONS: tuple[str, ...] = (MIGRATION_1,)
SCHEMA_VERSION = len(MIGRATIONS)

# Tables holding one article's rows (deleted together when an article is replaced).
ARTICLE_TABLES = ("entities", "mentions", "attributions", "source_chains", "quantities", "dates", "events")
