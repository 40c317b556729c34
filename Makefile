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

# Quality gates, each at its honestly measured level minus a small margin (2026-11-30), so that a
# regression fails: test2 (113 questions never tuned on: answer 0.667, wrong 0.142, refusal 0.80) and
# test (154 questions, tuned on since 2026-11-30: answer 0.917, wrong 0.039, refusal 0.952).
# The targets (answer >= 0.95, wrong <= 0.02, refusal 1.00) are NOT met on test2.
GATE_TEST2 := --split test2 --min-answer 0.64 --max-wrong 0.16 --min-refusal 0.75
GATE_TEST  := --split test --min-answer 0.89 --max-wrong 0.05 --min-refusal 0.90

# The index first: the test session seeds its own build from index/embeddings.sqlite instead of embedding twice.
test: install browser
	$(VENV)/bin/assistant index --if-stale
	$(VENV)/bin/python -m pytest
	$(VENV)/bin/assistant eval $(GATE_TEST2)
	$(VENV)/bin/assistant eval $(GATE_TEST)

eval: index
	$(VENV)/bin/assistant eval --split all

bench: index
	$(PY) eval/bench_retrieval.py
	$(PY) eval/bench_extraction.py
	$(PY) eval/bench_build.py

clean:
	rm -rf $(VENV) index/current index/build-* index/embeddings.sqlite
