# Raadsassistent: the two commands that matter are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8501

.PHONY: install run test ingest eval bench lint browser ocr screenshots clean

install: $(STAMP)

# torch is pinned to the CPU wheel on local disk (an unpinned torch pulls a multi-GB CUDA build).
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Debian's Chromium for the end-to-end browser test (no browser downloads by Playwright).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "Chromium kon niet worden geïnstalleerd; de browsertest wordt overgeslagen."; \
	  else echo "Geen root/apt: Chromium niet geïnstalleerd; de browsertest wordt overgeslagen."; fi; \
	fi

ingest: install ocr
	$(PY) -m ingest

run: install ocr
	@$(PY) -m ingest --check || $(PY) -m ingest || echo "Let op: niet alle documenten konden worden ingelezen (zie hierboven)."
	$(VENV)/bin/streamlit run app.py --server.port $(PORT) --server.headless true

# Debian's Tesseract with the Dutch model for OCR of scanned pages and broken text layers.
ocr:
	@if ! command -v tesseract >/dev/null || ! tesseract --list-langs 2>/dev/null | grep -qx nld; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr tesseract-ocr-nld >/dev/null) \
	      || echo "Tesseract kon niet worden geïnstalleerd; gescande pagina's worden niet gelezen."; \
	  else echo "Geen root/apt: Tesseract niet geïnstalleerd; gescande pagina's worden niet gelezen."; fi; \
	fi

test: install browser ocr
	$(PY) -m pytest -q

eval: install
	@$(PY) -m ingest --check || $(PY) -m ingest
	$(PY) -m evals run --gold evals/gold/dev.jsonl --baselines --report reports --json reports/dev.json
	$(PY) -m evals run --gold evals/gold/main.jsonl --baselines --report reports --json reports/main.json

bench: install
	@$(PY) -m ingest --check || $(PY) -m ingest
	$(PY) bench/ingest_speed.py
	$(PY) bench/load.py

lint: install
	$(VENV)/bin/ruff check .

screenshots: install browser
	$(PY) scripts/screenshots.py

clean:
	rm -rf .index .cache reports
