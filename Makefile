# Two commands are all a student needs: `make serve` and `make test`.
# Both create .venv on first use and install minichain with everything the
# course and its tests use; later runs reinstall only when pyproject.toml changes.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: install test lint serve build bench clean mermaid axe

install: $(STAMP)

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "minichain needs Python 3.10 or newer")'
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[course,dev]'
	@# Optional: libsecp256k1 for the interoperability tests. CI must have it.
	@$(BIN)/python -m pip install --quiet -e '.[fast]' || { \
	  if [ -n "$$CI" ]; then echo "coincurve failed to install; CI needs it" >&2; exit 1; fi; \
	  echo "note: coincurve (libsecp256k1) did not install; its tests will be skipped"; }
	@touch $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check minichain tests bench exercises hooks course/examples
	$(BIN)/ruff format --check minichain tests bench exercises hooks course/examples
	$(BIN)/mypy

test: lint
	$(BIN)/minichain course check
	$(BIN)/python -m pytest

build: $(STAMP)
	$(BIN)/mkdocs build --strict

serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:$(PORT)

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
