"""The text and HTML reports: content appears, hostile text is escaped, empty ledgers render."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from sourcetrace import SCHEMA
from sourcetrace.ledger import build, validate
from sourcetrace.pipeline import analyze_doc
from sourcetrace.records import Article
from sourcetrace.report.html import highlight, render_html
from sourcetrace.report.text import render_text

HOSTILE = "<script>alert('x')</script>"


def hand_ledger(**overrides) -> dict:
    """A small ledger written by hand (no model) with one claim of each flavour."""
    text = 'The Harbour Gazette said, citing port officials, that the pier "will close [now]" in May.'
    ledger = {
        "schema": SCHEMA, "id": "hand-1", "title": "Pier to close", "url": "https://example.org/pier",
        "published": "2023-04-02", "site": None, "author": None, "text": text,
        "removed": ["Share this story", "Subscribe"],
        "entities": [{"id": "E1", "name": "Harbour Gazette", "type": "MEDIA", "aliases": ["Gazette"],
                      "mentions": [[4, 19]]}],
        "attributions": [
            {"id": "A1", "source": {"text": "The Harbour Gazette", "span": [0, 19], "entity": "E1", "kind": "media"},
             "cue": {"text": "said", "span": [20, 24]}, "content": {"text": 'the pier "will close [now]" in May',
                                                               "span": [54, 88]},
             "certainty": "asserted", "via": "port officials", "cue_family": "speech", "direct": False},
            {"id": "A2", "source": None, "cue": {"text": "citing", "span": [26, 32]},
             "content": {"text": "port officials", "span": [33, 47]}, "certainty": "hedged", "via": None,
             "cue_family": "adverbial", "direct": False},
        ],
        "source_chains": [[{"text": "The Harbour Gazette", "entity": "E1", "kind": "media", "attribution": "A1"},
                           {"text": "port officials", "entity": None, "kind": "official", "attribution": None}]],
        "quantities": [{"text": "$3 million", "span": [0, 0], "kind": "money", "value": 3e6, "low": None,
                        "high": None, "unit": "USD", "object": None},
                       {"text": "forty boats", "span": [0, 0], "kind": "count", "value": 40, "low": None,
                        "high": None, "unit": None, "object": "boats"}],
        "dates": [{"text": "May", "span": [85, 88], "value": "2023-05", "resolution": "month"}],
        "events": [{"type": "PROTEST", "number": 200, "object": "fishers", "location": "Port Vale", "date": None,
                    "span": [0, 10]}],
        "signals": {"calls_to_share": ["Share this story"],
                    "loaded_terms": [{"text": "close", "lemma": "close", "category": "emotive", "span": [64, 69],
                                      "attributed": True}],
                    "attributions_by_kind": {"media": 1, "none": 1},
                    "attributions_by_certainty": {"asserted": 1, "hedged": 1},
                    "named_source_share": 0.5, "hedges_per_1000_words": 12.5,
                    "unattributed_opinion_sentences": [{"text": "The pier should stay open.", "span": [0, 5]}],
                    "quote_share": 0.0, "word_count": 16, "sentence_count": 1, "exclamations": 0,
                    "all_caps_words": []},
    }
    ledger.update(overrides)
    return ledger


def empty_ledger() -> dict:
    return {"schema": SCHEMA, "id": "empty", "title": None, "url": None, "published": None, "text": "",
            "removed": [], "entities": [], "attributions": [], "source_chains": [], "quantities": [],
            "dates": [], "events": [], "signals": {}}


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.stack: list[str] = []
        self.balanced = True

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag not in ("meta", "br", "link", "img"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.balanced = False


def parse(page: str) -> _Tags:
    p = _Tags()
    p.feed(page)
    return p


def test_text_report_shows_the_ledger():
    out = render_text(hand_ledger(), color=False)
    for piece in ("Pier to close", "2023-04-02", "https://example.org/pier", "hand-1",
                  "Harbour Gazette", "[media]", "(no source given)", "via port officials",
                  "Harbour Gazette -> port officials", "Amounts", "3,000,000 USD", "Counts", "40 boats",
                  "Dates", "2023-05", "Events", "PROTEST", "Port Vale", "named sources: 50%",
                  "Share this story", "The pier should stay open."):
        assert piece in out, piece
    assert "\x1b[" not in out  # no colour codes when color=False
    # rich markup in the text is printed as it is, not interpreted
    assert "[now]" in out


def test_text_report_colours_certainty_when_asked():
    assert "\x1b[" in render_text(hand_ledger(), color=True)


def test_text_report_survives_markup_like_text():
    ledger = hand_ledger(title="[/bold] closing tag first [red]", removed=["[/] Share [b]this[/b]"])
    ledger["signals"]["calls_to_share"] = ["[/link] share it"]
    out = render_text(ledger, color=True)
    assert "[/bold] closing tag first [red]" in out and "[/link] share it" in out


def test_empty_ledger_renders_in_both_formats():
    out = render_text(empty_ledger(), color=False)
    assert "(untitled)" in out and "no attributed claims" in out
    page = render_html(empty_ledger())
    assert page.startswith("<!DOCTYPE html>") and "No attributed claims" in page
    assert parse(page).balanced


def test_html_report_has_the_parts():
    page = render_html(hand_ledger())
    assert parse(page).balanced
    assert "Who says what (2)" in page and "Harbour Gazette" in page
    assert "Harbour Gazette → port officials" in page
    assert "3,000,000 USD" in page and "PROTEST" in page and "2023-05" in page
    assert "Share this story" in page and "Subscribe" in page
    assert 'class="content-asserted' in page and 'class="content-hedged' in page
    assert '<span class="src">The Harbour Gazette</span>' in page


def test_hand_ledger_matches_the_schema():
    validate(hand_ledger())
    validate(empty_ledger() | {"signals": hand_ledger()["signals"]})


def test_html_is_self_contained_and_locked_down():
    page = render_html(hand_ledger())
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in csp and "style-src 'unsafe-inline'" in csp
    tags = set(parse(page).tags)
    assert not tags & {"script", "link", "img", "iframe", "object"}
    assert "http://" not in page.replace("https://example.org/pier", "")
    assert "src=" not in page


def test_html_escapes_every_text_field():
    evil = hand_ledger(title=HOSTILE, url=f"javascript:{HOSTILE}", text=HOSTILE + " the pier " + HOSTILE,
                       removed=[HOSTILE])
    evil["entities"][0]["name"] = HOSTILE
    evil["attributions"][0]["content"]["text"] = HOSTILE
    evil["attributions"][0]["certainty"] = '"><script>x</script>'
    evil["attributions"][1]["cue"]["text"] = "<b onmouseover=alert(1)>"
    evil["source_chains"][0][1]["text"] = HOSTILE
    evil["quantities"][0]["text"] = HOSTILE
    evil["events"][0]["location"] = HOSTILE
    evil["signals"]["calls_to_share"] = [HOSTILE]
    evil["signals"]["loaded_terms"][0]["text"] = HOSTILE
    evil["signals"]["unattributed_opinion_sentences"][0]["text"] = HOSTILE
    page = render_html(evil)
    assert "<script" not in page.lower() and "<b onmouseover" not in page
    assert "&lt;script&gt;" in page
    assert "script" not in parse(page).tags


def test_highlight_splits_overlapping_spans():
    text = "Ann said the sky is green."
    atts = [{"source": {"span": [0, 3]}, "cue": {"span": [4, 8]}, "content": {"span": [9, 25]},
             "certainty": "asserted"}]
    html = highlight(text, atts, [{"span": [13, 19]}])  # "sky is" inside the content
    assert re.sub(r"<[^>]+>", "", html) == text
    assert '<span class="content-asserted loaded">sky is</span>' in html
    assert '<span class="content-asserted">the </span>' in html
    assert '<span class="src">Ann</span>' in html


def test_highlight_marks_a_content_in_pieces_without_its_cue():
    text = "The pier, Ann said, is closed."
    atts = [{"source": {"span": [10, 13]}, "cue": {"span": [14, 18]}, "content": {"span": [0, 29]},
             "content_parts": [[0, 8], [20, 29]], "certainty": "asserted"}]
    html = highlight(text, atts)
    assert re.sub(r"<[^>]+>", "", html) == text
    assert '<span class="content-asserted">The pier</span>' in html
    assert '<span class="content-asserted">is closed</span>' in html
    assert '<span class="src">Ann</span>' in html  # not inside the content's colour


def test_highlight_ignores_bad_spans():
    html = highlight("a < b", [{"content": {"span": [3, 99]}, "cue": {"span": [2, 1]}, "certainty": "odd"}])
    assert re.sub(r"<[^>]+>", "", html) == "a &lt; b"
    assert "content-other" in html


@pytest.fixture(scope="module")
def pipeline_ledger(nlp):
    text = ('Port officials said the ferry fare would rise by $4 next month. "The increase is outrageous," '
            "said Lena Ortiz, who runs a bakery. <i>The pier was reportedly sold</i> in 2021.")
    article = Article(id="p1", text=text, title=f"{HOSTILE} Fares", published="2024-03-01",
                      removed=("Please share this article",))
    return build(article, analyze_doc(nlp(text), published=article.published, removed=article.removed))


def test_pipeline_ledger_reports(pipeline_ledger):
    validate(pipeline_ledger)
    out = render_text(pipeline_ledger, color=False)
    assert "Lena Ortiz" in out and "(no source given)" in out and "outrageous" in out
    assert "Please share this article" in out
    page = render_html(pipeline_ledger)
    assert "<script" not in page and "<i>" not in page and "&lt;i&gt;" in page
    assert parse(page).balanced and "Lena Ortiz" in page


# --- ids, locators, entities, whole contents, numbers, facts in claims (issue 15) -----------------

def _relay_ledger() -> dict:
    text = ("The Harbour Gazette reported that port police said two managers were freed.\n\n"
            "A second paragraph follows here.")
    ledger = hand_ledger(text=text)
    ledger["attributions"] = [
        {"id": "A1", "source": {"text": "The Harbour Gazette", "span": [0, 19], "entity": "E1", "kind": "media"},
         "cue": {"text": "reported", "span": [20, 28]},
         "content": {"text": "that port police said two managers were freed", "span": [29, 75]},
         "certainty": "asserted", "via": None, "cue_family": "speech", "direct": False},
        {"id": "A2", "source": {"text": "port police", "span": [34, 45], "entity": None, "kind": "official"},
         "cue": {"text": "said", "span": [46, 50]}, "content": {"text": "two managers were freed", "span": [51, 75]},
         "certainty": "asserted", "via": "A1", "cue_family": "speech", "direct": False},
    ]
    ledger["quantities"] = [{"text": "two managers", "span": [51, 63], "kind": "count", "value": 2, "low": 2,
                             "high": 2, "unit": None, "object": "managers", "attribution": "A2",
                             "certainty": "asserted"}]
    ledger["events"] = [{"type": "KILL", "number": 45_000_000.0, "object": "fish", "location": None, "date": None,
                         "span": [0, 5], "attribution": "A1", "certainty": "distanced"}]
    return ledger


def test_text_report_prints_ids_via_names_and_paragraphs():
    out = render_text(_relay_ledger(), color=False)
    assert "A1 ¶1" in out and "A2 ¶1" in out
    assert "via A1 (Harbour Gazette)" in out


def test_paragraph_locator_counts_blank_line_blocks():
    from sourcetrace.report.common import paragraph_of

    text = "One.\n\nTwo.\n\n\nThree."
    assert [paragraph_of(text, text.index(w)) for w in ("One", "Two", "Three")] == [1, 2, 3]
    assert paragraph_of(text, None) is None


def test_text_report_lists_the_entities():
    out = render_text(hand_ledger(), color=False)
    assert "Entities" in out and "E1" in out and "MEDIA" in out and "Gazette" in out


def test_numbers_never_print_in_exponent_form():
    from sourcetrace.report.common import fmt_number

    out = render_text(_relay_ledger(), color=False)
    assert "45,000,000" in out and "e+07" not in out
    assert "45,000,000" in render_html(_relay_ledger())
    assert (fmt_number(2.5), fmt_number(0.125), fmt_number(1234567), fmt_number(None)) == ("2.5", "0.125", "1,234,567", "")


def test_facts_show_the_claim_they_sit_in():
    out = render_text(_relay_ledger(), color=False)
    assert "in A2, asserted" in out and "in A1, distanced" in out
    page = render_html(_relay_ledger())
    assert "in A2, asserted" in page


def test_contents_are_printed_whole_and_wrapped():
    ledger = hand_ledger()
    long = "the pier " + " ".join(f"word{i}" for i in range(60)) + " ends here"
    ledger["attributions"][0]["content"]["text"] = long
    out = render_text(ledger, color=False, width=80)
    assert "ends here" in out and "…" not in out.split("Who says what")[1].split("Reported via")[0]


def test_very_long_contents_are_cut_with_a_marker():
    from sourcetrace.report.text import MAX_CONTENT_CHARS

    ledger = hand_ledger()
    ledger["attributions"][0]["content"]["text"] = "x " * (MAX_CONTENT_CHARS + 100)
    out = render_text(ledger, color=False, width=100)
    assert "[cut:" in out and f"of {2 * (MAX_CONTENT_CHARS + 100) - 1:,} characters" in out
