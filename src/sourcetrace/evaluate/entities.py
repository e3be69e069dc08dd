"""``sourcetrace eval entities``: entity merging and junk entities against annotated names.

The gold file is JSONL in the format of ``../shared/data/genre`` (``{"id", "text", "entity_groups",
"not_entities", ...}``): ``entity_groups`` lists names of the article that are one real-world entity,
``not_entities`` strings a tool might wrongly take as names. The entity extractor runs on ``text``
as is (no cleaning, as ``eval attributions`` does), and three figures are reported:

* **groups merged**: a group counts as merged when one entity, and only one, covers the names of
  the group: every name has an occurrence in the text that overlaps a mention of that entity, and no
  occurrence of a name overlaps a mention of another entity (occurrences no mention overlaps, as in
  a sentence the model read without a name, are ignored; so are occurrences inside a longer mention
  of a name outside the group, "Texas" in "Texas Tribune", and names nested in an occurrence whose
  start a mention covers, "United States" in "Constitution of the United States"). Occurrences are exact, case-sensitive,
  whole-word matches; an occurrence inside an occurrence of a
  longer name of the same group ("Times" inside "New York Times") is only used when the name never
  occurs on its own. A group whose name is not found in the text at all is reported as ``absent``
  and left out of the share (so a typo in the annotation cannot count against the extractor).
* **not_entities found**: a junk string counts as found when an entity mention lies inside one of
  its occurrences (case-insensitive) and covers at least half of its characters ("Blockchain Stocks"
  as a PERSON counts; "Obama" inside "Obama European Socialism" does not).
* **dateline acronyms**: entities of a place type (GPE, LOC, FAC) with an alias in capitals that is
  not built from the initials of the place's name ("NORVANIA" alias "AFP"). The target is none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

PLACE_TYPES = ("GPE", "LOC", "FAC")
_CAPS = re.compile(r"^[A-Z][A-Z.&]{1,7}$")


def occurrences(text: str, name: str, *, ignore_case: bool = False) -> list[tuple[int, int]]:
    """Character spans of whole-word occurrences of ``name`` in ``text``."""
    flags = re.IGNORECASE if ignore_case else 0
    rx = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", flags)
    return [(m.start(), m.end()) for m in rx.finditer(text)]


def _key(name: str) -> str:
    name = re.sub(r"\s+", " ", name.replace("’", "'")).strip().lower()
    name = name[4:] if name.startswith("the ") else name
    return name[:-2] if name.endswith("'s") else name


def _entities_at(text: str, entities: list[dict], span: tuple[int, int], group: set[str]) -> set[str]:
    """Entities with a mention overlapping ``span``; a mention that holds the occurrence inside a
    longer name outside the group ("Sotloff" inside "Shirley Sotloff", "Texas" inside "Texas
    Tribune") is another entity's name and does not count. When a mention covers the first character of
    the occurrence, names nested further in ("United States" in "Constitution of the United States")
    are other entities and do not count either."""
    s, e = span
    out, first = set(), set()
    for ent in entities:
        for ms, me in ent["mentions"]:
            if ms < e and s < me:
                inside_longer = ms <= s and e <= me and (me - ms) > (e - s)
                if inside_longer and _key(text[ms:me]) not in group:
                    continue
                out.add(ent["id"])
                if ms <= s < me:
                    first.add(ent["id"])
    return first or out


def group_result(text: str, group: list[str], entities: list[dict]) -> dict:
    """``{"status": merged|split|missing|absent, "names": {name: [entity ids]}}`` for one group."""
    spans = {name: occurrences(text, name) for name in group}
    if not all(spans.values()):
        return {"status": "absent", "names": {n: [] for n in group},
                "absent": [n for n, v in spans.items() if not v]}
    own: dict[str, list[tuple[int, int]]] = {}
    for name, occ in spans.items():
        longer = [o for other, v in spans.items() if len(other) > len(name) for o in v]
        alone = [o for o in occ if not any(ls <= o[0] and o[1] <= le for ls, le in longer)]
        own[name] = alone or occ
    keys = {_key(n) for n in group}
    ids = {name: set().union(*(_entities_at(text, entities, o, keys) for o in occ)) for name, occ in own.items()}
    every = set().union(*ids.values())
    if len(every) == 1 and all(ids.values()):
        status = "merged"
    elif not all(ids.values()):
        status = "missing"  # some name is no entity mention at all
    else:
        status = "split"
    return {"status": status, "names": {n: sorted(v) for n, v in ids.items()}}


def junk_found(text: str, junk: str, entities: list[dict]) -> list[str]:
    """Mention texts of entities that are (mostly) the junk string ``junk``."""
    hits = []
    for s, e in occurrences(text, junk, ignore_case=True):
        for ent in entities:
            for ms, me in ent["mentions"]:
                if s <= ms and me <= e and (me - ms) * 2 >= (e - s):
                    hits.append(f"{text[ms:me]} ({ent['type']})")
    return hits


def _initials_fit(acronym: str, name: str) -> bool:
    letters = acronym.replace(".", "").replace("&", "").upper()
    words = [w for w in re.findall(r"[A-Za-z]+", name)]
    caps = "".join(w[0].upper() for w in words if w[0].isupper())
    every = "".join(w[0].upper() for w in words)
    return letters in (caps, every) or name.upper().replace(" ", "").startswith(letters)


def dateline_acronyms(entities: list[dict]) -> list[str]:
    """``"NAME alias ACRONYM"`` for place entities with a capitals alias their initials do not fit."""
    out = []
    for ent in entities:
        if ent["type"] not in PLACE_TYPES:
            continue
        for alias in ent.get("aliases") or []:
            if _CAPS.match(alias) and alias.upper() != ent["name"].upper() and not _initials_fit(alias, ent["name"]):
                out.append(f"{ent['name']} alias {alias}")
    return out


def evaluate(docs: Iterable[dict], *, nlp=None) -> dict:
    """Run the entity extractor on each document's text and compare with its annotations."""
    from ..extract.entities import entities as extract_entities
    from ..nlp import load_model
    from ..records import to_json

    nlp = nlp or load_model()
    counts = {"merged": 0, "split": 0, "missing": 0, "absent": 0}
    failures, junk_hits, datelines = [], [], []
    n_docs = n_junk = 0
    for doc in docs:
        n_docs += 1
        text = doc["text"]
        ents = to_json(extract_entities(nlp(text)))
        for group in doc.get("entity_groups") or []:
            r = group_result(text, group, ents)
            counts[r["status"]] += 1
            if r["status"] != "merged":
                failures.append({"id": doc["id"], "group": group, **r})
        for junk in doc.get("not_entities") or []:
            n_junk += 1
            hits = junk_found(text, junk, ents)
            if hits:
                junk_hits.append({"id": doc["id"], "not_entity": junk, "as": sorted(set(hits))})
        datelines += [{"id": doc["id"], "entity": d} for d in dateline_acronyms(ents)]
    scored = counts["merged"] + counts["split"] + counts["missing"]
    return {
        "documents": n_docs,
        "groups": sum(counts.values()),
        "groups_scored": scored,
        **{f"groups_{k}": v for k, v in counts.items()},
        "merged_share": round(100 * counts["merged"] / scored, 1) if scored else None,
        "not_entities": n_junk,
        "not_entities_found": len(junk_hits),
        "dateline_acronyms": len(datelines),
        "failures": failures,
        "junk": junk_hits,
        "datelines": datelines,
    }


def format_result(result: dict) -> str:
    lines = [
        f"gold: {result.get('gold', '?')}, documents: {result['documents']}",
        f"entity groups merged into one entity: {result['groups_merged']} / {result['groups_scored']}"
        f" = {result['merged_share']}% (split {result['groups_split']}, a name never an entity "
        f"{result['groups_missing']}, names absent from the text {result['groups_absent']})",
        f"not_entities found as entities: {result['not_entities_found']} / {result['not_entities']}",
        f"dateline acronyms (place entities with an alias their initials do not fit): {result['dateline_acronyms']}",
    ]
    if result["failures"]:
        lines.append("\ngroups not merged:")
        for f in result["failures"]:
            names = "; ".join(f"{n} -> {','.join(v) or '-'}" for n, v in f["names"].items())
            lines.append(f"  {f['id']}: {f['status']}: {names}")
    if result["junk"]:
        lines.append("\nnot_entities found:")
        for j in result["junk"]:
            lines.append(f"  {j['id']}: {j['not_entity']!r} as {', '.join(j['as'])}")
    for d in result["datelines"]:
        lines.append(f"  dateline acronym {d['id']}: {d['entity']}")
    return "\n".join(lines)


def add_parser(esub) -> None:
    """``sourcetrace eval entities`` (registered by ``evaluate/cli.py``)."""
    p = esub.add_parser("entities", help="entity groups merged, junk entities and dateline acronyms "
                                         "against a file with entity_groups / not_entities")
    p.add_argument("--gold", required=True, help="JSONL {id, text, entity_groups, not_entities} (e.g. ../shared/data/genre/dev.jsonl)")
    p.add_argument("--limit", type=int, help="only the first N documents")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.set_defaults(func=_cmd)


def _cmd(args) -> int:
    import json

    from .predict import gold_path
    from .predict import read_docs

    path = gold_path(args.gold, None)
    result = evaluate(read_docs(path, limit=args.limit))
    result["gold"] = str(path)
    print(json.dumps(result, indent=2, ensure_ascii=False) if args.json else format_result(result))
    return 0
