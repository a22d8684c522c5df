# Two commands are all a student needs: `make serve` and `make test`.
# Both create .venv on first use and install minichain with everything the
# course and its tests use; later runs reinstall only when pyproject.toml changes.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8000
export NO_MKDOCS_2_WARNING := 1

# `make class`: JupyterHub's proxy, configurable-http-proxy, comes from npm into .venv/hub.
PROXY       := configurable-http-proxy@5.3.0
PROXY_BIN   := $(VENV)/hub/node_modules/.bin/configurable-http-proxy
CLASS_DIR   ?= build/class
CLASS_PORT  ?= 8100
STUDENTS    ?= 3

.PHONY: install test lint serve build bench clean mermaid axe class class-stop lite

# The terminal's gettext catalogues (minichain/locale/*/LC_MESSAGES/minichain.po): pip's
# build compiles each .mo (setup.py); this recompiles one whose .po changed since.
CATALOGUES := $(wildcard minichain/locale/*/LC_MESSAGES/minichain.po)

install: $(STAMP) $(CATALOGUES:.po=.mo)

%.mo: %.po $(STAMP)
	$(BIN)/python -m minichain.terminal.catalogue compile

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "minichain needs Python 3.10 or newer")'
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	@# The distribution was called "minichain" before (the name of an unrelated PyPI project).
	@$(BIN)/python -m pip uninstall --quiet --yes minichain 2>/dev/null || true
	$(BIN)/python -m pip install --quiet -e '.[course,dev,hub]'
	@# JupyterHub's proxy (npm). Without Node.js only `make class` and its test go without.
	@if command -v npm >/dev/null; then \
	  mkdir -p $(VENV)/hub && npm install --silent --no-save --no-package-lock \
	    --prefix $(VENV)/hub '$(PROXY)'; \
	elif [ -n "$$CI" ]; then echo "npm is missing; CI needs it (apt-get install nodejs npm)" >&2; exit 1; \
	else echo "note: npm not found: \`make class\` needs it (sudo apt-get install nodejs npm)"; fi
	@# Optional: libsecp256k1 for the interoperability tests. CI must have it.
	@$(BIN)/python -m pip install --quiet -e '.[fast]' || { \
	  if [ -n "$$CI" ]; then echo "coincurve failed to install; CI needs it" >&2; exit 1; fi; \
	  echo "note: coincurve (libsecp256k1) did not install; its tests will be skipped"; }
	@touch $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check minichain tests bench exercises hooks course/examples course/zh/examples
	$(BIN)/ruff format --check minichain tests bench exercises hooks course/examples course/zh/examples
	$(BIN)/mypy

# Two test processes (pytest-xdist), each taking whole test files: the slow files (the
# browser, the hostile class, the hub) wait mostly on Chromium, nbgrader and JupyterHub.
TEST_JOBS ?= 2
test: lint $(CATALOGUES:.po=.mo)
	$(BIN)/minichain course check
	$(BIN)/python -m pytest -n $(TEST_JOBS) --dist loadfile

# Both editions of the site: English in site/, Chinese in site/zh/ (mkdocs.zh.yml, built by
# hooks/translations.py with the English one); `make serve` serves both, /zh/ for Chinese.
# The site's hook (hooks/lite.py) copies the browser notebooks in as site/lite/; `lite`
# builds them first so that its downloads and messages come before mkdocs' own.
build: lite
	$(BIN)/mkdocs build --strict

serve: lite
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:$(PORT)

# The exercise notebooks in the browser: JupyterLite with the Pyodide kernel, offline
# (minichain/course/lite.py). The first run fetches Pyodide with npm and the wheels pinned
# in lite/requirements.txt with pip, into build/lite/downloads; then it needs no network,
# and a run whose inputs have not changed returns at once.
lite: $(STAMP)
	$(BIN)/python -m minichain.course.lite

# A class on JupyterHub on this machine (127.0.0.1 only): an instructor and $(STUDENTS)
# students, nbgrader's exchange in $(CLASS_DIR)/exchange. Ctrl-C or `make class-stop` stops it.
class: $(STAMP)
	$(BIN)/minichain course class --folder '$(CLASS_DIR)' --port $(CLASS_PORT) --students $(STUDENTS)

class-stop: $(STAMP)
	$(BIN)/minichain course class --folder '$(CLASS_DIR)' --stop

bench: $(STAMP)
	$(BIN)/python -m bench

# Mermaid (the diagrams) ships with the site, so it works offline and where public
# CDNs are blocked: course/assets/mermaid holds dist/mermaid.min.js of the npm
# package, its MIT licence and its version. Refresh it (needs npm) with
#   make mermaid                      # the newest 11.x
#   make mermaid MERMAID=mermaid@11.17.2
MERMAID     ?= mermaid@11
MERMAID_DIR := course/assets/mermaid

mermaid:
	rm -rf build/mermaid && mkdir -p build/mermaid
	cd build/mermaid && npm pack --silent '$(MERMAID)' > tarball.txt
	tar -xzf build/mermaid/$$(cat build/mermaid/tarball.txt) -C build/mermaid
	cp build/mermaid/package/dist/mermaid.min.js build/mermaid/package/LICENSE $(MERMAID_DIR)/
	$(PYTHON) -c 'import json, sys; print(json.load(open(sys.argv[1]))["version"])' \
	  build/mermaid/package/package.json > $(MERMAID_DIR)/VERSION
	@echo "mermaid $$(cat $(MERMAID_DIR)/VERSION) is in $(MERMAID_DIR)"

# axe-core (accessibility rules) is vendored for the browser tests the same way, in
# tests/vendor/axe-core: axe.min.js of the npm package, its MPL-2.0 licence, its version.
#   make axe                          # the newest 4.x
AXE     ?= axe-core@4
AXE_DIR := tests/vendor/axe-core

axe:
	rm -rf build/axe && mkdir -p build/axe $(AXE_DIR)
	cd build/axe && npm pack --silent '$(AXE)' > tarball.txt
	tar -xzf build/axe/$$(cat build/axe/tarball.txt) -C build/axe
	cp build/axe/package/axe.min.js build/axe/package/LICENSE $(AXE_DIR)/
	$(PYTHON) -c 'import json, sys; print(json.load(open(sys.argv[1]))["version"])' \
	  build/axe/package/package.json > $(AXE_DIR)/VERSION
	@echo "axe-core $$(cat $(AXE_DIR)/VERSION) is in $(AXE_DIR)"

clean:
	rm -rf $(VENV) site .pytest_cache .mypy_cache .ruff_cache .hypothesis
