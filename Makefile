# The two commands of the README: `make demo` (the main job) and `make test` (the test suite).
# Each creates the virtual environment when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench bench-scale bench-import bench-serve images clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	bash scripts/system-deps.sh main
	$(BIN)/hgr-kg demo

test: $(STAMP)
	bash scripts/system-deps.sh test
	$(BIN)/ruff check hgr_kg tests benchmarks
	$(BIN)/python -m pytest

images: $(STAMP)
	bash scripts/system-deps.sh test
	$(BIN)/python -m docs.make_images

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

bench-scale: $(STAMP)
	bash scripts/system-deps.sh test
	PYTHONPATH=. $(BIN)/python benchmarks/scale.py --sizes 2000 20000 200000 > /dev/null
	$(BIN)/python benchmarks/report.py benchmarks/results/scale-2000-20000-200000.json

bench-import: $(STAMP)
	$(BIN)/python benchmarks/large_import.py --rows 100000

clean:
	rm -rf dist out .pytest_cache

bench-serve: $(STAMP)
	bash scripts/system-deps.sh test
	$(BIN)/python -m pip install --quiet rdflib-endpoint
	PYTHONPATH=. $(BIN)/python benchmarks/serve.py --json benchmarks/results/serve.json
