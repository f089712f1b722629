# Optimization for Deep Learning — every command bootstraps .venv on first use.
# Only python3 (>= 3.10) and make are needed on the machine.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
UV     := $(VENV)/bin/uv
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
# matplotlib's font cache lives with this checkout's venv: a cache shared between checkouts
# can point at fonts of a deleted venv, and its warnings would land in the notebooks' outputs
export MPLCONFIGDIR := $(CURDIR)/$(VENV)/mplconfig
export PYTHONHASHSEED := 0
# the instructor-only grader package (grader/) is imported from the repository root: the
# source notebooks' hidden tests, the judge, the tests and the bench (never the students)
export PYTHONPATH := $(CURDIR)$(if $(PYTHONPATH),:$(PYTHONPATH))
# the notebooks multiply small matrices; extra BLAS threads only add overhead (and fight
# the parallel grader for the cores)
export OPENBLAS_NUM_THREADS ?= 1
export OMP_NUM_THREADS ?= 1
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: help course test test-fast lab release grade report bench notebooks clean distclean

help:
	@echo "make course     execute + render every lesson, build the student release, autograde demo submissions"
	@echo "make test       the full test suite (kernels, notebooks via nbval, grading pipeline, wrong implementations)"
	@echo "make lab        JupyterLab on the source notebooks"
	@echo "make release    student versions of every lesson into release/"
	@echo "make grade      autograde everything in submitted/, write feedback/, export grades.csv, mistake report"
	@echo "make report     what the class got wrong: report/report.html + report.csv (NAMES=1 adds who)"
	@echo "make bench      speed tables (optimizer steps, textbook and fast, vs roofline and libraries; notebooks; grading) -> build/bench.md"
	@echo "make notebooks  rebuild notebooks/*/*.ipynb from their .py sources and store fresh outputs"
	@echo "make clean      remove generated folders (keeps .venv)"

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@# uv installs the same packages as pip (the same versions, checked with pip freeze), in 45 s
	@# against pip's 75 s on 2 cores without a download cache. --compile-bytecode, as pip does:
	@# otherwise every process compiles what it imports, every time (PYTHONDONTWRITEBYTECODE, the
	@# read-only venv of the grading sandbox)
	$(PY) -m pip install --quiet --disable-pip-version-check "uv>=0.5,<1"
	$(UV) pip install --quiet --python $(PY) --compile-bytecode -e ".[dev]"
	@# jsonschema (under nbformat, so under nbgrader, nbval and jupyter) imports this optional IRI
	@# checker, which builds a Lark grammar at import: 3 s of CPU in every such process here
	@# (python-jsonschema/jsonschema#1428). No schema the course validates uses the iri format.
	$(UV) pip uninstall --quiet --python $(PY) rfc3987-syntax
	$(PY) -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (course)" >/dev/null
	@touch $(STAMP)

course: $(STAMP)
	$(PY) -m coursekit course

NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

# pytest-xdist: TEST_WORKERS processes; tests/conftest.py schedules what must share a process
# as one unit (one notebook's cells, one module's fixtures, the lessons' combined grading run)
TEST_WORKERS ?= 2

test: $(STAMP)
	$(PY) -m pytest tests notebooks $(NBVAL) -p no:cacheprovider -n $(TEST_WORKERS) --dist loadscope

# every test that needs no nbgrader run, no browser and no whole notebook (markers: pyproject.toml)
test-fast: $(STAMP)
	$(PY) -m pytest tests -m "not nbgrader and not browser and not slow" -p no:cacheprovider -n $(TEST_WORKERS) --dist loadscope

lab: $(STAMP)
	$(VENV)/bin/jupyter lab notebooks

release: $(STAMP)
	$(PY) -m coursekit release

grade: $(STAMP)
	$(PY) -m coursekit grade

report: $(STAMP)
	$(PY) -m coursekit.report $(if $(NAMES),--names)

bench: $(STAMP)
	$(PY) -m coursekit bench

notebooks: $(STAMP)
	$(PY) -m coursekit notebooks

clean:
	rm -rf build release autograded feedback source gradebook.db grades.csv report .pytest_cache
	find . -name __pycache__ -not -path "./$(VENV)/*" -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) submitted
