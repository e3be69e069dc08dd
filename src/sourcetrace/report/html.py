"""Self-contained HTML report of a ledger: highlighted text, claims by source, chains, facts, signals.

Every piece of article text goes through ``html.escape``; the page carries a Content-Security-Policy
that allows inline styles only (no scripts, no remote assets), so a hostile title or body cannot run
code when the report is opened.
"""

from __future__ import annotations

from html import escape

from .common import CERTAINTY_COLOURS, chain_labels, fmt_quantity, grouped_claims

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; form-action 'none'"

STYLE = """
body{font:15px/1.55 system-ui,-apple-system,Segoe UI,sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
main{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:24px;max-width:1200px;margin:auto;padding:24px}
h1{font-size:1.5em;margin:.2em 0}.meta{color:#666;font-size:.9em}
article{background:#fff;padding:16px 20px;border:1px solid #ddd;border-radius:6px;white-space:pre-wrap}
aside section{background:#fff;border:1px solid #ddd;border-radius:6px;padding:10px 14px;margin-bottom:14px}
.src{background:#fff3b0}.cue{font-weight:600;text-decoration:underline}
.content-factive{background:#e3f4e8}.content-asserted{background:#e4edf9}
.content-distanced{background:#fbe9d7}.content-hedged{background:#f1e4f8}
.tag{display:inline-block;font-size:.75em;padding:0 6px;border-radius:8px;color:#fff}
table{border-collapse:collapse;width:100%;font-size:.9em}td,th{border-bottom:1px solid #eee;padding:3px 6px;text-align:left}
ul{padding-left:18px}li{margin-bottom:6px}.dim{color:#777}
"""


def _highlight(text: str, attributions: list[dict]) -> str:
    """The article text with sources, cues and contents wrapped in spans (overlaps split at borders)."""
    marks: list[tuple[int, int, str]] = []
    for a in attributions:
        cls = f"content-{a['certainty']}"
        marks.append((a["content"]["span"][0], a["content"]["span"][1], cls))
        marks.append((a["cue"]["span"][0], a["cue"]["span"][1], "cue"))
        if a.get("source"):
            marks.append((a["source"]["span"][0], a["source"]["span"][1], "src"))
    bounds = sorted({0, len(text)} | {b for s, e, _ in marks for b in (s, e) if 0 <= b <= len(text)})
    out = []
    for lo, hi in zip(bounds, bounds[1:]):
        classes = sorted({c for s, e, c in marks if s <= lo and hi <= e})
        piece = escape(text[lo:hi])
        out.append(f'<span class="{" ".join(classes)}">{piece}</span>' if classes else piece)
    return "".join(out)


def _tag(certainty: str) -> str:
    colour = CERTAINTY_COLOURS.get(certainty, "#555")
    return f'<span class="tag" style="background:{colour}">{escape(certainty)}</span>'


def render_html(ledger: dict) -> str:
    title = escape(ledger.get("title") or "(untitled)")
    meta = " · ".join(escape(str(x)) for x in (ledger.get("published"), ledger.get("site"), ledger.get("url"),
                                               f"id {ledger.get('id')}") if x)
    atts = ledger.get("attributions", [])
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title} - sourcetrace</title><style>{STYLE}</style></head><body><main>",
        f'<div><h1>{title}</h1><p class="meta">{meta}</p>',
        '<p class="meta">Highlights: <span class="src">source</span> <span class="cue">cue</span> '
        + " ".join(f'<span class="content-{c}">{c}</span>' for c in CERTAINTY_COLOURS) + "</p>",
        f"<article>{_highlight(ledger.get('text', ''), atts)}</article></div>",
        "<aside>",
    ]
    parts.append(f"<section><h2>Who says what ({len(atts)})</h2>")
    for source, claims in grouped_claims(ledger):
        kind = (claims[0].get("source") or {}).get("kind", "")
        parts.append(f"<h3>{escape(source)} <span class=\"dim\">{escape(kind)}</span></h3><ul>")
        for a in claims:
            via = f' <span class="dim">via {escape(a["via"])}</span>' if a.get("via") else ""
            parts.append(f"<li>{_tag(a['certainty'])} <b>{escape(a['cue']['text'])}</b>{via}: "
                         f"{escape(a['content']['text'])}</li>")
        parts.append("</ul>")
    parts.append("</section>")
    chains = chain_labels(ledger)
    if chains:
        parts.append("<section><h2>Reported via</h2><ul>" + "".join(
            f"<li>{escape(c).replace(' -&gt; ', ' → ')}</li>" for c in chains) + "</ul></section>")
    if ledger.get("entities"):
        parts.append("<section><h2>Entities</h2><table><tr><th>name</th><th>type</th><th>aliases</th><th>mentions</th></tr>")
        for e in ledger["entities"]:
            parts.append(f"<tr><td>{escape(e['name'])}</td><td>{escape(e['type'])}</td>"
                         f"<td>{escape(', '.join(e.get('aliases', [])))}</td><td>{len(e.get('mentions', []))}</td></tr>")
        parts.append("</table></section>")
    facts = ledger.get("quantities", [])
    if facts:
        parts.append("<section><h2>Amounts and counts</h2><table><tr><th>text</th><th>kind</th><th>reading</th></tr>")
        for q in facts:
            parts.append(f"<tr><td>{escape(q['text'])}</td><td>{escape(q['kind'])}</td><td>{escape(fmt_quantity(q))}</td></tr>")
        parts.append("</table></section>")
    if ledger.get("events"):
        parts.append("<section><h2>Events</h2><table><tr><th>type</th><th>number</th><th>object</th><th>where</th><th>when</th></tr>")
        for ev in ledger["events"]:
            num = "" if ev.get("number") is None else f"{ev['number']:g}"
            parts.append("<tr>" + "".join(f"<td>{escape(str(x or ''))}</td>" for x in (
                ev["type"], num, ev.get("object"), ev.get("location"), ev.get("date"))) + "</tr>")
        parts.append("</table></section>")
    if ledger.get("dates"):
        parts.append("<section><h2>Dates</h2><table><tr><th>text</th><th>value</th><th>resolution</th></tr>")
        for d in ledger["dates"]:
            parts.append(f"<tr><td>{escape(d['text'])}</td><td>{escape(d.get('value') or '')}</td><td>{escape(d['resolution'])}</td></tr>")
        parts.append("</table></section>")
    sig = ledger.get("signals", {})
    share = sig.get("named_source_share")
    parts.append("<section><h2>Signals</h2><ul>")
    parts.append(f"<li>named sources: {'n/a' if share is None else f'{share:.0%}'} of claims</li>")
    parts.append(f"<li>hedges per 1,000 words: {escape(str(sig.get('hedges_per_1000_words', 0)))}</li>")
    terms = sorted({t["text"].lower() for t in sig.get("loaded_terms", [])})
    if terms:
        parts.append(f"<li>loaded terms: {escape(', '.join(terms))}</li>")
    if sig.get("calls_to_share"):
        parts.append(f"<li>calls to share: {escape('; '.join(sig['calls_to_share']))}</li>")
    for o in sig.get("unattributed_opinion_sentences", [])[:10]:
        parts.append(f"<li class=\"dim\">unattributed opinion: {escape(o['text'])}</li>")
    parts.append("</ul></section>")
    if ledger.get("removed"):
        parts.append("<section><h2>Removed page debris</h2><ul>" + "".join(
            f"<li class=\"dim\">{escape(r)}</li>" for r in ledger["removed"]) + "</ul></section>")
    parts.append("</aside></main></body></html>")
    return "\n".join(parts) + "\n"
