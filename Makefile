# docqa — the two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
DOCQA  := $(VENV)/bin/docqa
STAMP  := $(VENV)/.installed

.PHONY: install ocr run test browser eval bench bench-scale robustness train-reader clean

install: $(STAMP) ocr

# Tesseract with Japanese (horizontal and vertical) for scanned PDFs, from Debian when root;
# without it scanned pages are reported with how to install it, and the OCR tests skip.
OCR_PACKAGES := tesseract-ocr tesseract-ocr-jpn tesseract-ocr-jpn-vert
ocr:
	@{ command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx jpn_vert; } || { \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(OCR_PACKAGES) >/dev/null) \
	      || echo "note: could not install Tesseract; scanned PDFs will not be OCR'd and the OCR tests will be skipped"; \
	  else echo "note: Tesseract not installed and cannot install it here (apt-get install $(OCR_PACKAGES)); the OCR tests will be skipped"; fi; }

# torch is pinned first: an unpinned torch would pull gigabytes of CUDA packages.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Debian's Chromium for the end-to-end browser tests, and axe-core (npm, into the git-ignored
# .node/) for their accessibility checks; the tests skip with a reason if either fails.
AXE_VERSION := 4.10.3
AXE := .node/node_modules/axe-core/axe.min.js

browser: $(AXE)
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-ipafont-gothic >/dev/null) \
	      || echo "note: could not install chromium; browser tests will be skipped"; \
	  else echo "note: chromium not installed and cannot install it here; browser tests will be skipped"; fi; }

$(AXE):
	@command -v npm >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; fi; } \
	  || echo "note: npm not available; the accessibility checks will be skipped"
	@npm install --silent --no-save --no-package-lock --no-audit --no-fund --prefix .node axe-core@$(AXE_VERSION) \
	  || echo "note: could not install axe-core; the accessibility checks will be skipped"

run: install
	$(DOCQA) ingest
	$(DOCQA) serve

test: install browser
	$(PY) -m pytest

eval: install
	$(DOCQA) eval

bench: install
	$(PY) eval/bench/bench_ingest.py
	$(PY) eval/bench/bench_query.py

# Synthetic archives of 10k, 100k and 1M chunks (about an hour and 10 GB under eval/bench/out/).
bench-scale: install
	$(PY) eval/bench/bench_scale.py

# Every bad ingest input (the heavy ones too), SIGKILLed ingests, and the fuzz and soak
# results when present -> eval/reports/robustness.md (a few minutes).
robustness: install
	$(PY) -m eval.robustness

# The reader's models from JaQuAD (../shared/external/jaquad), seeded; about 20 minutes on two cores.
# Writes assistant/answer/reader/model/ (three LightGBM text models, meta.json, MODEL_CARD.md).
train-reader: install
	$(PY) -m assistant.answer.reader.train

clean:
	rm -rf .docqa .pytest_cache
