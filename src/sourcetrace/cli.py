"""The command line: thin wrappers that map flags onto options objects and print results.

User mistakes print one numbered line (``[E0xx] ...``) on stderr and exit non-zero, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys

from . import __version__
from .errors import SourcetraceError
from .ingest import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT


def _cmd_analyze(args) -> int:
    from .pipeline import AnalyzeOptions, analyze_input, check_published

    if args.published is not None:
        check_published(args.published)
    options = AnalyzeOptions(published=args.published, url=args.url, max_bytes=args.max_bytes,
                             timeout=args.timeout, check_language=not args.no_language_check)
    ledger = analyze_input(args.input, options)
    if args.format == "json":
        out = json.dumps(ledger, ensure_ascii=False, indent=2) + "\n"
    elif args.format == "html":
        from .report.html import render_html

        out = render_html(ledger)
    else:
        from .report.text import render_text

        if args.output in (None, "-"):
            out = render_text(ledger, color=sys.stdout.isatty())
        else:
            out = render_text(ledger, color=False)
    _write(out, args.output)
    return 0


def _write(text: str, path: str | None) -> None:
    if path in (None, "-"):
        sys.stdout.write(text)
        return
    try:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
    except OSError as err:
        raise SourcetraceError("E014", path=path, reason=err.strerror or str(err)) from err


def _cmd_info(args) -> int:
    import platform

    from .nlp import model_info

    info = {"version": __version__, "python": platform.python_version()}
    try:
        m = model_info()
        info["model"] = {"name": m.name, "version": m.version, "path": m.path}
        info["spacy"] = m.spacy_version
        info["pipes"] = list(m.pipes)
    except SourcetraceError as err:
        info["model"] = {"name": None, "version": None, "path": None, "error": err.message}
    if args.json:
        print(json.dumps(info, indent=2))
    else:
        for k, v in info.items():
            print(f"{k}: {v}")
    return 0 if info["model"].get("name") else 3


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="sourcetrace", description="Claim ledgers for news: who says so, on whose authority, how firmly.")
    p.add_argument("--version", action="version", version=f"sourcetrace {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    a = sub.add_parser("analyze", help="analyze one article into a claim ledger")
    a.add_argument("input", help="a .txt, .html/.htm(.gz) file, an http(s) URL, or '-' for stdin")
    a.add_argument("--format", choices=("json", "text", "html"), default="text")
    a.add_argument("--published", help="publication date YYYY-MM-DD (resolves 'January 10', 'yesterday')")
    a.add_argument("--url", help="the article's URL, recorded in the ledger")
    a.add_argument("-o", "--output", help="write to this file instead of standard output")
    a.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, help="refuse larger inputs (default 5 MB)")
    a.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="URL fetch timeout in seconds")
    a.add_argument("--no-language-check", action="store_true", help="skip the English-language check")
    a.set_defaults(func=_cmd_analyze)

    i = sub.add_parser("info", help="versions and the spaCy model in use")
    i.add_argument("--json", action="store_true")
    i.set_defaults(func=_cmd_info)

    # every command group is imported unguarded: none needs an optional dependency to register (Ray,
    # scikit-learn and pandas are imported when a command runs, with a numbered error naming the extra),
    # so a broken import fails loudly instead of silently removing commands
    from .corpus_cli import register as register_corpus
    from .evaluate.cli import register as register_eval
    from .train.cli import register as register_train
    from .web.cli import register as register_serve

    register_eval(sub)
    register_corpus(sub)
    register_train(sub)
    register_serve(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except SourcetraceError as err:
        print(err.message, file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
