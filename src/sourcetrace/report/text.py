"""Terminal report of a ledger with rich: header, claims grouped by source, chains, facts, signals.

Article text is never parsed as rich markup (the console runs with ``markup=False`` and table cells
are ``Text`` objects), so brackets in a title or a quotation print as they are.
"""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..records import content_display
from .common import chain_labels, entity_names, fmt_quantity, grouped_claims

STYLES = {"factive": "green", "asserted": "blue", "distanced": "dark_orange", "hedged": "magenta"}
QUANTITY_TABLES = (("money", "Amounts"), ("count", "Counts"), ("percent", "Percentages"),
                   ("duration", "Durations"), ("other", "Other quantities"))


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
    return "" if x is None else f"{x:g}" if isinstance(x, (int, float)) else str(x)


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
            header.append("  as " + "; ".join(_short(s, 60) for s in said_as), style="dim")
        con.print(header)
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=3, justify="right")
        grid.add_column(ratio=1)
        for a in claims:
            cert = a.get("certainty", "")
            line = Text()
            line.append(a.get("cue", {}).get("text", ""), style="italic")
            line.append(f" ({cert}{', quoted' if a.get('direct') else ''})", style=STYLES.get(cert, ""))
            if a.get("via"):
                line.append(f" via {a['via']}", style="dim")
            line.append(": " + _short(content_display(a, ledger.get("text"))))
            grid.add_row(Text("•"), line)
        con.print(grid)


def _facts(con: Console, ledger: dict, width: int) -> None:
    qs = ledger.get("quantities") or []
    for kind, label in QUANTITY_TABLES:
        rows = [(q.get("text"), fmt_quantity(q)) for q in qs if q.get("kind") == kind]
        if rows:
            con.print(_table(label, ("as written", "reading"), rows, width))
    dates = ledger.get("dates") or []
    if dates:
        con.print(_table("Dates", ("as written", "value", "resolution"),
                         [(d.get("text"), d.get("value"), d.get("resolution")) for d in dates], width))
    events = ledger.get("events") or []
    if events:
        con.print(_table("Events", ("type", "number", "object", "location", "date"),
                         [(e.get("type"), _num(e.get("number")), e.get("object"), e.get("location"), e.get("date"))
                          for e in events], width))
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

    con.rule("Facts")
    _facts(con, ledger, width)
    con.rule("Signals")
    _signals(con, ledger.get("signals") or {})
    if ledger.get("removed"):
        con.rule("Removed from the page")
        for line in ledger["removed"]:
            con.print(Text("  " + _short(line, 120), style="dim"))
    return buf.getvalue()
