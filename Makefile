# Two entry points a newcomer needs; everything else lives in tasks.py (invoke).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve test setup

serve: $(STAMP)  ## install, build the bundled sample site and serve it on 127.0.0.1:8000
	$(BIN)/invoke serve

test: $(STAMP)  ## install and run the whole test suite
	$(BIN)/invoke test

setup: $(STAMP)

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)
