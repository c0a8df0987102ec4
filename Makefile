# Two commands set up everything: `make demo` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo test test-clock lint format dev clean

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "wf-etl needs Python 3.11 or newer; set PYTHON=python3.11")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/wf-etl demo

# The suite runs in TEST_WORKERS processes (pytest-xdist), a test file per process at a time:
# most tests wait on a simulator, a subprocess or a child Dagster run more than they compute.
TEST_WORKERS ?= 4

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile
	$(MAKE) --no-print-directory test-clock

# The tests marked `clock` again, with the wall clock (and the CLIs they start) pinned where an
# hour- or date-dependent test trips: a minute before Berlin's clocks jump to summer time, the
# hour the guard's CLI test used to fail (14:00 UTC), and 30 s before a UTC year ends. The three
# run side by side (they wait more than they compute), each log printed whole after.
CLOCK_AT := Europe/Berlin@2027-03-28T01:59:00 \
            America/New_York@2026-11-24T09:00:00 \
            America/New_York@2026-12-31T18:59:30
test-clock: $(STAMP)
	@set -e; logs=$$(mktemp -d); pids=""; \
	for at in $(CLOCK_AT); do \
	  ( TZ=$${at%@*} $(BIN)/pytest -q -m clock --clock-at $${at#*@} -p no:cacheprovider \
	      -n 2 --dist loadfile > $$logs/$${at#*@}.log 2>&1 ) & pids="$$pids $$!"; \
	done; \
	status=0; for pid in $$pids; do wait $$pid || status=1; done; \
	for at in $(CLOCK_AT); do \
	  echo "pinned clock: TZ=$${at%@*} $${at#*@}"; cat $$logs/$${at#*@}.log; \
	done; \
	rm -rf $$logs; exit $$status

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

dev: $(STAMP)
	DAGSTER_HOME=$(CURDIR)/.dagster_home $(BIN)/dagster dev -w workspace.yaml

clean:
	rm -rf $(VENV) data dist build .pytest_cache .ruff_cache
