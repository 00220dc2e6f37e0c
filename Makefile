# Outsourcing Partner Selection Workbook: the commands of the README.
#   make report [DATA=path]   run every notebook on the data and write reports/<name>/index.html
#   make pdf [DATA=path PAPER=a4|letter]   the same, and the report as reports/<name>/report.pdf
#   make test                 lint, then unit, bad-input and property tests, and every notebook under nbval
#   make sweep [N=20 SEED=0]  reports of N random valid projects, each checked for what it must state
#   make lab                  JupyterLab at the start notebook
#   make workshop-reset       back up and restore the exercise notebooks (trainers)
# The first command creates .venv from requirements.lock; later ones reuse it.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA ?= data/sample
NAME := $(basename $(notdir $(patsubst %/,%,$(DATA))))
OUT ?= reports/$(NAME)

.PHONY: report pdf test sweep lab bench screenshots workshop-reset lock clean

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "The workbook needs Python 3.10 or newer; found " + sys.version.split()[0] + ". Set PYTHON=python3.10 (or newer).")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $(STAMP)

report: $(STAMP)
	$(BIN)/python -m helpers report "$(DATA)" --out "$(OUT)"

# The report and its PDF, printed by Debian's Chromium (scripts/install_chromium.sh installs it).
PAPER ?= a4
pdf: $(STAMP)
	$(BIN)/python -m helpers report "$(DATA)" --out "$(OUT)" --pdf "$(PAPER)"

# Lint and format check first (seconds), then the tests in three workers: one notebook or test
# module per worker (--dist loadscope keeps a notebook's cells in order in one kernel). Three
# even on two cores: much of a test's time is a kernel or a browser starting, not computing
# (measured: 187 s with three workers, 197 s with two). The longest modules are handed out
# first, in the order tests/conftest.py gives (LONGEST_FIRST), not reordered by test count.
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -n 3 --dist loadscope --no-loadscope-reorder

# Random valid projects (tests/projects.py), seeds SEED..SEED+N-1: one line each, then a summary;
# a failing one is kept in reports/sweep/seed-<seed>/ with the command that reproduces it.
N ?= 20
SEED ?= 0
sweep: $(STAMP)
	$(BIN)/python scripts/sweep.py --n $(N) --seed $(SEED)

# JupyterLab refuses to run as root unless told; containers and workshop VMs often are root.
lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/00_start_here.ipynb $(if $(filter 0,$(shell id -u)),--allow-root)

# Workshop: back up the participants' exercise notebooks, then restore the clean ones.
workshop-reset:
	@$(PYTHON) scripts/workshop_reset.py

# Screenshots of the report and the PDF's first page for the README (needs Debian's chromium).
screenshots: pdf
	$(BIN)/python scripts/screenshots.py

# Regenerate requirements.lock after changing the dependencies in pyproject.toml.
lock:
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet uv
	.venv-lock/bin/uv pip compile pyproject.toml --universal --python-version 3.10 --generate-hashes -o requirements.lock
	.venv-lock/bin/uv pip compile pyproject.toml --extra bench --universal --python-version 3.10 --generate-hashes -o requirements-bench.lock

clean:
	rm -rf $(VENV) .venv-lock reports

# One table of every benchmark (median of several runs, ratios measured in the same run);
# adds the reference libraries (scikit-criteria, pymcdm) from their own lock file.
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-bench.lock
	$(BIN)/python benchmarks/run.py
