"""The command line: output formats, schema-valid JSON, numbered errors without tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sourcetrace.cli import main
from sourcetrace.ledger import validate

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "harbour_fire.txt"


def test_analyze_json_is_schema_valid(tmp_path, capsys):
    out = tmp_path / "out.json"
    assert main(["analyze", str(EXAMPLE), "--format", "json", "--published", "2025-03-14", "-o", str(out)]) == 0
    ledger = json.loads(out.read_text())
    validate(ledger)
    assert ledger["schema"] == "sourcetrace.article/1"
    assert ledger["title"].startswith("Harbour Warehouse Fire")
    for a in ledger["attributions"]:
        for role in ("cue", "content", "source"):
            part = a.get(role)
            if part:
                s, e = part["span"]
                assert ledger["text"][s:e] == part["text"]
    assert any(e["type"] == "MEDIA" for e in ledger["entities"])
    assert any(q["kind"] == "money" and q["low"] == 12000 and q["high"] == 15000 for q in ledger["quantities"])
    assert ledger["removed"]


def test_analyze_text_and_html(tmp_path):
    assert main(["analyze", str(EXAMPLE), "--format", "html", "-o", str(tmp_path / "r.html")]) == 0
    assert "<html" in (tmp_path / "r.html").read_text()
    assert main(["analyze", str(EXAMPLE), "--format", "text", "-o", str(tmp_path / "r.txt")]) == 0
    assert "Who says what" in (tmp_path / "r.txt").read_text()


def test_info_json(capsys):
    assert main(["info", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["model"]["name"] and info["model"]["version"] and info["model"]["path"]
    assert info["version"]


def _run(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "sourcetrace.cli", *args], capture_output=True, text=True,
                          input=stdin, timeout=120)


def _put(path, data):
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("make,code", [
    (lambda d: str(d / "missing.txt"), "E001"),
    (lambda d: _put(d / "b.txt", b"\x00\x01\x02PK\x03\x04" * 50), "E003"),
    (lambda d: _put(d / "e.txt", "Share this:\nAdvertisement\n"), "E004"),
    (lambda d: _put(d / "f.txt",
        "Die Regierung hat am Mittwoch ein neues Gesetz vorgestellt, das die Mieten in den großen Städten "
        "begrenzen soll. Kritiker sagen, dass die Regelung zu spät komme und zu wenig bewirke."), "E005"),
    (lambda d: _put(d / "big.txt", "word " * 3000), "E006"),
    (lambda d: "http://127.0.0.1:9/nothing-listens-here", "E007"),
])
def test_error_paths(tmp_path, make, code):
    target = make(tmp_path)
    r = _run("analyze", target, "--max-bytes", "10000", "--timeout", "3")
    assert r.returncode != 0
    assert r.stderr.startswith(f"[{code}]"), r.stderr
    assert "Traceback" not in r.stderr


def test_bad_published_date():
    r = _run("analyze", str(EXAMPLE), "--published", "14/03/2025")
    assert r.returncode != 0 and r.stderr.startswith("[E012]")


def test_stdin_input():
    r = _run("analyze", "-", "--format", "json", stdin=EXAMPLE.read_text())
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["attributions"]


def test_unwritable_output(tmp_path):
    r = _run("analyze", str(EXAMPLE), "-o", str(tmp_path / "no" / "such" / "dir" / "x.json"))
    assert r.returncode != 0 and r.stderr.startswith("[E014]")
