"""Cleaning: headline detection, debris removal, HTML extraction, language and empty-text errors."""

from __future__ import annotations

import pytest

from sourcetrace.clean import clean_article, is_debris
from sourcetrace.clean.title import split_title
from sourcetrace.errors import SourcetraceError
from sourcetrace.records import RawArticle

BODY = ("The regional water board approved a new tariff on Monday after a long debate. Board members said "
        "the increase would pay for pipe repairs across the valley, which lose a fifth of the supply.\n\n"
        "Residents' groups argued that the rise hits poorer households hardest and asked for a rebate scheme.")


@pytest.mark.parametrize("line", [
    "Share this:", "Please share!", "Print Friendly, PDF & Email", "Advertisement", "Read more: Floods in the north",
    "Subscribe to our newsletter", "Follow us on Twitter", "Source: Wire services", "© 2024 Valley Media Ltd. All rights reserved.",
    "We use cookies to improve your experience on our website.", "Click here to find out more", "Related Articles",
    "Print this page | Email to a friend", "Tags: water, tariffs, valley",
])
def test_debris_lines(line):
    assert is_debris(line)


@pytest.mark.parametrize("line", [
    "Read more widely, the minister said, and you will see the plan was never costed.",
    "Share prices fell sharply after the announcement.",
    "Subscribers to the service said they had been overcharged for months, according to the regulator.",
    "Sources close to the negotiations said a deal was near.",
    "The advertisement campaign cost the party more than it raised.",
])
def test_sentences_are_kept(line):
    assert not is_debris(line)


def test_title_split_from_text():
    title, rest = split_title("Water Board Approves Tariff Rise\n\n" + BODY)
    assert title == "Water Board Approves Tariff Rise"
    assert rest.strip().startswith("The regional water board")


def test_lead_sentence_is_not_a_title():
    title, rest = split_title(BODY)
    assert title is None and rest == BODY


def test_clean_text_article():
    raw = RawArticle(origin="t.txt", text="Water Board Approves Tariff Rise\n\nShare this:\n" + BODY + "\n\nAdvertisement\n")
    art = clean_article(raw, published="2024-02-01")
    assert art.title == "Water Board Approves Tariff Rise"
    assert art.removed == ("Share this:", "Advertisement")
    assert "Share this" not in art.text and art.text.startswith("The regional water board")
    assert "\n\n" in art.text and not any(line != line.strip() for line in art.text.splitlines())
    assert art.published == "2024-02-01"
    assert len(art.id) == 16


def test_clean_html_page():
    html = f"""<!DOCTYPE html><html><head><title>Water Board Approves Tariff Rise | Valley News</title>
    <meta name="author" content="Ines Moreau"><meta property="article:published_time" content="2024-02-01T09:00:00Z">
    <script>alert('x')</script></head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
    <article><h1>Water Board Approves Tariff Rise</h1>{''.join(f'<p>{p}</p>' for p in BODY.split(chr(10)+chr(10)))}
    <p>Share this:</p></article><footer>© 2024 Valley News. All rights reserved.</footer></body></html>"""
    art = clean_article(RawArticle(origin="p.html", html=html))
    assert "pipe repairs" in art.text and "rebate scheme" in art.text
    assert "alert" not in art.text and "Home" not in art.text.split()
    assert "Share this" not in art.text
    assert art.title and "Tariff" in art.title
    assert art.published == "2024-02-01"


def test_given_published_wins_over_page_metadata():
    html = f"<html><head><meta property='article:published_time' content='2020-01-01'></head><body><article><p>{BODY}</p></article></body></html>"
    assert clean_article(RawArticle(origin="p.html", html=html), published="2024-03-03").published == "2024-03-03"


def test_nothing_left_is_e004():
    with pytest.raises(SourcetraceError) as err:
        clean_article(RawArticle(origin="x.txt", text="Share this:\nAdvertisement\nSubscribe\n"))
    assert err.value.code == "E004"


def test_not_english_is_e005():
    text = ("Le conseil municipal a adopté mardi un nouveau plan pour les transports publics de la ville. "
            "Selon le maire, les travaux commenceront au printemps et dureront trois ans, malgré les critiques "
            "des associations de riverains qui dénoncent le coût du projet.")
    with pytest.raises(SourcetraceError) as err:
        clean_article(RawArticle(origin="fr.txt", text=text))
    assert err.value.code == "E005"
    assert clean_article(RawArticle(origin="fr.txt", text=text), check_language=False).text


def test_short_text_skips_language_check():
    assert clean_article(RawArticle(origin="s.txt", text="Hola amigos, buenos días.")).text
