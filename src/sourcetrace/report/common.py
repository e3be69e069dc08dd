"""Shared helpers of the reports: grouping claims by source, naming entities, formatting facts."""

from __future__ import annotations

CERTAINTY_COLOURS = {"factive": "#1b7f3b", "asserted": "#1f5fa8", "distanced": "#b35c00", "hedged": "#8a3ab9"}


def entity_names(ledger: dict) -> dict[str, str]:
    return {e["id"]: e["name"] for e in ledger.get("entities", [])}


def grouped_claims(ledger: dict) -> list[tuple[str, list[dict]]]:
    """Attributions grouped by source (entity name when resolved, else the source text), in order
    of first appearance; sourceless claims last under "(no source given)"."""
    names = entity_names(ledger)
    groups: dict[str, list[dict]] = {}
    for a in ledger.get("attributions", []):
        src = a.get("source")
        if src is None:
            key = "(no source given)"
        else:
            key = names.get(src.get("entity") or "", src["text"])
        groups.setdefault(key, []).append(a)
    ordered = [(k, v) for k, v in groups.items() if k != "(no source given)"]
    if "(no source given)" in groups:
        ordered.append(("(no source given)", groups["(no source given)"]))
    return ordered


def chain_labels(ledger: dict) -> list[str]:
    names = entity_names(ledger)
    out = []
    for chain in ledger.get("source_chains", []):
        out.append(" -> ".join(names.get(item.get("entity") or "", item.get("text", "?")) for item in chain))
    return out


def fmt_number(x) -> str:
    if x is None:
        return ""
    if isinstance(x, float) and not x.is_integer():
        return f"{x:,.2f}".rstrip("0").rstrip(".")
    return f"{int(x):,}"


def fmt_quantity(q: dict) -> str:
    if q.get("value") is None and q.get("low") is not None:
        amount = f"{fmt_number(q['low'])}-{fmt_number(q['high'])}"
    else:
        amount = fmt_number(q.get("value"))
    unit = q.get("unit") or ""
    obj = q.get("object") or ""
    return " ".join(x for x in (amount, unit, ("per " + obj) if q.get("kind") == "money" and obj else obj) if x)
