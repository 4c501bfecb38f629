# The two commands of the README: `make demo` (the main job) and `make test` (the test suite).
# Each creates the virtual environment when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench bench-canned bench-whole bench-scale bench-import bench-serve bench-serve-200k bench-serve-overhead images clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# hgr-kg's own modules compiled ahead (an editable install is not compiled by pip, and where
# PYTHONDONTWRITEBYTECODE is set every command would compile them again: 0.1 s of each cold command)
demo: $(STAMP)
	bash scripts/system-deps.sh main
	$(BIN)/python -m compileall -q hgr_kg
	$(BIN)/hgr-kg demo

test: $(STAMP)
	bash scripts/system-deps.sh test
	$(BIN)/python -m compileall -q hgr_kg
	$(BIN)/ruff check hgr_kg tests benchmarks
	$(BIN)/python -m pytest

images: $(STAMP)
	bash scripts/system-deps.sh test
	$(BIN)/python -m docs.make_images

bench: $(STAMP)
	$(BIN)/python -m compileall -q hgr_kg
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
	$(BIN)/python -m pip install --quiet rdflib-endpoint oxigraph
	PYTHONPATH=. $(BIN)/python benchmarks/serve.py --json benchmarks/results/serve.json

# the same with 200,000 synthetic permit decisions; rdflib-endpoint held to 10 s a query (the queries
# it cannot answer in time are named, and left out of every server's workload)
bench-serve-200k: $(STAMP)
	bash scripts/system-deps.sh test
	$(BIN)/python -m pip install --quiet rdflib-endpoint oxigraph
	PYTHONPATH=. $(BIN)/python benchmarks/serve.py --records 200000 --passes 3 --rdflib-timeout 10 \
		--json benchmarks/results/serve-200k.json

# what the server adds to one cheap query (definitions) at one client
bench-serve-overhead: $(STAMP)
	PYTHONPATH=. $(BIN)/python benchmarks/serve.py --overhead

# each canned query in process, its text now against its text at AGAINST (same run, same store)
AGAINST ?= 5e2e978
bench-canned: $(STAMP)
	PYTHONPATH=. $(BIN)/python -m benchmarks.canned_in_process --against $(AGAINST)

bench-whole: $(STAMP)
	bash benchmarks/whole_codes.sh $(CURDIR)
