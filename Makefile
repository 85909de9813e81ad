# confkb: build the conference knowledge base. `make help` lists the targets.
PYTHON      ?= $(shell command -v python3.11 || command -v python3)
VENV        ?= .venv
SOURCES     ?= sources
BUILDDIR    ?= _build
SPHINXOPTS  ?= -W --keep-going -j auto
SPHINXBUILD  = $(VENV)/bin/python -m sphinx
BENCH_SIZES ?= 100 500 1000
BENCH_TRACKS_SIZES ?= 500 1000
BENCH_REPEAT ?= 1
BENCH_BASELINE ?=
export CONFKB_SOURCES := $(abspath $(SOURCES))

.DEFAULT_GOAL := help
.PHONY: help html archive test test-slow lint linkcheck linkreport livehtml clean check bench bench-archive

## help       this list
help:
	@sed -n 's/^## //p' $(MAKEFILE_LIST)

# The virtualenv is (re)made when missing or when a requirements file changes.
$(VENV)/.installed: requirements.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "ERROR: $(PYTHON) not found (set PYTHON=...)"; exit 2; }
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(VENV)/bin/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

## html       build the site into _build/html (SOURCES=DIR to build another sources folder)
html: $(VENV)/.installed
	$(SPHINXBUILD) -b html $(SPHINXOPTS) -c . -d $(BUILDDIR)/doctrees docs $(BUILDDIR)/html
	@echo "Open $(abspath $(BUILDDIR))/html/index.html"

## archive    build every event of SOURCES with the real programmes of tests/data/schedules as one site
##            (_build/archive/html)
archive: $(VENV)/.installed
	$(VENV)/bin/python tools/archive_sources.py $(BUILDDIR)/archive/sources --sources $(SOURCES) \
	  --docs $(BUILDDIR)/archive/docs
	CONFKB_SOURCES=$(abspath $(BUILDDIR)/archive/sources) $(SPHINXBUILD) -b html $(SPHINXOPTS) -c . \
	  -d $(BUILDDIR)/archive/doctrees $(BUILDDIR)/archive/docs $(BUILDDIR)/archive/html
	@echo "Open $(abspath $(BUILDDIR))/archive/html/index.html"

## check      print every data problem in the sources (exit 1 on errors)
check: $(VENV)/.installed
	$(VENV)/bin/python -m tools.confkb check --sources $(SOURCES)

## test       run the fast tests (about a minute)
test: $(VENV)/.installed-dev
	$(VENV)/bin/python -m pytest -m "not slow"

## test-slow  run the slow tests: whole-site builds, the browser, scale (CI runs them too)
test-slow: $(VENV)/.installed-dev
	$(VENV)/bin/python -m pytest -m slow

## linkcheck  check every external URL the site references
linkcheck: $(VENV)/.installed
	$(SPHINXBUILD) -b linkcheck -c . -d $(BUILDDIR)/doctrees docs $(BUILDDIR)/linkcheck

## linkreport copy the last linkcheck verdicts to docs/_data/ (commit it: the Links page shows it)
linkreport:
	mkdir -p docs/_data && cp $(BUILDDIR)/linkcheck/verdicts.json docs/_data/linkcheck-report.json

## lint       ruff on the code and tests
lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check tools tests benchmarks conf.py

## livehtml   rebuild and reload in the browser while you edit
livehtml: $(VENV)/.installed-dev
	$(VENV)/bin/sphinx-autobuild -c . docs $(BUILDDIR)/html --ignore "*.tmp" --ignore "*/.confkb-generated"

## bench      time builds of synthetic sites (BENCH_SIZES, BENCH_TRACKS_SIZES, BENCH_REPEAT; BENCH_BASELINE=REV compares)
bench: $(VENV)/.installed-dev
	$(VENV)/bin/python benchmarks/bench.py --sizes $(BENCH_SIZES) --tracks-sizes $(BENCH_TRACKS_SIZES) \
	  --repeat $(BENCH_REPEAT) $(if $(BENCH_BASELINE),--baseline $(BENCH_BASELINE))

## bench-archive  time the real archive (make archive's site): furo against basic, the largest event's pages
##            at phone width (BENCH_REPEAT)
bench-archive: $(VENV)/.installed-dev
	$(VENV)/bin/python benchmarks/archive_bench.py --repeat $(BENCH_REPEAT)

## clean      remove build output and generated pages
clean:
	rm -rf $(BUILDDIR)
	-test -f docs/.confkb-generated && (cd docs && xargs rm -f < .confkb-generated) && rm -f docs/.confkb-generated
