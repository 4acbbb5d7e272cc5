# Everything a fresh machine needs, from the project's own files.
# `make brief`: set up, then brief the seed article on the embedded model.
# `make test`:  set up, then run the whole test suite (the real model included).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# llama.cpp is compiled from source. A portable x86-64 build (AVX2/FMA): a
# "native" build enables AMX tile instructions on some Xeons whose hosts do not
# permit them, and the process dies with a general-protection fault.
CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON
SEED := examples/seed-lukashenko-venezuela.txt

.PHONY: setup brief test lint bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	CMAKE_ARGS="$(CMAKE_ARGS)" $(BIN)/python -m pip install --progress-bar off -e '.[local,dev]'
	$(BIN)/summarizer model
	touch $@

brief: setup
	$(BIN)/summarizer brief $(SEED) --format markdown

test: setup
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) build dist *.egg-info
