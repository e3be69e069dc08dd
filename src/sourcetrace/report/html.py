"""Self-contained HTML report of a ledger: highlighted text, the claim ledger, chains, facts, signals.

The page has no external assets and no scripts. Every piece of ledger text goes through
``html.escape``, class names come from fixed lists, and the page carries a Content-Security-Policy
that allows inline styles only, so a hostile title or body cannot run code when the report opens.
Overlapping highlights (a source inside a quotation, a loaded word inside a claim) are handled by
cutting the text at every span boundary and giving each piece the classes of all spans covering it.
"""

from __future__ import annotations

from html import escape

from ..records import CERTAINTIES, content_display
from .common import (CERTAINTY_COLOURS, chain_labels, claim_locator, entity_names, fact_claim, fmt_number,
                     fmt_quantity, grouped_claims, via_label)

CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; "
       "base-uri 'none'; form-action 'none'")

STYLE = """
body{font:15px/1.55 system-ui,-apple-system,Segoe UI,sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
main{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:24px;max-width:1280px;margin:auto;padding:24px}
@media (max-width:900px){main{grid-template-columns:1fr}}
h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.1em;margin:.3em 0 .5em}.meta{color:#666;font-size:.9em}
article{background:#fff;padding:16px 20px;border:1px solid #ddd;border-radius:6px;white-space:pre-wrap}
aside section,.wide{background:#fff;border:1px solid #ddd;border-radius:6px;padding:10px 14px;margin-bottom:14px}
.src{background:#fff3b0;border-bottom:2px solid #d6b400}.cue{font-weight:600;text-decoration:underline}
.loaded{text-decoration:underline wavy #c0392b;text-decoration-skip-ink:none}
.content-factive{background:#e3f4e8}.content-asserted{background:#e4edf9}
.content-distanced{background:#fbe9d7}.content-hedged{background:#f1e4f8}.content-other{background:#eee}
.tag{display:inline-block;font-size:.75em;padding:0 6px;border-radius:8px;color:#fff;white-space:nowrap}
table{border-collapse:collapse;width:100%;font-size:.9em}td,th{border-bottom:1px solid #eee;padding:3px 6px;
text-align:left;vertical-align:top}th{background:#f4f4f4}
ul{padding-left:18px;margin:.3em 0}li{margin-bottom:6px}.dim{color:#777}
"""


def _e(value) -> str:
    return escape("" if value is None else str(value))


def _certainty_class(certainty) -> str:
    return f"content-{certainty}" if certainty in CERTAINTIES else "content-other"


def _span(item) -> tuple[int, int] | None:
    try:
        start, end = (int(x) for x in item["span"])
    except (KeyError, TypeError, ValueError):
        return None
    return (start, end) if start < end else None


def highlight(text: str, attributions: list[dict], loaded: list = ()) -> str:
    """``text`` as escaped HTML with sources, cues, contents and loaded terms wrapped in spans."""
    marks: list[tuple[int, int, str]] = []
    for a in attributions:
        for part, cls in (("content", _certainty_class(a.get("certainty"))), ("cue", "cue"), ("source", "src")):
            # a content its cue interrupts is marked piece by piece, not over the cue and source
            pieces = ([{"span": p} for p in a.get("content_parts") or []] if part == "content" else []) or [a.get(part) or {}]
            for piece in pieces:
                span = _span(piece)
                if span:
                    marks.append((*span, cls))
    for t in loaded:
        span = _span(t) if isinstance(t, dict) else None
        if span:
            marks.append((*span, "loaded"))
    n = len(text)
    bounds = sorted({0, n} | {min(max(b, 0), n) for s, e, _ in marks for b in (s, e)})
    out = []
    for lo, hi in zip(bounds, bounds[1:]):
        classes = sorted({c for s, e, c in marks if s <= lo and hi <= e})
        piece = escape(text[lo:hi])
        out.append(f'<span class="{" ".join(classes)}">{piece}</span>' if classes else piece)
    return "".join(out)


def _tag(certainty) -> str:
    colour = CERTAINTY_COLOURS.get(certainty, "#555")
    return f'<span class="tag" style="background:{colour}">{_e(certainty)}</span>'


def _table(headers: tuple[str, ...], rows) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_e(x)}</td>" for x in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _num(x) -> str:
    return fmt_number(x)


def _ledger_table(ledger: dict) -> str:
    names = entity_names(ledger)
    rows = ["<table><tr><th>source</th><th>id</th><th>cue</th><th>certainty</th><th>claim</th></tr>"]
    for label, claims in grouped_claims(ledger):
        for i, a in enumerate(claims):
            src = a.get("source") or {}
            cell = ""
            if i == 0:
                kind = f' <span class="dim">{_e(src.get("kind"))}</span>' if src.get("kind") else ""
                entity = names.get(src.get("entity") or "")
                said = (f'<br><span class="dim">as “{_e(src.get("text"))}”</span>'
                        if entity and src.get("text") and src.get("text") != label else "")
                cell = f"<b>{_e(label)}</b>{kind}{said}"
            via = f'<br><span class="dim">via {_e(via_label(ledger, a["via"]))}</span>' if a.get("via") else ""
            where = f'{_e(a.get("id"))}<br><span class="dim">{_e(claim_locator(ledger, a))}</span>'
            quoted = ' <span class="dim">(quoted)</span>' if a.get("direct") else ""
            cue, content = (a.get("cue") or {}).get("text"), content_display(a, ledger.get("text"))
            rows.append(f"<tr><td>{cell}</td><td>{where}</td><td>{_e(cue)}{via}</td>"
                        f"<td>{_tag(a.get('certainty'))}{quoted}</td><td>{_e(content)}</td></tr>")
    rows.append("</table>")
    return "".join(rows)


def _facts(ledger: dict) -> list[str]:
    parts = []
    qs = ledger.get("quantities") or []
    if qs:
        parts.append("<section><h2>Amounts and counts</h2>" + _table(
            ("as written", "kind", "reading", "in claim"),
            [(q.get("text"), q.get("kind"), fmt_quantity(q), fact_claim(q)) for q in qs]) + "</section>")
    if ledger.get("dates"):
        parts.append("<section><h2>Dates</h2>" + _table(
            ("as written", "value", "resolution", "in claim"),
            [(d.get("text"), d.get("value"), d.get("resolution"), fact_claim(d)) for d in ledger["dates"]]) + "</section>")
    if ledger.get("events"):
        parts.append("<section><h2>Events</h2>" + _table(
            ("type", "number", "object", "where", "when", "in claim"),
            [(e.get("type"), _num(e.get("number")), e.get("object"), e.get("location"), e.get("date"), fact_claim(e))
             for e in ledger["events"]]) + "</section>")
    if ledger.get("entities"):
        parts.append("<section><h2>Entities</h2>" + _table(
            ("id", "name", "type", "aliases", "mentions"),
            [(e.get("id"), e.get("name"), e.get("type"), ", ".join(e.get("aliases") or []), len(e.get("mentions") or []))
             for e in ledger["entities"]]) + "</section>")
    return parts


def _signals(sig: dict) -> str:
    share, quotes = sig.get("named_source_share"), sig.get("quote_share")
    items = [
        f"named sources: {'n/a' if share is None else f'{share:.0%}'} of claims",
        f"direct quotes: {'n/a' if quotes is None else f'{quotes:.0%}'} of claims",
        f"hedges per 1,000 words: {sig.get('hedges_per_1000_words', 0)}",
        f"{sig.get('word_count', 0)} words, {sig.get('sentence_count', 0)} sentences, "
        f"{sig.get('exclamations', 0)} exclamation marks",
    ]
    for key, label in (("attributions_by_kind", "sources"), ("attributions_by_certainty", "certainty")):
        counts = {k: v for k, v in (sig.get(key) or {}).items() if v}
        if counts:
            items.append(f"{label}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    terms: dict[str, set[str]] = {}
    for t in sig.get("loaded_terms") or []:
        text = t.get("text", "") if isinstance(t, dict) else str(t)
        terms.setdefault((t.get("category") if isinstance(t, dict) else None) or "term", set()).add(text.lower())
    for cat, words in sorted(terms.items()):
        items.append(f"loaded terms ({cat}): {', '.join(sorted(words))}")
    if sig.get("all_caps_words"):
        items.append("all-caps words: " + ", ".join(sig["all_caps_words"]))
    if sig.get("calls_to_share"):
        items.append("calls to share: " + "; ".join(sig["calls_to_share"]))
    out = "<section><h2>Signals</h2><ul>" + "".join(f"<li>{_e(i)}</li>" for i in items) + "</ul>"
    ops = sig.get("unattributed_opinion_sentences") or []
    if ops:
        out += f"<h3>Unattributed opinion ({len(ops)})</h3><ul>" + "".join(
            f'<li class="dim">{_e(o.get("text") if isinstance(o, dict) else o)}</li>' for o in ops[:20]) + "</ul>"
    return out + "</section>"


def render_html(ledger: dict) -> str:
    """The ledger as one self-contained HTML page."""
    title = _e(ledger.get("title") or "(untitled)")
    meta = " · ".join(_e(x) for x in (ledger.get("published"), ledger.get("site"), ledger.get("author"),
                                      ledger.get("url"), f"id {ledger.get('id')}") if x)
    atts = ledger.get("attributions") or []
    sig = ledger.get("signals") or {}
    legend = " ".join(f'<span class="content-{c}">{c}</span>' for c in CERTAINTIES)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title} - sourcetrace</title><style>{STYLE}</style></head><body><main>",
        f'<div><h1>{title}</h1><p class="meta">{meta}</p>',
        f'<p class="meta">Highlights: <span class="src">source</span> <span class="cue">cue</span> {legend} '
        '<span class="loaded">loaded term</span></p>',
        f"<article>{highlight(ledger.get('text') or '', atts, sig.get('loaded_terms') or [])}</article>",
        f'<section class="wide"><h2>Who says what ({len(atts)})</h2>',
        _ledger_table(ledger) if atts else '<p class="dim">No attributed claims found.</p>',
        "</section></div><aside>",
    ]
    chains = chain_labels(ledger)
    if chains:
        parts.append("<section><h2>Reported via</h2><ul>" + "".join(
            f"<li>{_e(c).replace(' -&gt; ', ' → ')}</li>" for c in chains) + "</ul></section>")
    parts.extend(_facts(ledger))
    parts.append(_signals(sig))
    if ledger.get("removed"):
        parts.append("<section><h2>Removed from the page</h2><ul>" + "".join(
            f'<li class="dim">{_e(r)}</li>' for r in ledger["removed"]) + "</ul></section>")
    parts.append("</aside></main></body></html>")
    return "\n".join(parts) + "\n"
