"""Terminal report of a ledger with rich: header, claims grouped by source, chains, entities, facts,
signals.

Every claim line starts with its id ("A4") and the paragraph its content starts in ("¶3"), so that
"via A14 (Kelmouth Gazette)" and the facts' "in A4, distanced" point at something printed. Contents
are printed whole and wrapped to the terminal; only a content longer than ``MAX_CONTENT_CHARS`` (a
block quotation of several paragraphs) is cut, at a word, with an explicit marker giving its full
length: a reader scanning who says what wants every claim readable in place, and the JSON and HTML
formats always hold the whole text. Numbers print with thousands separators, never as 4.5e+07.

Article text is never parsed as rich markup (the console runs with ``markup=False`` and table cells
are ``Text`` objects), so brackets in a title or a quotation print as they are.
"""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..records import content_display
from .common import (chain_labels, claim_locator, entity_names, fact_claim, fmt_number, fmt_quantity,
                     grouped_claims, via_label)

STYLES = {"factive": "green", "asserted": "blue", "distanced": "dark_orange", "hedged": "magenta"}
QUANTITY_TABLES = (("money", "Amounts"), ("count", "Counts"), ("percent", "Percentages"),
                   ("duration", "Durations"), ("other", "Other quantities"))
# A content longer than this (about eight terminal lines) is cut with a marker: block quotations of
# several paragraphs would otherwise push the rest of the ledger off the screen.
MAX_CONTENT_CHARS = 600


def _short(text: str, n: int = 160) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _table(title: str, columns: tuple[str, ...], rows, width: int) -> Table:
    t = Table(title=title, title_justify="left", header_style="bold", width=min(width, 96))
    for col in columns:
        t.add_column(col)
    for row in rows:
        t.add_row(*(Text("" if x is None else str(x)) for x in row))
    return t


def _num(x) -> str:
    return fmt_number(x)


def _content(text: str) -> str:
    """The whole content on one line, or, past ``MAX_CONTENT_CHARS``, its start with a marker."""
    text = " ".join(str(text or "").split())
    if len(text) <= MAX_CONTENT_CHARS:
        return text
    cut = text.rfind(" ", 0, MAX_CONTENT_CHARS)
    cut = cut if cut > MAX_CONTENT_CHARS // 2 else MAX_CONTENT_CHARS
    return f"{text[:cut]} … [cut: {cut:,} of {len(text):,} characters; --format json or html has it all]"


def _claims(con: Console, ledger: dict) -> None:
    names = entity_names(ledger)
    for label, claims in grouped_claims(ledger):
        first = claims[0].get("source") or {}
        header = Text(label, style="bold")
        if first.get("kind"):
            header.append(f"  [{first['kind']}]", style="dim")
        entity = names.get(first.get("entity") or "")
        said_as = sorted({(a.get("source") or {}).get("text") or "" for a in claims} - {"", label})
        if entity and said_as:
            header.append("  as " + "; ".join(" ".join(s.split()) for s in said_as), style="dim")
        con.print(header)
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1)
        for a in claims:
            cert = a.get("certainty", "")
            where = " ".join(x for x in (a.get("id") or "", claim_locator(ledger, a)) if x)
            line = Text()
            line.append(a.get("cue", {}).get("text", ""), style="italic")
            line.append(f" ({cert}{', quoted' if a.get('direct') else ''})", style=STYLES.get(cert, ""))
            if a.get("via"):
                line.append(f" via {via_label(ledger, a['via'])}", style="dim")
            line.append(": " + _content(content_display(a, ledger.get("text"))))
            grid.add_row(Text(f"  {where}", style="dim"), line)
        con.print(grid)


def _entities(con: Console, ledger: dict, width: int) -> None:
    ents = ledger.get("entities") or []
    if ents:
        con.print(_table("Entities", ("id", "name", "type", "also written", "mentions"),
                         [(e.get("id"), e.get("name"), e.get("type"), ", ".join(e.get("aliases") or []),
                           len(e.get("mentions") or [])) for e in ents], width))


def _facts(con: Console, ledger: dict, width: int) -> None:
    # "in claim": the claim whose content holds the fact ("in A4, distanced"); empty for the writer's own text
    qs = ledger.get("quantities") or []
    for kind, label in QUANTITY_TABLES:
        rows = [(q.get("text"), fmt_quantity(q), fact_claim(q)) for q in qs if q.get("kind") == kind]
        if rows:
            con.print(_table(label, ("as written", "reading", "in claim"), rows, width))
    dates = ledger.get("dates") or []
    if dates:
        con.print(_table("Dates", ("as written", "value", "resolution", "in claim"),
                         [(d.get("text"), d.get("value"), d.get("resolution"), fact_claim(d)) for d in dates], width))
    events = ledger.get("events") or []
    if events:
        con.print(_table("Events", ("type", "number", "object", "location", "date", "in claim"),
                         [(e.get("type"), _num(e.get("number")), e.get("object"), e.get("location"), e.get("date"),
                           fact_claim(e)) for e in events], width))
    if not (qs or dates or events):
        con.print(Text("no amounts, counts, dates or events found", style="dim"))


def _signals(con: Console, sig: dict) -> None:
    share = sig.get("named_source_share")
    quotes = sig.get("quote_share")
    con.print(f"named sources: {'n/a' if share is None else f'{share:.0%}'} of claims; "
              f"direct quotes: {'n/a' if quotes is None else f'{quotes:.0%}'}; "
              f"hedges: {sig.get('hedges_per_1000_words', 0)} per 1,000 words")
    for key, label in (("attributions_by_kind", "sources"), ("attributions_by_certainty", "certainty")):
        counts = {k: v for k, v in (sig.get(key) or {}).items() if v}
        if counts:
            con.print(f"{label}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    con.print(f"{sig.get('word_count', 0)} words, {sig.get('sentence_count', 0)} sentences, "
              f"{sig.get('exclamations', 0)} exclamation marks")
    terms: dict[str, set[str]] = {}
    for t in sig.get("loaded_terms") or []:
        text = t.get("text", "") if isinstance(t, dict) else str(t)
        terms.setdefault((t.get("category") if isinstance(t, dict) else None) or "term", set()).add(text.lower())
    if terms:
        con.print("loaded terms: " + "; ".join(f"{cat}: {', '.join(sorted(ws))}" for cat, ws in sorted(terms.items())))
    if sig.get("all_caps_words"):
        con.print("all-caps words: " + ", ".join(sig["all_caps_words"]))
    if sig.get("calls_to_share"):
        con.print("calls to share: " + "; ".join(sig["calls_to_share"]))
    ops = sig.get("unattributed_opinion_sentences") or []
    if ops:
        con.print(f"unattributed opinion ({len(ops)}):")
        for o in ops[:5]:
            con.print("  – " + _short(o.get("text") if isinstance(o, dict) else o, 140))


def render_text(ledger: dict, *, color: bool = False, width: int = 100) -> str:
    """The ledger as a terminal report; ANSI colours only when ``color`` is true."""
    buf = io.StringIO()
    con = Console(file=buf, force_terminal=color, no_color=not color, width=width, markup=False,
                  highlight=False, emoji=False)
    con.print(Text(ledger.get("title") or "(untitled)", style="bold"))
    meta = [f"id {ledger.get('id')}"]
    for key in ("published", "site", "author", "url"):
        if ledger.get(key):
            meta.append(str(ledger[key]))
    con.print(Text(" | ".join(meta), style="dim"))
    atts = ledger.get("attributions") or []
    con.print(f"{len(atts)} claims, {len(ledger.get('entities') or [])} entities")

    con.rule("Who says what")
    if not atts:
        con.print(Text("no attributed claims found", style="dim"))
    _claims(con, ledger)
    chains = chain_labels(ledger)
    if chains:
        con.rule("Reported via")
        for c in chains:
            con.print("  " + c)

    con.rule("Entities")
    if ledger.get("entities"):
        _entities(con, ledger, width)
    else:
        con.print(Text("no named entities found", style="dim"))
    con.rule("Facts")
    _facts(con, ledger, width)
    con.rule("Signals")
    _signals(con, ledger.get("signals") or {})
    if ledger.get("removed"):
        con.rule("Removed from the page")
        for line in ledger["removed"]:
            con.print(Text("  " + _short(line, 120), style="dim"))
    out = buf.getvalue()
    # rich pads table cells to the column width; without colours the padding is only trailing spaces
    return out if color else "\n".join(line.rstrip() for line in out.split("\n"))
