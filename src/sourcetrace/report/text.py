"""Terminal report of a ledger with rich: claims grouped by source, chains, facts, signals."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .common import chain_labels, fmt_quantity, grouped_claims

STYLES = {"factive": "green", "asserted": "blue", "distanced": "dark_orange", "hedged": "magenta"}


def _short(text: str, n: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def render_text(ledger: dict, *, color: bool = False, width: int = 100) -> str:
    buf = io.StringIO()
    con = Console(file=buf, force_terminal=color, no_color=not color, width=width, highlight=False, emoji=False)
    con.print(Text(ledger.get("title") or "(untitled)", style="bold"))
    meta = [f"id {ledger.get('id')}"]
    if ledger.get("published"):
        meta.append(f"published {ledger['published']}")
    if ledger.get("url"):
        meta.append(ledger["url"])
    con.print(Text(" | ".join(meta), style="dim"))
    sig = ledger.get("signals", {})
    con.print(f"{len(ledger.get('attributions', []))} claims, {len(ledger.get('entities', []))} entities, "
              f"{sig.get('word_count', 0)} words")

    con.rule("Who says what")
    for source, claims in grouped_claims(ledger):
        first = claims[0].get("source") or {}
        kind = first.get("kind", "")
        con.print(Text.assemble((source, "bold"), (f"  [{kind}]" if kind else "", "dim")))
        for a in claims:
            cert = a["certainty"]
            line = Text("  • ")
            line.append(f"{a['cue']['text']}", style="italic")
            line.append(f" ({cert})", style=STYLES.get(cert, ""))
            if a.get("via"):
                line.append(f" via {a['via']}", style="dim")
            line.append(": " + _short(a["content"]["text"]))
            con.print(line)
    chains = chain_labels(ledger)
    if chains:
        con.rule("Reported via")
        for c in chains:
            con.print("  " + c.replace(" -> ", " → "))

    con.rule("Facts")
    qs = ledger.get("quantities", [])
    for kind, label in (("money", "Amounts"), ("count", "Counts"), ("duration", "Durations"), ("percent", "Percentages")):
        items = [q for q in qs if q["kind"] == kind]
        if items:
            t = Table(title=label, show_header=True, header_style="bold", title_justify="left", width=min(width, 90))
            t.add_column("as written")
            t.add_column("reading")
            for q in items:
                t.add_row(q["text"], fmt_quantity(q))
            con.print(t)
    if ledger.get("dates"):
        t = Table(title="Dates", title_justify="left", header_style="bold", width=min(width, 90))
        t.add_column("as written")
        t.add_column("value")
        t.add_column("resolution")
        for d in ledger["dates"]:
            t.add_row(d["text"], d.get("value") or "", d["resolution"])
        con.print(t)
    if ledger.get("events"):
        t = Table(title="Events", title_justify="left", header_style="bold", width=min(width, 90))
        for col in ("type", "number", "object", "location", "date"):
            t.add_column(col)
        for e in ledger["events"]:
            t.add_row(e["type"], "" if e.get("number") is None else f"{e['number']:g}", e.get("object") or "",
                      e.get("location") or "", e.get("date") or "")
        con.print(t)

    con.rule("Signals")
    share = sig.get("named_source_share")
    con.print(f"named sources: {'n/a' if share is None else f'{share:.0%}'} of claims; "
              f"hedges: {sig.get('hedges_per_1000_words', 0)} per 1,000 words")
    by_cert = {k: v for k, v in sig.get("attributions_by_certainty", {}).items() if v}
    if by_cert:
        con.print("certainty: " + ", ".join(f"{k} {v}" for k, v in by_cert.items()))
    terms = sorted({t["text"].lower() for t in sig.get("loaded_terms", [])})
    if terms:
        con.print("loaded terms: " + ", ".join(terms))
    if sig.get("calls_to_share"):
        con.print("calls to share: " + "; ".join(sig["calls_to_share"]))
    ops = sig.get("unattributed_opinion_sentences", [])
    if ops:
        con.print(f"unattributed opinion ({len(ops)}):")
        for o in ops[:5]:
            con.print("  – " + _short(o["text"], 140))
    if ledger.get("removed"):
        con.print(Text("removed: " + " | ".join(ledger["removed"]), style="dim"))
    return buf.getvalue()
