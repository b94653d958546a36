# 法治问答 — set-up, index, serve, test. Every target works on a fresh machine.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
MODEL  := .cache/models/m3e-small/config.json
HOST   ?= 127.0.0.1
PORT   ?= 8000
EVAL   ?= ../shared/eval/dev_qa.jsonl
EXTRA  ?= ../shared/corpus_extra

.PHONY: setup run index serve test lint eval bench bench-full browser office clean

setup: $(STAMP) $(MODEL)

# torch first, pinned: a bare `torch` would pull a multi-GB CUDA build.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check torch==2.13.0
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

$(MODEL): $(STAMP)
	$(PY) -m qa fetch-model

# An index of an older format (after an upgrade) is rebuilt from the sample reports, which it holds.
index: setup
	$(PY) -m qa ingest data/reports || { echo "rebuilding the sample index"; $(PY) -m qa ingest data/reports --rebuild; }

run: index
	@echo
	@echo "Serving on http://$(HOST):$(PORT)/  — try:"
	@echo "  curl -s $(HOST):$(PORT)/v1/ask -H 'content-type: application/json' -d '{\"question\":\"东城街道行政诉讼出庭率\"}'"
	@echo
	$(PY) -m qa serve --host $(HOST) --port $(PORT)

serve: setup
	$(PY) -m qa serve --host $(HOST) --port $(PORT)

# Debian's Chromium (+ CJK fonts for readable screenshots) for the browser tests; needs root or sudo.
browser:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	elif command -v sudo >/dev/null; then sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	else echo "!!! cannot install chromium (no root, no sudo): the browser tests will be skipped"; fi

# LibreOffice (headless Writer) and the Noto CJK fonts, to print the PDF test documents; needs root or sudo.
office:
	@if command -v soffice >/dev/null && fc-list 2>/dev/null | grep -q "Noto Serif CJK SC"; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-writer-nogui fonts-noto-cjk >/dev/null; \
	elif command -v sudo >/dev/null; then sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-writer-nogui fonts-noto-cjk >/dev/null; \
	else echo "!!! cannot install LibreOffice (no root, no sudo): the PDF tests will be skipped"; fi

test: setup browser office
	$(PY) -m pytest -q

lint: setup
	$(VENV)/bin/ruff check qa embeddings api bot tests bench
	$(VENV)/bin/mypy

MORE   ?= ../shared/corpus_more

SHENZHEN ?= ../shared/corpus_shenzhen
VECTORS  ?= .cache/eval/vectors.sqlite
# The small sets on the samples + provincial reports; then the place and trap sets on every shared report
# (189 reports, ~28k passages: encoded once into $(VECTORS), later runs only re-parse). Held-out questions
# are summarised, never listed: pass --show-held to qa eval yourself when a round of tuning is over.
eval: setup
	$(PY) -m qa eval $(EVAL) eval/extra_qa.jsonl eval/facts_qa.jsonl --corpus data/reports $(if $(wildcard $(EXTRA)),--corpus $(EXTRA)) --vector-cache $(VECTORS) --verbose
	$(if $(wildcard $(SHENZHEN)),$(PY) -m qa eval eval/places_dev_qa.jsonl eval/places_fresh_qa.jsonl eval/places_provinces_qa.jsonl eval/places_blind_qa.jsonl eval/places_heldout_qa.jsonl eval/trap_qa.jsonl eval/lay_more_qa.jsonl eval/lay_dev_qa.jsonl eval/lay_fresh_qa.jsonl eval/places_more_qa.jsonl eval/lay_traps_qa.jsonl eval/places_traps_qa.jsonl eval/probes_qa.jsonl eval/provinces_traps_qa.jsonl eval/yesno_qa.jsonl eval/general_qa.jsonl eval/nonfig_fresh_qa.jsonl eval/fresh_a_qa.jsonl eval/fresh_b_qa.jsonl eval/fresh_c_qa.jsonl eval/places_new_qa.jsonl eval/fresh_d_qa.jsonl eval/lay_tune_a_qa.jsonl eval/lay_tune_b_qa.jsonl eval/lay_tune_c_qa.jsonl eval/calib_a_qa.jsonl eval/calib_b_qa.jsonl eval/calib_c_qa.jsonl eval/calib_d_qa.jsonl eval/calib_e_qa.jsonl eval/calib_f_qa.jsonl eval/calib_g_qa.jsonl eval/calib_h_qa.jsonl eval/calib_i_qa.jsonl eval/calib_j_qa.jsonl eval/calib_k_qa.jsonl eval/calib_l_qa.jsonl eval/heldout_qa.jsonl --corpus data/reports --corpus $(EXTRA) --corpus $(MORE) --corpus $(SHENZHEN) --vector-cache $(VECTORS) --verbose)

# Benchmarks print numbers (no assertions); results with the machine go to BENCHMARKS.md.
BENCH_INDEX := .cache/bench/index-100k
bench: setup office
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[bench]'
	$(PY) bench/encoder.py --trials 2 --sweep 8,16,32
	$(PY) bench/retrieval.py
	$(PY) bench/readers.py
	$(PY) bench/milvus.py
	$(PY) bench/scale.py --keep $(BENCH_INDEX) $(SCALE_ARGS)
	$(PY) bench/ann.py --sizes 1000000 --candidates
	$(PY) bench/load.py --duration 20
	$(PY) bench/load.py --index $(BENCH_INDEX) --uploads 0 --duration 20
	$(PY) bench/langchain_compare.py

bench-full:
	$(MAKE) bench SCALE_ARGS=--full

clean:
	rm -rf $(VENV) .cache data/index
