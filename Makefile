# Two entry points a newcomer needs; everything else lives in tasks.py (invoke).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# What the tests drive: Debian's Chromium, the machine's Java, and rsync and git for the
# publishing tests (all installed with apt when missing), axe-core and the Nu HTML checker
# (vnu-jar) from npm, into tests/.node/ (git-ignored). Never `playwright install`: the tests
# launch /usr/bin/chromium.
CHROMIUM := /usr/bin/chromium
AXE_CORE_VERSION := 4.14.1
VNU_JAR_VERSION := 26.9.27
NODE_DIR := tests/.node
NODE_STAMP := $(NODE_DIR)/.installed-axe-$(AXE_CORE_VERSION)-vnu-$(VNU_JAR_VERSION)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_INSTALL := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends

.PHONY: serve test setup test-tools

serve: $(STAMP)  ## install, build the bundled sample site and serve it on 127.0.0.1:8000
	$(BIN)/invoke serve

test: $(STAMP) test-tools  ## install and run the whole test suite
	$(BIN)/invoke test

setup: $(STAMP)

test-tools: $(NODE_STAMP)  ## Chromium, Java, rsync, git, axe-core and vnu-jar for the tests
	@if [ ! -x $(CHROMIUM) ] || ! command -v java >/dev/null || ! command -v rsync >/dev/null \
			|| ! command -v git >/dev/null; then \
		$(SUDO) apt-get update -q && \
		{ [ -x $(CHROMIUM) ] || $(APT_INSTALL) chromium; } && \
		{ command -v java >/dev/null || $(APT_INSTALL) default-jre-headless; } && \
		{ command -v rsync >/dev/null || $(APT_INSTALL) rsync; } && \
		{ command -v git >/dev/null || $(APT_INSTALL) git; }; \
	fi

$(NODE_STAMP):
	rm -rf $(NODE_DIR)
	npm install --prefix $(NODE_DIR) --no-audit --no-fund --ignore-scripts \
		axe-core@$(AXE_CORE_VERSION) vnu-jar@$(VNU_JAR_VERSION)
	touch $@

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)
