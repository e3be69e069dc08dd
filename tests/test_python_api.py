"""``sourcetrace.analyze``: one input (a path, URL or '-', or text=/html=), a typed Ledger out."""

from __future__ import annotations

from pathlib import Path

import pytest

import sourcetrace
from sourcetrace.errors import SourcetraceError
from sourcetrace.ledger import Ledger, validate
from sourcetrace.pipeline import AnalyzeOptions, analyze_input

REPO = Path(__file__).resolve().parents[1]
STORY = ("Ferry service to Orrin Island resumes\n\n"
         "The ferry to Orrin Island will run again from Monday, the harbour office said on Friday. "
         "\"We have replaced both engines,\" said Tomas Berg, the ferry's captain. "
         "Islanders reportedly waited three weeks for the repairs.")


def test_a_path_gives_the_ledger_the_cli_prints(nlp):
    path = REPO / "examples" / "harbour_fire.txt"
    ledger = sourcetrace.analyze(path, published="2025-03-14", nlp=nlp)
    assert isinstance(ledger, Ledger)
    assert ledger.to_dict() == analyze_input(str(path), AnalyzeOptions(published="2025-03-14"), nlp=nlp)
    validate(ledger.to_dict())


def test_text_and_the_same_text_in_a_file_give_the_same_ledger(tmp_path, nlp):
    path = tmp_path / "ferry.txt"
    path.write_text(STORY, encoding="utf-8")
    from_text = sourcetrace.analyze(text=STORY, published="2025-06-06", nlp=nlp)
    assert from_text == sourcetrace.analyze(str(path), published="2025-06-06", nlp=nlp)
    assert from_text.title == "Ferry service to Orrin Island resumes"
    assert any(a.source and a.source.text.startswith("Tomas Berg") for a in from_text.attributions)
    named = sourcetrace.analyze(text=STORY, title="Given title", id="ferry-1", url="https://example.org/f", nlp=nlp)
    assert (named.id, named.url) == ("ferry-1", "https://example.org/f")
    assert named.title == "Given title" and named.text.startswith("Ferry service")  # the first line stays text


def test_html_is_extracted_like_a_page(nlp):
    html = ("<html><head><title>Ferry returns</title></head><body><article><h1>Ferry returns</h1>"
            "<p>The ferry to Orrin Island will run again from Monday, the harbour office said on Friday.</p>"
            "</article></body></html>")
    ledger = sourcetrace.analyze(html=html, nlp=nlp)
    assert ledger.title == "Ferry returns" and "harbour office said" in ledger.text
    assert [a.cue.text for a in ledger.attributions] == ["said"]


def test_text_given_as_text_is_never_read_as_a_path(tmp_path, monkeypatch, nlp):
    monkeypatch.chdir(tmp_path)
    Path("notes.txt").write_text("The mayor said the tunnel is unsafe.", encoding="utf-8")
    ledger = sourcetrace.analyze(text="notes.txt", check_language=False, nlp=nlp)
    assert ledger.text == "notes.txt"


def test_a_string_argument_is_a_path_and_text_there_is_a_numbered_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SourcetraceError) as err:
        sourcetrace.analyze("The mayor said the tunnel is unsafe.")
    assert err.value.code == "E001"  # no such file: nothing was read
    with pytest.raises(SourcetraceError) as err:
        sourcetrace.analyze("The mayor said the tunnel is unsafe.\nShe added that it would close.")
    assert err.value.code == "E038" and "analyze(text=" in err.value.message
    with pytest.raises(SourcetraceError) as err:
        sourcetrace.analyze("x" * 5000)
    assert err.value.code == "E038"


def test_exactly_one_input_and_checked_options():
    with pytest.raises(TypeError):
        sourcetrace.analyze()
    with pytest.raises(TypeError):
        sourcetrace.analyze("a.txt", text="The mayor said so.")
    with pytest.raises(TypeError):
        sourcetrace.analyze(text="The mayor said so.", html="<p>The mayor said so.</p>")
    for bad in ("2025-13-01", "14 March 2025", "2025-3-1"):
        with pytest.raises(SourcetraceError) as err:
            sourcetrace.analyze(text=STORY, published=bad)
        assert err.value.code == "E012"
    with pytest.raises(SourcetraceError) as err:
        sourcetrace.analyze(text=STORY, max_bytes=100)
    assert err.value.code == "E006"
    with pytest.raises(SourcetraceError) as err:
        sourcetrace.analyze(text="Der Bürgermeister sagte am Freitag, der alte Tunnel unter dem Fluss sei unsicher. "
                                 "Er werde deshalb im Sommer für mehrere Monate geschlossen und danach erneuert, "
                                 "teilte die Stadtverwaltung mit. Die Anwohner kritisieren die Pläne seit Wochen.")
    assert err.value.code == "E005"
