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
    """45000000 -> "45,000,000", 2.5 -> "2.5", 0.125 -> "0.125" (never "4.5e+07")."""
    if x is None:
        return ""
    if not isinstance(x, (int, float)):
        return str(x)
    if isinstance(x, float) and not x.is_integer():
        if abs(x) < 1:
            return f"{x:.6f}".rstrip("0").rstrip(".")
        return f"{x:,.2f}".rstrip("0").rstrip(".")
    return f"{int(x):,}"


def paragraph_of(text: str | None, offset) -> int | None:
    """1-based number of the paragraph (blocks separated by a blank line) holding ``offset``."""
    if not text or not isinstance(offset, int) or not 0 <= offset <= len(text):
        return None
    n, pos = 1, 0
    while True:
        i = text.find("\n\n", pos)
        if i < 0 or i >= offset:
            return n
        j = i
        while j < len(text) and text[j] == "\n":
            j += 1
        if j > offset:
            return n
        n, pos = n + 1, j


def claim_locator(ledger: dict, attribution: dict) -> str:
    """"¶3": the paragraph where the claim's content starts (or its cue, without a content)."""
    span = (attribution.get("content") or {}).get("span") or (attribution.get("cue") or {}).get("span") or [None]
    n = paragraph_of(ledger.get("text"), span[0])
    return f"¶{n}" if n else ""


def via_label(ledger: dict, via) -> str:
    """"A14 (Kelmouth Gazette)" for the id of the attribution a claim was reported through: the id
    (printed before every claim) and who that attribution's source is; other values as they are."""
    if not via:
        return ""
    by_id = {a.get("id"): a for a in ledger.get("attributions") or []}
    outer = by_id.get(via)
    if outer is None:
        return str(via)
    src = outer.get("source") or {}
    name = entity_names(ledger).get(src.get("entity") or "") or src.get("text")
    return f"{via} ({name})" if name else str(via)


def fact_claim(fact: dict) -> str:
    """"in A4, distanced" for a fact inside a claim's content; "" for the writer's own text."""
    if not fact.get("attribution"):
        return ""
    cert = fact.get("certainty")
    return f"in {fact['attribution']}, {cert}" if cert else f"in {fact['attribution']}"


def fmt_quantity(q: dict) -> str:
    if q.get("value") is None and q.get("low") is not None:
        amount = f"{fmt_number(q['low'])}-{fmt_number(q['high'])}"
    else:
        amount = fmt_number(q.get("value"))
    unit = q.get("unit") or ""
    obj = q.get("object") or ""
    return " ".join(x for x in (amount, unit, ("per " + obj) if q.get("kind") == "money" and obj else obj) if x)
