"""The web app in a real browser: Debian's headless Chromium driven by Playwright against
``sourcetrace serve`` on loopback, over a store of the fictional articles in ``e2e_support``.

Every test runs under the ``page`` fixture's watch (conftest.py): a JavaScript dialog, a console
error, an uncaught exception, a CSP violation or a request to a host other than the server's fails it.
Expected counts come from the store's own queries (``store.queries.claims``), the same ones the CLI
uses, so the pages are checked against the data, not against themselves.
"""

from __future__ import annotations

import csv
import io
import json
import re
import struct
from urllib.parse import parse_qs, quote, urlsplit

import pytest

import e2e_support

_reason = e2e_support.skip_reason()
if _reason:
    pytest.skip(_reason, allow_module_level=True)

from playwright.sync_api import expect  # noqa: E402

from sourcetrace.store import queries  # noqa: E402

NAV_TARGETS = {"/", "/claims", "/entities", "/graph", "/search"}
CERTAINTIES = {"factive", "asserted", "distanced", "hedged"}


def open_page(page, path: str):
    resp = page.goto(path)
    assert resp is not None and resp.status == 200, f"GET {path} answered {resp and resp.status}"
    return resp


def squash(text: str) -> str:
    return " ".join(text.split())


def count_of(page, selector: str) -> int:
    text = page.locator(selector).inner_text()
    m = re.search(r"\d[\d,]*", text)
    assert m, f"no number in {selector}: {text!r}"
    return int(m.group().replace(",", ""))


def set_certainty(page, form, value: str | None) -> None:
    """The contract allows a select or checkboxes for ``certainty`` (and ``kind``)."""
    set_choice(page, form, "certainty", value)


def set_choice(page, form, name: str, value: str | None) -> None:
    select = form.locator(f"select[name={name}]")
    if select.count():
        select.select_option(value or "")
        return
    boxes = form.locator(f"input[name={name}]")
    assert boxes.count(), f"form#claim-filters has no control named {name}"
    for i in range(boxes.count()):
        box = boxes.nth(i)
        box.set_checked(box.get_attribute("value") == value)


def submit(page, form) -> None:
    with page.expect_navigation():
        button = form.locator("button[type=submit], input[type=submit], button:not([type])")
        if button.count():
            button.first.click()
        else:
            form.locator("input[type=text], input[type=search], input:not([type])").first.press("Enter")


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


# --- every page ------------------------------------------------------------------------------------

def test_every_page_has_the_nav_and_stays_on_loopback_without_errors(page, watch, db):
    entity_href = None
    for path in ["/", "/claims", "/entities", "/graph", "/search?q=reservoir", "/articles/tram-strike", None]:
        if path is None:
            assert entity_href, "no entity link on /entities"
            path = entity_href
        open_page(page, path)
        hrefs = page.locator("nav#topnav a").evaluate_all("els => els.map(a => a.getAttribute('href'))")
        targets = {urlsplit(h).path for h in hrefs}
        assert NAV_TARGETS <= targets, f"{path}: nav#topnav links {sorted(targets)}"
        if path == "/entities":
            entity_href = page.locator("table#entities-table a.entity-link").first.get_attribute("href")
        assert page.locator("[onerror], [onload], [onclick]").count() == 0, f"{path}: inline event handlers"
        watch.assert_clean()
    assert watch.requests, "the route observer saw no request at all"
    assert all(urlsplit(u).hostname == "127.0.0.1" for u in watch.requests if u.startswith("http"))


# --- articles --------------------------------------------------------------------------------------

def test_articles_list_links_every_stored_article(page, db):
    stored = {r[0] for r in db.execute("SELECT id FROM articles")}
    open_page(page, "/")
    rows = page.locator("#articles-table tr[data-article-id]")
    listed = set(rows.evaluate_all("els => els.map(e => e.dataset.articleId)"))
    assert listed == stored
    link = page.locator("#articles-table tr[data-article-id='reservoir-leak'] a.article-link")
    assert urlsplit(link.get_attribute("href")).path == "/articles/reservoir-leak"
    link.click()
    page.wait_for_url("**/articles/reservoir-leak")
    expect(page.locator("#article-text")).to_contain_text("Osk reservoir dam")


def test_article_search_form_filters_the_list(page):
    open_page(page, "/")
    form = page.locator("form#article-search")
    form.locator("input[name=q]").fill("bakery")
    submit(page, form)
    assert parse_qs(urlsplit(page.url).query).get("q") == ["bakery"]
    ids = page.locator("#articles-table tr[data-article-id]").evaluate_all("els => els.map(e => e.dataset.articleId)")
    assert ids == ["bakery-award"]


def test_article_page_highlights_every_claim(page, db):
    aid = "tram-strike"
    stored = queries.claims(db, queries.ClaimFilters(article=aid))
    text = db.execute("SELECT text FROM articles WHERE id = ?", (aid,)).fetchone()[0]
    open_page(page, f"/articles/{aid}")

    # the marks only wrap text: the page shows the stored clean text, whole
    assert squash(page.locator("#article-text").text_content()) == squash(text)
    for cls in ("hl-source", "hl-cue", "hl-content"):
        assert page.locator(f"#article-text mark.{cls}").count() > 0, f"no mark.{cls}"

    claims = page.locator("#ledger li.claim[data-attr]")
    assert claims.count() == len(stored)
    ledger_ids = set(claims.evaluate_all("els => els.map(e => e.dataset.attr)"))
    marks = page.locator("#article-text mark").evaluate_all(
        "els => els.map(e => ({cls: e.className, attr: e.dataset.attr, certainty: e.dataset.certainty,"
        " text: e.textContent}))")
    assert {m["attr"] for m in marks} == ledger_ids, "every claim has marks, every mark a claim"
    assert {m["certainty"] for m in marks} <= CERTAINTIES
    # the cue marks of each claim spell its stored cue and carry its stored certainty (a mark may be
    # cut in pieces where another claim's span begins or ends)
    cues: dict[str, str] = {}
    for m in marks:
        if "hl-cue" in m["cls"].split():
            cues[m["attr"]] = cues.get(m["attr"], "") + m["text"]
    assert cues == {c["id"]: c["cue"] for c in stored}
    certainty: dict[str, set] = {}
    for m in marks:
        certainty.setdefault(m["attr"], set()).add(m["certainty"])
    assert certainty == {c["id"]: {c["certainty"]} for c in stored}
    assert {"hedged"} in certainty.values()

    data = json.loads(page.locator("script#ledger-data").text_content())
    assert "reportedly" in json.dumps(data)


# --- claim detail ----------------------------------------------------------------------------------

def test_clicking_a_claim_shows_its_source_kind_and_chain(page, tmp_path):
    open_page(page, "/articles/reservoir-leak")
    detail = page.locator("section#claim-detail")
    expect(detail).to_be_hidden()

    claim = page.locator("#ledger li.claim", has_text="senior water board official told",
                         has_not_text="Norwin")
    claim.click()
    expect(detail).to_be_visible()
    expect(detail.locator("[data-field=source]")).to_contain_text("senior water board official")
    expect(detail.locator("[data-field=kind]")).to_contain_text("official")
    expect(detail.locator("[data-field=certainty]")).to_contain_text("asserted")
    # reported via: the agency cites the official, who told a newspaper
    expect(detail.locator("[data-field=chain]")).to_contain_text("Norwin Press Agency")
    expect(claim).to_have_class(re.compile(r"\bselected\b"))

    attr = claim.get_attribute("data-attr")
    own = page.locator(f"#article-text mark[data-attr='{attr}']")
    assert own.count() > 0
    for i in range(own.count()):
        expect(own.nth(i)).to_have_class(re.compile(r"\bactive\b"))
    assert page.locator(f"#article-text mark.active:not([data-attr='{attr}'])").count() == 0

    # another claim takes the selection over; its source is a resolved entity
    other = page.locator("#ledger li.claim", has_text="no danger")
    other.click()
    expect(other).to_have_class(re.compile(r"\bselected\b"))
    assert page.locator("#ledger li.claim.selected").count() == 1
    expect(detail.locator("[data-field=source]")).to_contain_text("Lukas Feld")
    expect(detail.locator("[data-field=entity] a.entity-link")).to_have_text(re.compile("Lukas Feld"))
    assert page.locator(f"#article-text mark.active[data-attr='{attr}']").count() == 0

    shot = tmp_path / "article-page.png"
    page.screenshot(path=str(shot), full_page=True)
    data = shot.read_bytes()
    width, height = png_size(data)
    assert width >= 1280 and height >= 600
    assert len(data) > 10_000, "a page of text and highlights compresses to more than a blank PNG"


def test_clicking_a_mark_selects_its_claim(page):
    open_page(page, "/articles/tram-strike")
    mark = page.locator("#article-text mark.hl-cue", has_text="reportedly")
    attr = mark.get_attribute("data-attr")
    mark.click()
    detail = page.locator("section#claim-detail")
    expect(detail).to_be_visible()
    expect(detail.locator("[data-field=certainty]")).to_contain_text("hedged")
    expect(page.locator(f"#ledger li.claim[data-attr='{attr}']")).to_have_class(re.compile(r"\bselected\b"))
    expect(mark).to_have_class(re.compile(r"\bactive\b"))


def test_entity_link_leads_to_what_the_entity_says_across_articles(page):
    open_page(page, "/articles/tram-strike")
    page.locator("#ledger li.claim", has_text="safer timetables").click()
    link = page.locator("section#claim-detail [data-field=entity] a.entity-link")
    expect(link).to_have_text(re.compile("Irena Kostova"))
    assert urlsplit(link.get_attribute("href")).path.startswith("/entities/")
    link.click()
    page.wait_for_url("**/entities/**")
    says = page.locator("section#says")
    expect(says).to_contain_text("safer timetables")
    expect(says).to_contain_text("Someone tested our website")  # her quote in another article
    expect(page.locator("section#said-about")).to_be_attached()


def test_entities_list_links_to_entity_pages(page):
    open_page(page, "/entities")
    link = page.locator("table#entities-table a.entity-link", has_text="Lukas Feld")
    link.click()
    page.wait_for_url("**/entities/**")
    expect(page.locator("section#says")).to_contain_text("no danger to the villages")


# --- the claim ledger ------------------------------------------------------------------------------

def test_claim_filters_change_the_rows_and_the_count(page, db):
    total = len(queries.claims(db))
    open_page(page, "/claims")
    assert count_of(page, "#claims-count") == total
    rows = page.locator("#claims-table tbody tr.claim-row")
    expect(rows).to_have_count(total)

    form = page.locator("form#claim-filters")
    form.locator("input[name=source]").fill("Kostova")
    submit(page, form)
    assert parse_qs(urlsplit(page.url).query).get("source") == ["Kostova"]
    expected = queries.claims(db, queries.ClaimFilters(source="Kostova"))
    assert 0 < len(expected) < total
    assert count_of(page, "#claims-count") == len(expected)
    expect(rows).to_have_count(len(expected))
    for text in rows.all_inner_texts():
        assert "Kostova" in text

    form = page.locator("form#claim-filters")
    form.locator("input[name=source]").fill("")
    set_certainty(page, form, "hedged")
    submit(page, form)
    expected = queries.claims(db, queries.ClaimFilters(certainty=("hedged",)))
    assert 0 < len(expected) < total
    assert count_of(page, "#claims-count") == len(expected)
    expect(rows).to_have_count(len(expected))
    for text in rows.all_inner_texts():
        assert "reportedly" in text

    form = page.locator("form#claim-filters")
    set_certainty(page, form, None)
    set_choice(page, form, "kind", "official")
    submit(page, form)
    expected = queries.claims(db, queries.ClaimFilters(kind=("official",)))
    assert 0 < len(expected) < total
    assert count_of(page, "#claims-count") == len(expected)
    expect(rows).to_have_count(len(expected))


def test_downloads_carry_the_filter(page, db):
    expected = queries.claims(db, queries.ClaimFilters(source="Kostova"))
    assert 0 < len(expected) < len(queries.claims(db))
    open_page(page, "/claims?source=Kostova")
    for sel in ("a#download-csv", "a#download-json"):
        href = page.locator(sel).get_attribute("href")
        assert parse_qs(urlsplit(href).query).get("source") == ["Kostova"], f"{sel} lost the filter: {href}"

    resp = page.request.get(page.locator("a#download-csv").get_attribute("href"))
    assert resp.ok
    rows = list(csv.DictReader(io.StringIO(resp.text())))
    assert len(rows) == len(expected)
    assert all("Kostova" in " ".join(v or "" for v in row.values()) for row in rows)

    resp = page.request.get(page.locator("a#download-json").get_attribute("href"))
    assert resp.ok
    data = resp.json()
    items = data if isinstance(data, list) else next(v for v in data.values() if isinstance(v, list))
    assert len(items) == len(expected)
    assert {item["content"] for item in items} == {c["content"] for c in expected}


# --- graph and search ------------------------------------------------------------------------------

def test_graph_page_draws_sources_as_svg(page):
    open_page(page, "/graph")
    svg = page.locator("svg#source-graph")
    expect(svg).to_be_visible()
    nodes = svg.locator("g.node[data-name]")
    assert nodes.count() >= 2
    assert svg.locator("g.edge").count() >= 1
    names = set(nodes.evaluate_all("els => els.map(e => e.dataset.name)"))
    assert {"Norwin Press Agency", "A senior water board official"} <= names, sorted(names)
    # the stored chain: the agency reported what the official told a newspaper
    edges = svg.locator("g.edge").evaluate_all("els => els.map(e => [e.dataset.from, e.dataset.to])")
    assert ["Norwin Press Agency", "A senior water board official"] in edges, edges
    box = svg.bounding_box()
    assert box and box["width"] > 100 and box["height"] > 40  # drawn at a readable size


def test_search_finds_an_article_and_a_claim(page):
    open_page(page, "/search?q=timetables")
    articles = page.locator("section#article-results")
    hrefs = articles.locator("a").evaluate_all("els => els.map(a => a.getAttribute('href'))")
    assert "/articles/tram-strike" in {urlsplit(h).path for h in hrefs}
    expect(page.locator("section#claim-results")).to_contain_text("safer timetables")

    open_page(page, "/search?q=zeppelin")
    assert page.locator("section#article-results a[href*='/articles/']").count() == 0
    expect(page.locator("section#claim-results")).not_to_contain_text("timetables")


# --- hostile text ----------------------------------------------------------------------------------

def test_markup_in_titles_and_bodies_is_shown_as_text(page, watch, server):
    open_page(page, "/articles/council-vote")
    expect(page.locator("body")).to_contain_text(e2e_support.XSS_TITLE)
    text = page.locator("#article-text")
    expect(text).to_contain_text(e2e_support.XSS_BODY_MARKUP)
    assert text.locator("img").count() == 0
    # the embedded ledger JSON is not broken out of by the markup in it and round-trips intact
    data = json.loads(page.locator("script#ledger-data").text_content())
    assert e2e_support.XSS_BODY_MARKUP in json.dumps(data, ensure_ascii=False)
    scripts = page.locator("script").evaluate_all(
        "els => els.filter(s => !s.type || /javascript|module/.test(s.type)).map(s => s.textContent)")
    assert not any("alert(1)" in s for s in scripts)

    open_page(page, "/")
    expect(page.locator("#articles-table")).to_contain_text(e2e_support.XSS_TITLE)
    open_page(page, "/claims?text=onerror")
    expect(page.locator("#claims-table")).to_contain_text(e2e_support.XSS_BODY_MARKUP)
    assert page.locator("#claims-table img").count() == 0

    # reflected input: the query comes back as the input's value, not as markup
    hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    # as a full-text query it is bad FTS5 syntax: a numbered error page that shows it as text
    url = server.url + "/search?q=" + quote(hostile)
    watch.expect_failure(url)
    resp = page.goto(url)
    assert resp.status == 400
    expect(page.locator("body")).to_contain_text(re.compile(r"\[E0\d\d\] invalid search"))
    expect(page.locator("body")).to_contain_text(hostile)
    assert page.locator("img[src=x]").count() == 0
    open_page(page, "/claims?source=" + quote(hostile))
    assert page.locator("form#claim-filters input[name=source]").input_value() == hostile
    assert page.locator("img[src=x]").count() == 0
    assert watch.dialogs == []
    watch.assert_clean()


def test_unknown_ids_are_numbered_errors(page):
    resp = page.request.get("/api/articles/no-such-article")
    assert resp.status == 404
    err = resp.json()["error"]
    assert re.fullmatch(r"E0\d\d", err["code"]) and err["status"] == 404
    assert page.request.get("/articles/no-such-article").status == 404
