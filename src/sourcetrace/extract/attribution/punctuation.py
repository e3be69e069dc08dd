"""Punctuation frames, whose cue is a mark: the colon of a speaker line ("Senator Smith: 'We will
not back down.'", "Poll: most voters back the tram") or of a clause that opens a quotation ("He
listed his reasons: '...'"), and the dash of a signed quotation ('"We were never asked." ― Maria
Lopez', as in epigraphs, vox pops and reader comments). All are family ``colon``.
"""

from __future__ import annotations

from ...nlp.model import doc_text
from .candidate import Candidate
from .families import Family
from .lexicon import headline_labels
from .options import Options
from .quotations import quote_spans
from .sources import source_nouns
from .spans import char_span

# the dashes that sign a quotation, longest first (punctuation marks, not a word list)
DASHES = ("―", "—", "–", "--", "-")
# a title-case speaker of at most this many tokens counts as a name even when the tagger missed
# it ("Trump: ..." tagged NOUN in a headline); 2 or 6 change no attribution of PolNeAR dev or train
# documents 1-300 (measured with benchmarks/vary_attribution_thresholds.py, docs/attribution.md "Bounds")
TITLED_SPEAKER_TOKENS = 4
# a clause ending in a colon takes a quotation that opens within this many characters after it: 1
# changes 9 dev attributions (relation F1 72.7 to 72.9) but 30 on train 1-300 (exact content F1
# 57.7 to 57.5), 6 changes nothing
COLON_QUOTE_GAP = 3
# the quotation after such a colon is looked for in at most this many characters, a bound on the
# work per colon: 20,000 changes nothing on dev and train 1-300; 1,000 cuts six long dev
# quotations (relation F1 72.7 to 72.9; train 1-300: 7 changes, F1 unchanged)
COLON_QUOTE_CHARS = 5000
# the name after a signing dash is read from at most this many characters (the name itself has at
# most ``Options.max_colon_speaker_tokens`` tokens): 40 or 160 change nothing on dev and train 1-300
DASH_NAME_CHARS = 80


def colon_cue(doc, sent, raws: list[Candidate], options: Options) -> None:
    """``Speaker: "quote"`` or ``Speaker: statement`` lines: the first colon of the sentence with a
    short named speaker before it; a longer phrase before a colon may open a quotation
    (``colon_quote``). Appends to ``raws``."""
    text = doc_text(doc)
    for tok in sent:
        if tok.text != ":" or tok.i == sent.start or tok.i + 1 >= sent.end:
            continue
        if tok.i - sent.start > options.max_colon_speaker_tokens:
            colon_quote(doc, sent, tok, raws)
            return
        speaker = doc[sent.start:tok.i]
        if speaker.text.lower().strip() in headline_labels():
            return
        if not _speaker_like(speaker) or any(t.pos_ in ("VERB",) and t.dep_ == "ROOT" for t in speaker):
            colon_quote(doc, sent, tok, raws)
            return
        # a verb cue before the colon ("He said: ...") already carries the statement; cues after
        # it are the speaker's own words ("MAYOR: They claim that ...")
        if any(r.cue[0] >= sent.start_char and r.cue[1] <= tok.idx and r.family != Family.ADVERBIAL for r in raws):
            return
        content = char_span(doc, tok.i + 1, sent.end)
        if content is None:
            return
        # the statement may continue over the following sentences of the paragraph
        end = content[1]
        para_end = text.find("\n\n", end)
        quote = quote_spans(text[content[0]:])[:1]
        # a statement that opens with a quotation (at most a mark and a space before it) runs to
        # the quotation's end
        if quote and quote[0][0] <= 2:
            end = max(end, content[0] + quote[0][1])
            if para_end != -1:
                end = min(end, para_end) if end > para_end and not text[content[0]] in "\"“" else end
        heads = [t for t in speaker if t.head.i < sent.start or t.head.i >= tok.i or t.head == t]
        head = heads[-1] if heads else speaker[-1]
        raws.append(Candidate(cue=(tok.idx, tok.idx + 1), content=(content[0], end),
                              source=char_span(doc, sent.start, tok.i), source_head=head.i, certainty="asserted",
                              family=Family.COLON, direct=text[content[0]] in "\"“", head=tok.i))
        return


def _speaker_like(speaker) -> bool:
    """Can the words before a colon be a speaker? A name (entity or proper noun), a short
    title-case phrase (title-case headlines defeat the tagger: "Trump: ..." tagged NOUN), or a
    source noun ("Poll:", "Newspaper:")."""
    named = any(t.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or t.pos_ == "PROPN" for t in speaker)
    titled = len(speaker) <= TITLED_SPEAKER_TOKENS and all(t.is_title or t.is_punct or not t.is_alpha for t in speaker)
    noun = speaker[-1].lemma_.lower() in source_nouns()
    return named or titled or noun


def colon_quote(doc, sent, colon, raws: list[Candidate]) -> None:
    """``He then listed his reasons: "..."``: a clause ending in a colon that opens a quotation.

    The colon is the cue, the quotation the content and the subject of the clause the source.
    """
    text = doc_text(doc)
    rest = text[colon.idx + 1:colon.idx + 1 + COLON_QUOTE_GAP].lstrip()
    if not rest or rest[0] not in "\"“":
        return
    start = text.index(rest[0], colon.idx + 1)
    quote = next(((s, e) for s, e in quote_spans(text[start:start + COLON_QUOTE_CHARS]) if s == 0), None)
    if quote is None:
        return
    content = (start, start + quote[1])
    if any(r.content[0] <= content[0] < r.content[1] for r in raws):
        return
    root = colon.head if colon.head.i < colon.i else sent.root
    subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    source = head = None
    if subj is not None and subj.i < colon.i and subj.pos_ in ("PRON", "PROPN", "NOUN"):
        source, head = char_span(doc, subj.left_edge.i, subj.right_edge.i + 1), subj.i
    raws.append(Candidate(cue=(colon.idx, colon.idx + 1), content=content, source=source, source_head=head,
                          certainty="asserted", family=Family.COLON, direct=True, head=colon.i))


def dash_quotes(doc, quotes, raws: list[Candidate], options: Options) -> None:
    """A quotation signed with a dash and a name, as in epigraphs, reader comments and vox pops:
    ``"We were never asked." ― Maria Lopez``. The dash is the cue, the name the source. Appends to
    ``raws`` (not for a quotation another candidate's content already holds)."""
    text = doc_text(doc)
    taken = [r.content for r in raws]
    for qs, qe in quotes:
        j = qe
        while j < len(text) and text[j] in " \t.,":
            j += 1
        dash = next((d for d in DASHES if text.startswith(d, j)), None)
        if dash is None or any(cs <= qs and qe <= ce for cs, ce in taken):
            continue
        k = j + len(dash)
        while k < len(text) and text[k] in " \t":
            k += 1
        span = doc.char_span(k, min(len(text), k + DASH_NAME_CHARS), alignment_mode="expand")
        if span is None:
            continue
        names = _name_tokens(span)
        if not names or len(names) > options.max_colon_speaker_tokens:
            continue
        source = (names[0].idx, names[-1].idx + len(names[-1].text))
        raws.append(Candidate(cue=(j, j + len(dash)), content=(qs, qe), source=source, source_head=names[-1].i,
                              certainty="asserted", family=Family.COLON, direct=True, head=doc.char_span(
                                  j, j + len(dash), alignment_mode="expand")[0].i))


def _name_tokens(span) -> list:
    """The title-case or proper-noun tokens a span opens with (initials and hyphens inside), up to
    a line break, without trailing punctuation."""
    names = []
    for t in span:
        if t.is_title or t.pos_ == "PROPN" or (names and t.text in ".'’-" and not t.whitespace_ == "\n"):
            names.append(t)
            if "\n" in t.whitespace_:
                break
        else:
            break
    while names and not names[-1].is_alpha:
        names.pop()
    return names
