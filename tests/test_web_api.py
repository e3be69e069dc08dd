"""The web app and HTTP API (``sourcetrace serve``), in process, against a store built from the
fictional articles of ``web_api_fixtures.py``.

Expected values are computed from the store with SQL where they depend on the model's output, so
the tests check what the server does with the store (filters, paging, escaping, refusals) rather
than what the extractors found.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import warnings
from html import unescape as html_unescape
from html.parser import HTMLParser

import httpx
import pytest
import web_api_fixtures
from markupsafe import escape
from corpus_fixtures import GERMAN
from web_api_fixtures import IMG, SCRIPT

from sourcetrace.errors import SourcetraceError
from sourcetrace.ledger import validate
from sourcetrace.store import queries
from sourcetrace.store.entity_ids import entity_key
from sourcetrace.web import create_app
from sourcetrace.web.safety import CSP, check_url

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's notice about httpx in its test client
    from fastapi.testclient import TestClient

PUBLIC_IP = "93.184.216.34"


@pytest.fixture(scope="module")
def ledgers(nlp):
    return web_api_fixtures.ledgers(nlp)


@pytest.fixture(scope="module")
def db(tmp_path_factory, ledgers):
    return web_api_fixtures.build_store(tmp_path_factory.mktemp("web") / "corpus.db", ledgers_=ledgers)


@pytest.fixture(scope="module")
def client(db, nlp):
    return TestClient(create_app(db, nlp=nlp))


@pytest.fixture()
def fresh_db(tmp_path, ledgers):
    return web_api_fixtures.build_store(tmp_path / "fresh.db", ledgers_=ledgers)


def rows(db, sql, params=()):
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def assert_error(response, status: int, code: str):
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert body["error"]["status"] == status
    assert body["error"]["message"].startswith(f"[{code}]")
    return body["error"]


# ---------------------------------------------------------------- OpenAPI, headers, errors

def test_openapi_document_lists_every_endpoint(client):
    doc = client.get("/openapi.json").json()
    for path in ("/api/articles", "/api/articles/{article_id}", "/api/claims", "/api/claims/download", "/api/entities",
                 "/api/entities/{entity_id}", "/api/stats", "/api/graph", "/api/analyze"):
        assert path in doc["paths"], path
    assert "post" in doc["paths"]["/api/analyze"]
    body_schema = doc["paths"]["/api/analyze"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert {"text", "html", "url", "store"} <= set(body_schema["properties"])
    assert "/claims" not in doc["paths"]  # pages stay out of the API document
    assert client.get("/docs").status_code == 404  # Swagger UI would load scripts from a CDN


@pytest.mark.parametrize("path", ["/", "/articles/hostile-1", "/claims", "/entities", "/graph", "/search?q=bridge",
                                  "/api/stats", "/api/articles/nope", "/static/app.js", "/no-such-page",
                                  "/api/claims?limit=0"])
def test_security_headers_on_every_response(client, path):
    r = client.get(path)
    assert r.headers["content-security-policy"] == CSP
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"


def test_errors_have_one_json_shape(client):
    err = assert_error(client.get("/api/articles/no-such-id"), 404, "E028")
    assert "no-such-id" in err["message"]
    assert_error(client.get("/api/entities/person-nobody-00000000"), 404, "E028")
    assert_error(client.get("/api/entities/not-a-valid-id"), 404, "E028")
    assert_error(client.get("/api/no/such/endpoint"), 404, "E028")
    err = assert_error(client.get("/api/claims?limit=0"), 422, "E029")
    assert err["details"][0]["loc"] == ["query", "limit"]
    assert_error(client.get("/api/articles?offset=-1"), 422, "E029")
    assert_error(client.get("/api/claims?certainty=sure"), 422, "E029")
    assert_error(client.get("/api/claims?kind=robot"), 422, "E029")
    assert_error(client.get("/api/entities?type=ANIMAL"), 422, "E029")
    assert_error(client.delete("/api/stats"), 405, "E029")
    assert_error(client.get("/api/analyze"), 405, "E029")


def test_pages_show_numbered_errors_as_html(client):
    r = client.get("/articles/no-such-id")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "[E028]" in r.text and 'id="topnav"' in r.text
    r = client.get("/claims?certainty=sure")
    assert r.status_code == 422 and "[E029]" in r.text


def test_read_connections_cannot_write(client):
    state = client.app.state.web
    with state.reader() as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 5
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            conn.execute("DELETE FROM articles")


def test_create_app_refuses_what_is_not_a_store(tmp_path):
    with pytest.raises(SourcetraceError) as err:
        create_app(tmp_path / "missing.db")
    assert err.value.code == "E023"
    junk = tmp_path / "junk.db"
    junk.write_text("not a database " * 100)
    with pytest.raises(SourcetraceError) as err:
        create_app(junk)
    assert err.value.code == "E023"


# ---------------------------------------------------------------- articles

def test_articles_are_paged(client, db):
    stored = [r[0] for r in rows(db, "SELECT id FROM articles ORDER BY n")]
    first = client.get("/api/articles?limit=2").json()
    assert first["total"] == len(stored) == 5
    assert [a["id"] for a in first["items"]] == stored[:2]
    seen, page = [], first
    while True:
        seen += [a["id"] for a in page["items"]]
        if not page["next"]:
            break
        page = client.get(page["next"]).json()
    assert seen == stored
    assert client.get("/api/articles?limit=2&offset=4").json()["next"] is None
    item = first["items"][0]
    assert item["claims"] == rows(db, "SELECT count(*) FROM attributions WHERE article_id = ?", (item["id"],))[0][0]


def test_articles_full_text_search(client):
    found = client.get("/api/articles", params={"q": "Tollham"}).json()
    assert [a["id"] for a in found["items"]] == ["lantern-bridge"]
    assert client.get("/api/articles", params={"q": "ferry OR reservoir"}).json()["total"] == 2
    assert client.get("/api/articles", params={"q": "zeppelin"}).json()["total"] == 0
    assert_error(client.get("/api/articles", params={"q": '"unclosed'}), 400, "E030")


def test_article_is_the_full_stored_ledger(client, db):
    r = client.get("/api/articles/lantern-bridge")
    assert r.status_code == 200
    ledger = r.json()
    validate(ledger)
    conn = sqlite3.connect(db)
    assert ledger == queries.ledger(conn, "lantern-bridge")
    conn.close()
    assert ledger["attributions"] and ledger["source_chains"]


# ---------------------------------------------------------------- claims

def _all_claims(client, **params):
    out, page = [], client.get("/api/claims", params={**params, "limit": 500}).json()
    out += page["items"]
    while page["next"]:
        page = client.get(page["next"]).json()
        out += page["items"]
    return out


def test_claims_paging_covers_every_claim_once(client, db):
    total = rows(db, "SELECT count(*) FROM attributions")[0][0]
    seen, offset = [], 0
    while True:
        page = client.get("/api/claims", params={"limit": 4, "offset": offset}).json()
        assert page["total"] == total
        seen += [(c["article"], c["id"]) for c in page["items"]]
        if page["next"] is None:
            break
        offset += 4
    assert len(seen) == total == len(set(seen))


@pytest.mark.parametrize("certainty", ["factive", "asserted", "distanced", "hedged"])
def test_claims_filter_certainty(client, db, certainty):
    expected = rows(db, "SELECT count(*) FROM attributions WHERE certainty = ?", (certainty,))[0][0]
    found = _all_claims(client, certainty=certainty)
    assert len(found) == expected
    assert all(c["certainty"] == certainty for c in found)


def test_claims_filter_certainty_and_kind_take_several_values(client, db):
    expected = rows(db, "SELECT count(*) FROM attributions WHERE certainty IN ('hedged', 'distanced')")[0][0]
    assert expected >= 2
    assert client.get("/api/claims?certainty=hedged&certainty=distanced").json()["total"] == expected
    assert client.get("/api/claims?certainty=hedged,distanced").json()["total"] == expected
    expected = rows(db, "SELECT count(*) FROM attributions WHERE source_kind IN ('person', 'media')")[0][0]
    found = _all_claims(client, kind=["person", "media"])
    assert len(found) == expected and {c["kind"] for c in found} <= {"person", "media"}
    none = _all_claims(client, kind="none")
    assert len(none) == rows(db, "SELECT count(*) FROM attributions WHERE source_kind IS NULL")[0][0] >= 1
    assert all(c["source"] is None for c in none)


def test_claims_filter_source(client, db):
    found = _all_claims(client, source="kross")
    assert found
    assert all("kross" in ((c["source"] or "") + (c["entity"] or "")).lower() for c in found)
    expected = rows(db, "SELECT count(*) FROM attributions a LEFT JOIN entities e ON e.article_id = a.article_id AND "
                        "e.entity_id = a.source_entity WHERE lower(a.source_text) LIKE '%kross%' OR "
                        "lower(e.name) LIKE '%kross%'")[0][0]
    assert len(found) == expected


def test_claims_filter_entity_matches_source_or_content(client):
    found = _all_claims(client, entity="Pavel Kross")
    said_by = [c for c in found if c["entity"] == "Pavel Kross"]
    said_about = [c for c in found if "Pavel Kross" in c["content"]]
    assert said_by and said_about
    assert len(found) == len({(c["article"], c["id"]) for c in said_by + said_about})


def test_claims_filter_text_and_fts_and_article(client):
    found = _all_claims(client, text="BRIDGE")
    assert found and all("bridge" in c["content"].lower() for c in found)
    fts = _all_claims(client, q="bridge OR ferry")
    assert fts and all(re.search(r"\b(bridge|ferry)", c["content"], re.I) for c in fts)
    assert_error(client.get("/api/claims", params={"q": "AND AND"}), 400, "E030")
    one = _all_claims(client, article="gazette-ferry")
    assert one and {c["article"] for c in one} == {"gazette-ferry"}
    both = _all_claims(client, article="gazette-ferry", certainty="hedged")
    assert both and all(c["certainty"] == "hedged" and c["article"] == "gazette-ferry" for c in both)


def test_claim_rows_name_their_source_entity(client):
    found = _all_claims(client, source="Sofia Lund")
    assert found
    for c in found:
        if c["entity"]:
            assert c["entity_id"] == entity_key("PERSON", c["entity"])
            assert client.get(f"/api/entities/{c['entity_id']}").status_code == 200


def test_claims_download_csv_and_json(client):
    expected = _all_claims(client, certainty="asserted")
    r = client.get("/api/claims/download?certainty=asserted&format=csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    table = list(csv.DictReader(io.StringIO(r.text)))
    assert len(table) == len(expected)
    assert {row["certainty"] for row in table} == {"asserted"}
    assert [row["content"] for row in table] == [c["content"] for c in expected]
    r = client.get("/api/claims/download?certainty=asserted&format=json")
    assert r.json() == expected
    assert client.get("/api/claims/download?format=json&q=zeppelin").json() == []
    assert_error(client.get("/api/claims/download?q=%22open"), 400, "E030")
    assert_error(client.get("/api/claims/download?format=xml"), 422, "E029")


# ---------------------------------------------------------------- entities, stats, graph

def test_entity_ids_are_stable_and_readable():
    key = entity_key("PERSON", "Pavel Kross")
    assert re.fullmatch(r"person-pavel-kross-[0-9a-f]{8}", key)
    assert entity_key("PERSON", "PAVEL KROSS") == key  # case-insensitive like the store's grouping
    assert entity_key("ORG", "Pavel Kross") != key
    assert entity_key("WORK_OF_ART", "«»").startswith("work_of_art-")


def test_entities_list_and_detail(client, db):
    listed = client.get("/api/entities?limit=500").json()
    assert listed["total"] == rows(db, "SELECT count(*) FROM (SELECT DISTINCT type, lower(name) FROM entities)")[0][0]
    by_name = {e["name"]: e for e in listed["items"]}
    kross = by_name["Pavel Kross"]
    assert kross["articles"] == rows(db, "SELECT count(DISTINCT article_id) FROM entities WHERE name = 'Pavel Kross'")[0][0] >= 2
    assert listed["items"][0]["articles"] >= listed["items"][-1]["articles"]
    assert client.get("/api/entities?limit=2").json()["next"]
    assert all(e["type"] == "PERSON" for e in client.get("/api/entities?type=PERSON").json()["items"])
    assert [e["name"] for e in client.get("/api/entities?name=lund").json()["items"]] == ["Sofia Lund"]

    detail = client.get(f"/api/entities/{kross['id']}").json()
    assert detail["name"] == "Pavel Kross" and detail["type"] == "PERSON"
    says = rows(db, "SELECT count(*) FROM attributions a JOIN entities e ON e.article_id = a.article_id AND "
                    "e.entity_id = a.source_entity WHERE e.name = 'Pavel Kross'")[0][0]
    assert len(detail["says"]) == says >= 2
    assert all(c["entity"] == "Pavel Kross" for c in detail["says"])
    assert detail["said_about"], "the clinic article quotes a nurse about Pavel Kross"
    assert all("Kross" in c["content"] for c in detail["said_about"])
    assert {a["id"] for a in detail["articles"]} == {r[0] for r in rows(
        db, "SELECT article_id FROM entities WHERE name = 'Pavel Kross'")}


def test_stats_match_the_store(client, db):
    conn = sqlite3.connect(db)
    expected = queries.stats(conn)
    conn.close()
    assert client.get("/api/stats").json() == expected
    assert expected["failed"] == 1


def test_graph_has_an_edge_for_every_chain_step(client, db):
    graph = client.get("/api/graph").json()
    steps = rows(db, "SELECT sc.article_id, sc.chain, sc.step, sc.text, e.name, e.type FROM source_chains sc "
                     "LEFT JOIN entities e ON e.article_id = sc.article_id AND e.entity_id = sc.entity "
                     "ORDER BY sc.article_id, sc.chain, sc.step")
    assert steps, "the fixture articles report sources through other sources"
    labels = {n["key"]: n["label"] for n in graph["nodes"]}
    edges = {(labels[e["from"]], labels[e["to"]]) for e in graph["edges"]}
    for (a1, c1, _s1, text1, name1, _t1), (a2, c2, _s2, text2, name2, _t2) in zip(steps, steps[1:]):
        if (a1, c1) == (a2, c2):
            assert (name1 or text1, name2 or text2) in edges
    outlets = {n["label"] for n in graph["nodes"] if n["kind"] == "outlet"}
    assert {"lantern.example", "Valley Echo"} <= outlets  # URL host (www. dropped) and page site name


def test_graph_page_draws_every_node_and_edge(client):
    graph = client.get("/api/graph").json()
    page = client.get("/graph").text
    assert page == client.get("/graph").text  # deterministic
    svg = re.search(r'<svg id="source-graph".*?</svg>', page, re.S).group(0)
    assert len(re.findall(r'<g class="node"', svg)) == len(graph["nodes"])
    assert len(re.findall(r'<g class="edge"', svg)) == len(graph["edges"])
    for node in graph["nodes"]:
        assert f'data-name="{escape(node["label"])}"' in svg


# ---------------------------------------------------------------- pages and escaping

class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def _parse(html: str) -> _Tags:
    p = _Tags()
    p.feed(html)
    return p


def _pages(client):
    ents = [e["id"] for e in client.get("/api/entities?limit=500").json()["items"]]
    return (["/", "/?q=parking", "/articles/hostile-1", "/claims", "/claims?text=reject", "/claims?q=parking",
             "/entities", "/graph", "/search?q=reject", "/search?q=parking", "/search?q=alert"]
            + [f"/entities/{e}" for e in ents])


def test_hostile_text_is_never_rendered_as_markup(client):
    for path in _pages(client):
        r = client.get(path)
        assert r.status_code == 200, path
        html = r.text
        assert SCRIPT not in html and IMG not in html, path
        assert "<img" not in html.lower() and "<script>alert" not in html.lower(), path
        parsed = _parse(html)
        for tag, attrs in parsed.tags:
            assert not [a for a in attrs if a.startswith("on")], (path, tag, attrs)
            if tag == "script":
                assert attrs.get("src") == "/static/app.js" or attrs.get("type") == "application/json", (path, attrs)
    article = client.get("/articles/hostile-1").text
    text = "".join(_parse(article).text)
    assert SCRIPT in text and IMG in text  # shown to the reader, as text


def test_ledger_data_block_is_safe_json(client, ledgers):
    html = client.get("/articles/hostile-1").text
    block = re.search(r'<script type="application/json" id="ledger-data">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block and ">" not in block
    data = json.loads(block)
    hostile = next(led for led in ledgers if led["id"] == "hostile-1")
    assert set(data["claims"]) == {a["id"] for a in hostile["attributions"]}
    assert any(SCRIPT in c["content"] for c in data["claims"].values())


def test_article_page_highlights_every_span(client, ledgers):
    ledger = next(led for led in ledgers if led["id"] == "lantern-bridge")
    html = client.get("/articles/lantern-bridge").text
    body = re.search(r'<div id="article-text">(.*?)</div>', html, re.S).group(1)
    # the text is intact once the marks are removed
    assert html_unescape(re.sub(r"</?mark[^>]*>", "", body)) == ledger["text"]
    for a in ledger["attributions"]:
        for part, cls in (("content", "hl-content"), ("cue", "hl-cue"), ("source", "hl-source")):
            if a.get(part):
                assert f'class="{cls}" data-attr="{a["id"]}" data-certainty="{a["certainty"]}"' in body
        assert f'<li class="claim" id="claim-{a["id"]}" data-attr="{a["id"]}"' in html
    assert re.search(r'<mark class="hl-content"[^>]*><mark class="hl-source"', body), "nested spans are nested marks"
    assert '<section id="claim-detail" hidden' in html
    for field in ("source", "kind", "certainty", "chain", "entity"):
        assert f'data-field="{field}"' in html


def test_article_page_data_names_chains_and_entities(client):
    html = client.get("/articles/lantern-bridge").text
    data = json.loads(re.search(r'id="ledger-data">(.*?)</script>', html, re.S).group(1))
    chained = [c for c in data["claims"].values() if c["chains"]]
    assert chained and all(len(chain) >= 2 for c in chained for chain in c["chains"])
    with_entity = [c for c in data["claims"].values() if c["entity"]]
    assert with_entity
    for c in with_entity:
        assert c["entity"]["url"] == f"/entities/{c['entity']['id']}"
        assert client.get(c["entity"]["url"]).status_code == 200


def test_list_pages_follow_the_dom_contract(client, db):
    html = client.get("/").text
    assert 'id="topnav"' in html and 'id="articles-table"' in html and 'id="article-search"' in html
    assert len(re.findall(r"<tr data-article-id=", html)) == 5
    html = client.get("/claims?certainty=hedged").text
    n = rows(db, "SELECT count(*) FROM attributions WHERE certainty = 'hedged'")[0][0]
    assert f'<span id="claims-count">{n} claims</span>' in html
    assert len(re.findall(r'<tr class="claim-row"', html)) == n
    assert 'id="download-csv" href="/api/claims/download?certainty=hedged&amp;format=csv"' in html
    assert 'id="download-json" href="/api/claims/download?certainty=hedged&amp;format=json"' in html
    html = client.get("/entities").text
    assert 'id="entities-table"' in html and 'class="entity-link"' in html
    kross = entity_key("PERSON", "Pavel Kross")
    html = client.get(f"/entities/{kross}").text
    assert '<section id="says">' in html and '<section id="said-about">' in html
    assert client.get("/entities/person-nobody-00000000").status_code == 404


def test_search_page_sections_and_bad_queries(client):
    html = client.get("/search?q=bridge").text
    assert '<section id="article-results">' in html and '<section id="claim-results">' in html
    assert '<mark class="hit">' in html
    r = client.get("/search", params={"q": '"never closed'})
    assert r.status_code == 400 and "[E030]" in r.text and "Traceback" not in r.text
    r = client.get("/", params={"q": "NOT"})
    assert r.status_code == 400 and "[E030]" in r.text


def test_list_pages_page_through(client, monkeypatch):
    from sourcetrace.web import pages

    monkeypatch.setattr(pages, "PER_PAGE", 2)
    first = client.get("/").text
    assert 'id="next-page" href="/?page=2"' in first and 'id="prev-page"' not in first
    last = client.get("/?page=3").text
    assert 'id="prev-page" href="/?page=2"' in last and 'id="next-page"' not in last
    assert len(re.findall(r"<tr data-article-id=", last)) == 1
    claims = client.get("/claims?certainty=asserted").text
    assert 'id="next-page" href="/claims?certainty=asserted&amp;page=2"' in claims
    assert len(re.findall(r'<tr class="claim-row"', claims)) == 2


# ---------------------------------------------------------------- POST /api/analyze

TEXT = ("Harbour cranes to be replaced\n\nThe port of Wendmouth will replace its four cranes next year, "
        "harbour master Olaf Brin said on Tuesday. Dock workers claim the old cranes were unsafe.")
HTML = ("<html><head><title>Library roof repaired</title></head><body><article><h1>Library roof repaired</h1>"
        "<p>The roof of the Fennick library has been repaired, the town council said on Friday. Librarian "
        "Jonas Pell said the reading room would reopen next week.</p></article></body></html>")


def test_analyze_text_is_not_stored_by_default(client, db):
    before = client.get("/api/stats").json()
    r = client.post("/api/analyze", json={"text": TEXT, "published": "2025-02-04"})
    assert r.status_code == 200, r.text
    ledger = r.json()
    validate(ledger)
    assert ledger["title"] == "Harbour cranes to be replaced" and ledger["attributions"]
    assert client.get(f"/api/articles/{ledger['id']}").status_code == 404
    assert client.get("/api/stats").json() == before


def test_analyze_html(client):
    r = client.post("/api/analyze", json={"html": HTML, "id": "library-roof"})
    assert r.status_code == 200, r.text
    ledger = r.json()
    assert ledger["id"] == "library-roof" and "Fennick" in ledger["text"] and "<p>" not in ledger["text"]
    assert ledger["attributions"]


def test_analyze_rejects_bad_requests(client):
    assert_error(client.post("/api/analyze", json={}), 422, "E029")
    assert_error(client.post("/api/analyze", json={"text": TEXT, "html": HTML}), 422, "E029")
    assert_error(client.post("/api/analyze", json={"text": TEXT, "colour": "red"}), 422, "E029")
    assert_error(client.post("/api/analyze", json={"text": TEXT, "published": "4 Feb"}), 422, "E029")
    assert_error(client.post("/api/analyze", json=["text"]), 422, "E029")
    assert_error(client.post("/api/analyze", content=b"{not json", headers={"content-type": "application/json"}),
                 422, "E029")
    # a cross-site form can post text/plain; only JSON is accepted
    assert_error(client.post("/api/analyze", content=json.dumps({"text": TEXT}),
                             headers={"content-type": "text/plain"}), 422, "E029")
    assert_error(client.post("/api/analyze", json={"text": GERMAN}), 422, "E005")


def test_analyze_size_limit(db, nlp):
    small = TestClient(create_app(db, nlp=nlp, max_bytes=2_000))
    err = assert_error(small.post("/api/analyze", json={"text": "word " * 401}), 413, "E031")
    assert "2,000" in err["message"]
    assert_error(small.post("/api/analyze", json={"html": "<p>" + "x" * 2_000 + "</p>"}), 413, "E031")
    huge = json.dumps({"text": "y" * 20_000}).encode()
    assert_error(small.post("/api/analyze", content=huge, headers={"content-type": "application/json"}), 413, "E031")
    assert small.post("/api/analyze", json={"text": TEXT}).status_code == 200


def test_storing_needs_write_permission(client, db):
    assert_error(client.post("/api/analyze", json={"text": TEXT, "store": True}), 403, "E034")
    assert rows(db, "SELECT count(*) FROM articles")[0][0] == 5


def test_store_when_allowed(fresh_db, nlp):
    app = TestClient(create_app(fresh_db, nlp=nlp, allow_write=True))
    r = app.post("/api/analyze", json={"text": TEXT, "id": "cranes-1", "store": True})
    assert r.status_code == 201, r.text
    assert r.headers["location"] == "/api/articles/cranes-1"
    assert app.get("/api/articles/cranes-1").json() == r.json()
    assert app.get("/api/stats").json()["articles"] == 6
    assert "cranes-1" in {a["id"] for a in app.get("/api/articles?q=Wendmouth").json()["items"]}
    assert rows(fresh_db, "SELECT source FROM articles WHERE id = 'cranes-1'") == [("api:text",)]
    again = app.post("/api/analyze", json={"text": TEXT, "id": "cranes-1", "store": True})
    assert again.status_code == 201 and app.get("/api/stats").json()["articles"] == 6  # replaced, not duplicated


def test_store_with_a_token(fresh_db, nlp):
    app = TestClient(create_app(fresh_db, nlp=nlp, allow_write=True, token="s3cret", public=True))
    body = {"text": TEXT, "store": True}
    assert_error(app.post("/api/analyze", json=body), 401, "E035")
    assert_error(app.post("/api/analyze", json=body, headers={"Authorization": "Bearer wrong"}), 401, "E035")
    assert_error(app.post("/api/analyze", json=body, headers={"Authorization": "Basic s3cret"}), 401, "E035")
    assert rows(fresh_db, "SELECT count(*) FROM articles")[0][0] == 5
    r = app.post("/api/analyze", json=body, headers={"Authorization": "Bearer s3cret"})
    assert r.status_code == 201
    assert rows(fresh_db, "SELECT count(*) FROM articles")[0][0] == 6
    # analysing without storing needs no token
    assert app.post("/api/analyze", json={"text": TEXT}).status_code == 200


def test_public_writable_server_without_token_is_refused(db, tmp_path, capsys):
    with pytest.raises(SourcetraceError) as err:
        create_app(db, allow_write=True, public=True)
    assert err.value.code == "E036"
    from sourcetrace.cli import main

    assert main(["serve", "--db", str(db), "--host", "0.0.0.0", "--allow-write"]) == 2
    assert "[E036]" in capsys.readouterr().err
    assert main(["serve", "--db", str(tmp_path / "missing.db")]) == 2
    assert "[E023]" in capsys.readouterr().err


# ---------------------------------------------------------------- SSRF

def fake_resolver(table: dict[str, list[str]], calls: list | None = None):
    def resolve(host, port):
        if calls is not None:
            calls.append((host, port))
        if host not in table:
            raise OSError(f"unknown host {host}")
        return table[host]
    return resolve


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/", "http://localhost/admin", "http://10.0.0.1/", "http://169.254.169.254/latest/meta-data/",
    "http://[::1]:8000/", "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/", "http://192.168.1.1/", "file:///etc/passwd",
    "ftp://example.org/file.txt", "gopher://example.org/", "http://user:pw@news.example/", "http:///nohost",
])
def test_ssrf_refusals(client, url):
    err = assert_error(client.post("/api/analyze", json={"url": url}), 400, "E032")
    assert url.split("//")[0] in err["message"] or "refusing" in err["message"]


def test_ssrf_check_resolves_dns_and_checks_every_address(db, nlp):
    calls: list = []
    resolver = fake_resolver({"loopback.example": ["127.0.0.1"], "mixed.example": [PUBLIC_IP, "10.1.2.3"],
                              "v6.example": ["2606:4700::1", "fe80::1"], "public.example": [PUBLIC_IP]}, calls)
    for host in ("loopback.example", "mixed.example", "v6.example"):
        with pytest.raises(SourcetraceError) as err:
            check_url(f"https://{host}/story", resolver=resolver)
        assert err.value.code == "E032"
    assert [c[0] for c in calls] == ["loopback.example", "mixed.example", "v6.example"]
    assert calls[0][1] == 443
    target = check_url("http://public.example:8080/x", resolver=resolver)
    assert (target.address, target.port) == (PUBLIC_IP, 8080)
    app = TestClient(create_app(db, nlp=nlp, resolver=resolver))
    assert_error(app.post("/api/analyze", json={"url": "http://mixed.example/"}), 400, "E032")
    assert_error(app.post("/api/analyze", json={"url": "http://nowhere.example/"}), 502, "E007")


def _mock_site(pages: dict[str, httpx.Response], seen: list):
    """An httpx transport answering by (Host header, path); records every request it receives."""
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        key = f"{request.headers['host']}{request.url.path}"
        response = pages.get(key)
        if response is None:
            return httpx.Response(404)
        return response
    return httpx.MockTransport(handler)


def test_fetch_connects_to_the_checked_address_and_rechecks_redirects(db, nlp):
    resolver = fake_resolver({"news.example": [PUBLIC_IP], "mirror.example": ["203.0.113.0"],
                              "cdn.example": ["8.8.8.8"], "sneaky.example": ["192.168.0.5"]})
    page = HTML.encode()
    seen: list[httpx.Request] = []
    transport = _mock_site({
        "news.example/story": httpx.Response(302, headers={"Location": "https://cdn.example/final"}),
        "cdn.example/final": httpx.Response(200, content=page, headers={"Content-Type": "text/html; charset=utf-8"}),
        "news.example/to-loopback": httpx.Response(302, headers={"Location": "http://127.0.0.1/admin"}),
        "news.example/to-private-name": httpx.Response(301, headers={"Location": "http://sneaky.example/"}),
        "news.example/loop": httpx.Response(302, headers={"Location": "/loop"}),
        "news.example/big": httpx.Response(200, content=b"<p>" + b"a" * 5_000 + b"</p>",
                                           headers={"Content-Type": "text/html"}),
        "news.example/pdf": httpx.Response(200, content=b"%PDF-1.4", headers={"Content-Type": "application/pdf"}),
    }, seen)
    app = TestClient(create_app(db, nlp=nlp, resolver=resolver, transport=transport, fetch_max_bytes=4_000))

    r = app.post("/api/analyze", json={"url": "http://news.example/story"})
    assert r.status_code == 200, r.text
    assert r.json()["url"] == "https://cdn.example/final" and "Fennick" in r.json()["text"]
    first, second = seen[-2], seen[-1]
    assert (first.url.host, first.headers["host"]) == (PUBLIC_IP, "news.example")
    assert (second.url.host, second.headers["host"], second.url.scheme) == ("8.8.8.8", "cdn.example", "https")
    assert second.extensions["sni_hostname"] == "cdn.example"

    seen.clear()
    assert_error(app.post("/api/analyze", json={"url": "http://news.example/to-loopback"}), 400, "E032")
    assert_error(app.post("/api/analyze", json={"url": "http://news.example/to-private-name"}), 400, "E032")
    assert {req.url.host for req in seen} == {PUBLIC_IP}  # the refused hops were never requested
    err = assert_error(app.post("/api/analyze", json={"url": "http://news.example/loop"}), 502, "E007")
    assert "redirects" in err["message"]
    assert_error(app.post("/api/analyze", json={"url": "http://news.example/big"}), 413, "E031")
    assert_error(app.post("/api/analyze", json={"url": "http://news.example/pdf"}), 422, "E003")
    assert_error(app.post("/api/analyze", json={"url": "http://news.example/missing"}), 502, "E007")


def test_fetch_time_limit(db, nlp):
    def slow(request):
        raise httpx.ReadTimeout("the server stopped answering", request=request)

    app = TestClient(create_app(db, nlp=nlp, resolver=fake_resolver({"slow.example": [PUBLIC_IP]}),
                                transport=httpx.MockTransport(slow), fetch_timeout=0.5))
    assert_error(app.post("/api/analyze", json={"url": "http://slow.example/"}), 504, "E033")


def test_loopback_server_answers_only_to_loopback_host_names(db):
    app = create_app(db, allowed_hosts=("127.0.0.1", "localhost", "::1"))
    assert TestClient(app, base_url="http://127.0.0.1:8000").get("/api/stats").status_code == 200
    assert TestClient(app, base_url="http://localhost").get("/").status_code == 200
    assert TestClient(app, base_url="http://[::1]:8000").get("/api/stats").status_code == 200
    rebound = TestClient(app, base_url="http://attacker.example")
    r = rebound.get("/api/stats")
    assert_error(r, 400, "E029")
    assert r.headers["content-security-policy"] == CSP
    assert rebound.get("/").status_code == 400


def test_unexpected_errors_are_numbered_not_tracebacks(client, monkeypatch):
    from sourcetrace.store import queries as web_queries

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(web_queries, "articles", broken)
    r = client.get("/api/articles")
    err = assert_error(r, 500, "E037")
    assert "disk on fire" not in err["message"] and r.headers["content-security-policy"] == CSP
    page = client.get("/")
    assert page.status_code == 500 and "[E037]" in page.text and "Traceback" not in page.text


# ---------------------------------------------------------------- review fixes

def test_fetch_time_limit_holds_while_the_body_trickles_in(db, nlp):
    """A server sending a small page a few bytes at a time must not keep the fetch past the deadline
    (the deadline used to be checked only once per 64 kB of body)."""
    import time

    def trickle():
        yield b"<html><body><p>"
        for _ in range(40):
            time.sleep(0.05)
            yield b"word "
        yield b"</p></body></html>"

    def handler(request):
        return httpx.Response(200, content=trickle(), headers={"Content-Type": "text/html"})

    app = TestClient(create_app(db, nlp=nlp, resolver=fake_resolver({"drip.example": [PUBLIC_IP]}),
                                transport=httpx.MockTransport(handler), fetch_timeout=0.3))
    started = time.monotonic()
    assert_error(app.post("/api/analyze", json={"url": "http://drip.example/"}), 504, "E033")
    assert time.monotonic() - started < 1.5


def test_csv_download_neutralises_spreadsheet_formulas(client, monkeypatch):
    from sourcetrace.store import queries as web_queries

    hostile = {"article": "a1", "title": "=HYPERLINK(\"http://evil.example\",\"x\")", "published": None, "id": "A1",
               "source": "+cmd|' /C calc'!A0", "kind": "person", "entity": "@SUM(1+1)", "entity_id": None,
               "cue": "said", "content": "-2+3", "certainty": "asserted", "via": None, "direct": False,
               "start": -1, "end": 5}
    monkeypatch.setattr(web_queries, "iter_claims", lambda conn, filters: iter([dict(hostile)]))
    r = client.get("/api/claims/download?format=csv")
    [row] = list(csv.DictReader(io.StringIO(r.text)))
    for key in ("title", "source", "entity", "content"):
        assert row[key] == "'" + hostile[key], row
    assert (row["cue"], row["start"], row["end"]) == ("said", "-1", "5")  # numbers and plain text untouched
    assert client.get("/api/claims/download?format=json").json()[0]["title"] == hostile["title"]  # JSON is exact


def test_ssrf_refuses_ipv6_site_local_addresses():
    resolver = fake_resolver({"site-local.example": ["fec0::1"]})
    for url in ("http://[fec0::1]/", "http://site-local.example/"):
        with pytest.raises(SourcetraceError) as err:
            check_url(url, resolver=resolver)
        assert err.value.code == "E032"


def test_fetch_time_limit_holds_while_headers_trickle_in(monkeypatch):
    """httpx's timeouts apply per network read, so a real server dripping its status line and headers
    a byte at a time never tripped them; the whole fetch must still end at the deadline."""
    import socket
    import threading
    import time

    from sourcetrace.web import safety

    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    stop = threading.Event()

    def serve():
        conn, _ = server.accept()
        with conn:
            conn.recv(4096)
            for byte in b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Slow: " + b"a" * 60 + b"\r\n\r\n<p>hi</p>":
                if stop.is_set():
                    return
                try:
                    conn.sendall(bytes([byte]))
                except OSError:
                    return
                time.sleep(0.05)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    monkeypatch.setattr(safety, "refused_reason", lambda address: None)  # let the test reach loopback
    started = time.monotonic()
    try:
        with pytest.raises(SourcetraceError) as err:
            safety.fetch_public(f"http://127.0.0.1:{port}/", max_bytes=10_000, timeout=0.3)
        elapsed = time.monotonic() - started
    finally:
        stop.set()
        thread.join(5)
        server.close()
    assert err.value.code == "E033"
    assert elapsed < 1.5


def test_analyze_deeply_nested_json_is_a_bad_request_not_a_bug(client):
    body = '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}"
    r = client.post("/api/analyze", content=body, headers={"Content-Type": "application/json"})
    assert_error(r, 422, "E029")


def test_highlight_marks_a_content_in_pieces_without_its_cue():
    from sourcetrace.web.render import highlight

    text = "The pier, Ann said, is closed."
    atts = [{"id": "A1", "certainty": "hedged", "source": {"span": [10, 13]}, "cue": {"span": [14, 18]},
             "content": {"span": [0, 29]}, "content_parts": [[0, 8], [20, 29]]}]
    html = str(highlight(text, atts))
    assert html_unescape(re.sub(r"</?mark[^>]*>", "", html)) == text
    assert '<mark class="hl-content" data-attr="A1" data-certainty="hedged">The pier</mark>' in html
    assert '<mark class="hl-source" data-attr="A1" data-certainty="hedged">Ann</mark>' in html
    assert "hl-content" not in html.split("is closed")[0].split("The pier")[1].split("Ann")[0]
