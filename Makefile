# Two commands set everything up: `make run` and `make test`.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: install run test index eval bench browser clean

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	# torch first, pinned: any other spec pulls several GB of CUDA wheels.
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

# Debian's Chromium for the browser tests (Playwright must never download its own), and the
# DejaVu font with Vietnamese glyphs that eval/generate_reports.py embeds in test PDFs.
browser:
	@{ command -v chromium >/dev/null 2>&1 && test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf; } || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
	  else echo "chromium or fonts-dejavu-core is missing: run 'sudo apt-get install -y chromium fonts-dejavu-core'"; exit 1; fi; }

index: install
	$(VENV)/bin/assistant index --if-stale

run: index
	$(VENV)/bin/assistant serve

# Quality gates, each at its measured level minus a small margin (2026-12-05, eighth session), so that a regression
# fails: test3 (150 questions never tuned on: answer 0.808, wrong 0.040, refusal 0.92), and the tuned-on splits
# (answer / wrong / refusal): test2 0.935 / 0.000 / 1.00, dev2 0.986 / 0.000 / 1.00, dev3 0.933 / 0.011 / 0.98,
# dev4 0.967 / 0.013 / 0.98, dev5 0.958 / 0.031 / 0.91, dev6 0.958 / 0.040 / 0.91, dev7 0.988 / 0.067 / 0.93,
# dev8 0.891 / 0.013 / 0.95, dev9 0.827 / 0.047 / 0.93, dev10 0.891 / 0.033 / 1.00, dev11 0.927 / 0.020 / 1.00,
# dev12 0.891 / 0.027 / 0.98, dev13 0.836 / 0.027 / 0.95, dev14 0.874 / 0.027 / 1.00, dev15 0.882 / 0.040 / 0.98,
# dev16 0.918 / 0.020 / 1.00, dev17 0.882 / 0.020 / 1.00, test 0.977 / 0.006 / 1.00.
# The targets (answer >= 0.95, wrong <= 0.02, refusal 1.00) are NOT met on the held-out test3.
GATE_TEST3 := --split test3 --min-answer 0.79 --max-wrong 0.05 --min-refusal 0.90
GATE_TEST2 := --split test2 --min-answer 0.91 --max-wrong 0.02 --min-refusal 0.95
GATE_DEV2  := --split dev2 --min-answer 0.95 --max-wrong 0.02 --min-refusal 0.95
GATE_DEV3  := --split dev3 --min-answer 0.90 --max-wrong 0.04 --min-refusal 0.95
GATE_DEV4  := --split dev4 --min-answer 0.94 --max-wrong 0.03 --min-refusal 0.95
GATE_DEV5  := --split dev5 --min-answer 0.93 --max-wrong 0.05 --min-refusal 0.88
GATE_DEV6  := --split dev6 --min-answer 0.93 --max-wrong 0.05 --min-refusal 0.88
GATE_DEV7  := --split dev7 --min-answer 0.96 --max-wrong 0.08 --min-refusal 0.90
GATE_DEV8  := --split dev8 --min-answer 0.87 --max-wrong 0.03 --min-refusal 0.92
GATE_DEV9  := --split dev9 --min-answer 0.80 --max-wrong 0.06 --min-refusal 0.90
GATE_DEV10 := --split dev10 --min-answer 0.87 --max-wrong 0.05 --min-refusal 0.95
GATE_DEV11 := --split dev11 --min-answer 0.90 --max-wrong 0.03 --min-refusal 0.95
GATE_DEV12 := --split dev12 --min-answer 0.87 --max-wrong 0.04 --min-refusal 0.95
GATE_DEV13 := --split dev13 --min-answer 0.81 --max-wrong 0.05 --min-refusal 0.90
GATE_DEV14 := --split dev14 --min-answer 0.85 --max-wrong 0.05 --min-refusal 0.97
GATE_DEV15 := --split dev15 --min-answer 0.86 --max-wrong 0.06 --min-refusal 0.95
GATE_DEV16 := --split dev16 --min-answer 0.89 --max-wrong 0.04 --min-refusal 0.97
GATE_DEV17 := --split dev17 --min-answer 0.86 --max-wrong 0.04 --min-refusal 0.97
GATE_TEST  := --split test --min-answer 0.95 --max-wrong 0.02 --min-refusal 0.95
# Every gate, in the order `make test` runs them (it stops at the first that fails).
GATES := TEST3 TEST2 DEV2 DEV3 DEV4 DEV5 DEV6 DEV7 DEV8 DEV9 DEV10 DEV11 DEV12 DEV13 DEV14 DEV15 DEV16 DEV17 TEST

# The index first: the test session seeds its own build from index/embeddings.sqlite instead of embedding twice.
test: install browser
	$(VENV)/bin/assistant index --if-stale
	$(VENV)/bin/python -m pytest
	$(foreach gate,$(GATES),$(VENV)/bin/assistant eval $(GATE_$(gate)) && ) true

eval: index
	$(VENV)/bin/assistant eval --split all

bench: index
	$(PY) eval/bench_retrieval.py
	$(PY) eval/bench_extraction.py
	$(PY) eval/bench_build.py

clean:
	rm -rf $(VENV) index/current index/build-* index/embeddings.sqlite
