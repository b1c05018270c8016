# Raadsassistent: the two commands that matter are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8501
# Listen on this machine only unless configured otherwise (make run ADDRESS=0.0.0.0).
ADDRESS ?= 127.0.0.1

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
	$(VENV)/bin/streamlit run app.py --server.address $(ADDRESS) --server.port $(PORT) --server.headless true

# Debian's Tesseract with the Dutch model for OCR of scanned pages and broken text layers.
ocr:
	@if ! command -v tesseract >/dev/null || ! tesseract --list-langs 2>/dev/null | grep -qx nld; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr tesseract-ocr-nld >/dev/null) \
	      || echo "Tesseract kon niet worden geïnstalleerd; gescande pagina's worden niet gelezen."; \
	  else echo "Geen root/apt: Tesseract niet geïnstalleerd; gescande pagina's worden niet gelezen."; fi; \
	fi

test: install browser ocr
	$(VENV)/bin/lint-imports
	$(PY) -m pytest -q

# Every gold set with its own corpus; `evals compare` prints them side by side. Sets marked
# frozen are never tuned on (see evals/gold/README.md); the gap to the tuning sets is printed.
WASSENAAR := RAADS_CORPUS_DIR=corpora/wassenaar RAADS_INDEX_DIR=.index-wassenaar
EVAL := $(PY) -m evals run --report reports
FROZEN := --frozen frozen --frozen wording --frozen wassenaar-frozen --frozen frozen2 --frozen wassenaar-frozen2 \
  --frozen frozen3 --frozen wassenaar-frozen3 --frozen frozen4 --frozen wassenaar-frozen4 \
  --frozen frozen5 --frozen wassenaar-frozen5 --frozen frozen6 --frozen wassenaar-frozen6 \
  --frozen frozen7 --frozen wassenaar-frozen7 --frozen frozen8 --frozen wassenaar-frozen8 \
  --frozen frozen9 --frozen wassenaar-frozen9 --frozen frozen10 --frozen wassenaar-frozen10 \
  --frozen frozen11 --frozen wassenaar-frozen11 --frozen frozen12 --frozen wassenaar-frozen12 \
  --frozen frozen13 --frozen wassenaar-frozen13 --frozen frozen14 --frozen wassenaar-frozen14 \
  --frozen frozen15 --frozen wassenaar-frozen15
eval: install
	@$(PY) -m ingest --check || $(PY) -m ingest
	@$(WASSENAAR) $(PY) -m ingest --check || $(WASSENAAR) $(PY) -m ingest
	$(EVAL) --gold evals/gold/dev.jsonl --baselines --json reports/dev.json
	$(EVAL) --gold evals/gold/main.jsonl --json reports/main.json
	$(EVAL) --gold evals/gold/wording-tune.jsonl --json reports/wording-tune.json
	$(EVAL) --gold evals/gold/frozen.jsonl --json reports/frozen.json
	$(EVAL) --gold evals/gold/wording.jsonl --json reports/wording.json
	$(EVAL) --gold evals/gold/frozen2.jsonl --json reports/frozen2.json
	$(EVAL) --gold evals/gold/frozen3.jsonl --json reports/frozen3.json
	$(EVAL) --gold evals/gold/wording-tune2.jsonl --json reports/wording-tune2.json
	$(EVAL) --gold evals/gold/computed-tune.jsonl --json reports/computed-tune.json
	$(EVAL) --gold evals/gold/frozen4.jsonl --json reports/frozen4.json
	$(EVAL) --gold evals/gold/wording-tune3.jsonl --json reports/wording-tune3.json
	$(EVAL) --gold evals/gold/frozen5.jsonl --json reports/frozen5.json
	$(EVAL) --gold evals/gold/frozen6.jsonl --json reports/frozen6.json
	$(EVAL) --gold evals/gold/frozen7.jsonl --json reports/frozen7.json
	$(EVAL) --gold evals/gold/mixed-tune4.jsonl --json reports/mixed-tune4.json
	$(EVAL) --gold evals/gold/frozen8.jsonl --json reports/frozen8.json
	$(EVAL) --gold evals/gold/mixed-tune5.jsonl --json reports/mixed-tune5.json
	$(EVAL) --gold evals/gold/frozen9.jsonl --json reports/frozen9.json
	$(EVAL) --gold evals/gold/mixed-tune6.jsonl --json reports/mixed-tune6.json
	$(EVAL) --gold evals/gold/abstain-tune.jsonl --json reports/abstain-tune.json
	$(EVAL) --gold evals/gold/frozen10.jsonl --json reports/frozen10.json
	$(EVAL) --gold evals/gold/mixed-tune7.jsonl --json reports/mixed-tune7.json
	$(EVAL) --gold evals/gold/frozen11.jsonl --json reports/frozen11.json
	$(EVAL) --gold evals/gold/mixed-tune8.jsonl --json reports/mixed-tune8.json
	$(EVAL) --gold evals/gold/frozen12.jsonl --json reports/frozen12.json
	$(EVAL) --gold evals/gold/mixed-tune9.jsonl --json reports/mixed-tune9.json
	$(EVAL) --gold evals/gold/frozen13.jsonl --json reports/frozen13.json
	$(EVAL) --gold evals/gold/mixed-tune10.jsonl --json reports/mixed-tune10.json
	$(EVAL) --gold evals/gold/frozen14.jsonl --json reports/frozen14.json
	$(EVAL) --gold evals/gold/mixed-tune11.jsonl --json reports/mixed-tune11.json
	$(EVAL) --gold evals/gold/frozen15.jsonl --json reports/frozen15.json
	$(EVAL) --gold evals/gold/mixed-tune12.jsonl --json reports/mixed-tune12.json
	$(WASSENAAR) $(EVAL) --gold evals/gold/wassenaar.jsonl --json reports/wassenaar.json
	$(WASSENAAR) $(EVAL) --gold evals/gold/wassenaar-tune2.jsonl --json reports/wassenaar-tune2.json
	$(WASSENAAR) $(EVAL) --gold evals/gold/wassenaar-frozen4.jsonl --json reports/wassenaar-frozen4.json
	$(WASSENAAR) $(EVAL) --gold evals/gold/wassenaar-frozen.jsonl --json reports/wassenaar-frozen.json
	$(WASSENAAR) $(EVAL) --gold evals/gold/wassenaar-frozen2.jsonl --json reports/wassenaar-frozen2.json
	$(WASSENAAR) $(EVAL) --gold evals/gold/wassenaar-frozen3.jsonl --json reports/wassenaar-frozen3.json
	$(WASSENAAR) $(EVAL) --gold evals/gold/wassenaar-tune3.jsonl --json reports/wassenaar-tune3.json
	$(WASSENAAR) $(EVAL) --gold evals/gold/wassenaar-frozen5.jsonl --json reports/wassenaar-frozen5.json
	$(WASSENAAR) $(EVAL) --gold evals/gold/wassenaar-frozen6.jsonl --json reports/wassenaar-frozen6.json
	$(WASSENAAR) $(EVAL) --gold evals/gold/wassenaar-frozen7.jsonl --json reports/wassenaar-frozen7.json
	$(WASSENAAR) $(EVAL) --gold evals/gold/wassenaar-tune4.jsonl --json reports/wassenaar-tune4.json
	$(WASSENAAR) $(EVAL) --gold evals/gold/wassenaar-frozen8.jsonl --json reports/wassenaar-frozen8.json
	$(WASSENAAR) $(EVAL) --gold evals/gold/wassenaar-tune5.jsonl --json reports/wassenaar-tune5.json
	$(WASSENAAR) $(EVAL) --gold evals/gold/wassenaar-frozen9.jsonl --json reports/wassenaar-frozen9.json
	$(WASSENAAR) $(EVAL) --gold evals/gold/wassenaar-tune6.jsonl --json reports/wassenaar-tune6.json
	$(WASSENAAR) $(EVAL) --gold evals/gold/wassenaar-frozen10.jsonl --json reports/wassenaar-frozen10.json
	$(WASSENAAR) $(EVAL) --gold evals/gold/wassenaar-tune7.jsonl --json reports/wassenaar-tune7.json
	$(WASSENAAR) $(EVAL) --gold evals/gold/wassenaar-frozen11.jsonl --json reports/wassenaar-frozen11.json
	$(WASSENAAR) $(EVAL) --gold evals/gold/wassenaar-tune8.jsonl --json reports/wassenaar-tune8.json
	$(WASSENAAR) $(EVAL) --gold evals/gold/wassenaar-frozen12.jsonl --json reports/wassenaar-frozen12.json
	$(WASSENAAR) $(EVAL) --gold evals/gold/wassenaar-tune9.jsonl --json reports/wassenaar-tune9.json
	$(WASSENAAR) $(EVAL) --gold evals/gold/wassenaar-frozen13.jsonl --json reports/wassenaar-frozen13.json
	$(WASSENAAR) $(EVAL) --gold evals/gold/wassenaar-tune10.jsonl --json reports/wassenaar-tune10.json
	$(WASSENAAR) $(EVAL) --gold evals/gold/wassenaar-frozen14.jsonl --json reports/wassenaar-frozen14.json
	$(WASSENAAR) $(EVAL) --gold evals/gold/wassenaar-tune11.jsonl --json reports/wassenaar-tune11.json
	$(WASSENAAR) $(EVAL) --gold evals/gold/wassenaar-frozen15.jsonl --json reports/wassenaar-frozen15.json
	$(WASSENAAR) $(EVAL) --gold evals/gold/wassenaar-tune12.jsonl --json reports/wassenaar-tune12.json
	$(PY) -m evals compare $(FROZEN) reports/dev.json reports/main.json reports/wording-tune.json \
	  reports/wording-tune2.json reports/computed-tune.json reports/wassenaar.json \
	  reports/wassenaar-tune2.json reports/frozen.json reports/wording.json \
	  reports/wassenaar-frozen.json reports/frozen2.json reports/wassenaar-frozen2.json \
	  reports/frozen3.json reports/wassenaar-frozen3.json reports/frozen4.json \
	  reports/wassenaar-frozen4.json reports/wording-tune3.json reports/wassenaar-tune3.json \
	  reports/frozen5.json reports/wassenaar-frozen5.json reports/frozen6.json \
	  reports/frozen7.json reports/wassenaar-frozen7.json reports/mixed-tune4.json \
	  reports/wassenaar-tune4.json reports/frozen8.json reports/mixed-tune5.json \
	  reports/wassenaar-frozen8.json reports/wassenaar-tune5.json \
	  reports/wassenaar-frozen6.json reports/frozen9.json reports/mixed-tune6.json \
	  reports/abstain-tune.json reports/wassenaar-frozen9.json reports/wassenaar-tune6.json \
	  reports/frozen10.json reports/mixed-tune7.json reports/wassenaar-frozen10.json \
	  reports/wassenaar-tune7.json reports/frozen11.json reports/mixed-tune8.json \
	  reports/wassenaar-frozen11.json reports/wassenaar-tune8.json reports/frozen12.json \
	  reports/mixed-tune9.json reports/wassenaar-frozen12.json reports/wassenaar-tune9.json \
	  reports/frozen13.json reports/mixed-tune10.json reports/wassenaar-frozen13.json \
	  reports/wassenaar-tune10.json reports/frozen14.json reports/mixed-tune11.json \
	  reports/wassenaar-frozen14.json reports/wassenaar-tune11.json reports/frozen15.json \
	  reports/mixed-tune12.json reports/wassenaar-frozen15.json reports/wassenaar-tune12.json

# Tuning sets only (what you may look at while working).
eval-tune: install
	@$(PY) -m ingest --check || $(PY) -m ingest
	$(EVAL) --gold evals/gold/dev.jsonl --json reports/dev.json
	$(EVAL) --gold evals/gold/main.jsonl --json reports/main.json
	$(EVAL) --gold evals/gold/wording-tune.jsonl --json reports/wording-tune.json
	$(EVAL) --gold evals/gold/wording-tune2.jsonl --json reports/wording-tune2.json
	$(EVAL) --gold evals/gold/computed-tune.jsonl --json reports/computed-tune.json
	$(EVAL) --gold evals/gold/wording-tune3.jsonl --json reports/wording-tune3.json
	$(PY) -m evals compare reports/dev.json reports/main.json reports/wording-tune.json \
	  reports/wording-tune2.json reports/computed-tune.json reports/wording-tune3.json

bench: install
	@$(PY) -m ingest --check || $(PY) -m ingest
	$(PY) bench/ingest_speed.py
	$(PY) bench/load.py

lint: install
	$(VENV)/bin/ruff check .

screenshots: install browser
	$(PY) scripts/screenshots.py

clean:
	rm -rf .index .index-wassenaar .cache reports
