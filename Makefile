# pushback: every target installs what it needs, so a fresh machine needs nothing by hand.
#   make run    install everything (ffmpeg too), prepare the SQLite journal, start the app
#   make test   install everything plus test tools, lint, then the whole suite
#   make lint   ruff format --check, ruff check, mypy --strict, import contracts
#   make bench  benchmarks, each printed as a ratio against a baseline of the same run

SHELL := /bin/bash
# The Pythons pushback supports: those the pinned pose set (mediapipe 0.10.21) has
# wheels for, from the oldest the code runs on (3.11: tomllib, datetime.UTC).
PYTHON ?= $(shell command -v python3.11 || command -v python3.12 || command -v python3)
PYTHON_MIN := 3.11
PYTHON_MAX := 3.12
VENV := .venv
PY := $(VENV)/bin/python
# No -q: pip's "Collecting"/"Installing" lines are the progress of a first install.
PIP := $(PY) -m pip --disable-pip-version-check
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_INSTALL := DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends
VENDOR_STAMP := node_modules/.vendor-copied
step = @printf '\n==> %s\n' $(1)

.PHONY: run test lint bench install install-test vision assets sysdeps ffmpeg chromium \
	python-check db clean

# A clear message (and the README's instructions) instead of pip's "requires a
# different Python" half-way through the install.
python-check:
	@$(PYTHON) -c 'import sys; ok = (3, 11) <= sys.version_info[:2] <= (3, 12); sys.exit(0 if ok else 1)' 2>/dev/null || { \
		echo "pushback needs Python $(PYTHON_MIN) or $(PYTHON_MAX); '$(PYTHON)' is $$(command -v $(PYTHON) >/dev/null && $(PYTHON) -V 2>&1 || echo 'not installed')."; \
		echo "Install one (see 'Python versions' in README.md), then run for example:"; \
		echo "    make run PYTHON=python3.12"; \
		exit 1; }

$(PY): | python-check
	$(call step,"Creating the virtual environment in $(VENV) ($$($(PYTHON) -V))")
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

$(VENV)/.installed: pyproject.toml setup.py | $(PY)
	$(call step,"Installing pushback and its Python packages (a first install takes a few minutes)")
	$(PIP) install --progress-bar on -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(call step,"Installing the test tools (pytest, playwright, ruff, mypy, schemathesis)")
	$(PIP) install --progress-bar on -e '.[test]'
	touch $@

# The pose set goes in with --no-deps: mediapipe's own requirements pull jax (~1 GB).
# The wheel ships only the full landmark model; @mediapipe/pose on npm ships the lite
# and heavy ones, byte-identical to what mediapipe would download, so we copy them in.
$(VENV)/.installed-vision: requirements/vision.txt node_modules/.installed $(VENV)/.installed
	$(call step,"Installing the pose set (mediapipe, OpenCV: about 100 MB)")
	$(PIP) install --progress-bar on --no-deps -r requirements/vision.txt
	dir=$$($(PY) -c "import mediapipe, os; print(os.path.join(os.path.dirname(mediapipe.__file__), 'modules', 'pose_landmark'))") && \
	test -d "$$dir" && \
	cp node_modules/@mediapipe/pose/pose_landmark_lite.tflite node_modules/@mediapipe/pose/pose_landmark_heavy.tflite "$$dir/"
	touch $@

node_modules/.installed: package.json package-lock.json
	$(call step,"Installing the browser assets with npm (htmx, Chart.js, the pose model)")
	npm ci --no-audit --no-fund --loglevel=notice
	touch $@

# The one list of vendor files (pushback/web/assets.py VENDOR_FILES) copied into the
# package (web/static/vendor/, git-ignored): an installed wheel serves them too.
$(VENDOR_STAMP): node_modules/.installed src/pushback/web/assets.py | $(VENV)/.installed
	$(call step,"Copying the vendor files into the package")
	$(PY) -c 'from pathlib import Path; from pushback.web.assets import copy_vendor_files; copy_vendor_files(Path("node_modules"))'
	touch $@

install: $(VENV)/.installed $(VENV)/.installed-vision assets
install-test: install $(VENV)/.installed-test sysdeps
vision: $(VENV)/.installed-vision
assets: $(VENDOR_STAMP)

# Debian packages: ffmpeg (the annotated videos of uploads, test clips) and chromium
# (browser tests). `make run` needs ffmpeg only.
sysdeps: ffmpeg chromium
ffmpeg chromium:
	@command -v $@ >/dev/null || { \
		printf '\n==> Installing the Debian package %s\n' $@; \
		$(SUDO) apt-get update -q && $(APT_INSTALL) $@; } || { \
		echo "Could not install $@: install it with your package manager, then run make again."; \
		exit 1; }

db: install
	$(BIN)/pushback db upgrade

run: install ffmpeg db
	$(call step,"Starting pushback at http://127.0.0.1:8000 (Ctrl-C stops it)")
	$(BIN)/pushback serve

lint: install-test
	$(BIN)/ruff format --check src tests bench
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

test: lint
	$(BIN)/pytest -p no:cacheprovider --cov --cov-report=term:skip-covered --cov-fail-under=85

bench: install-test
	$(PY) -m bench

clean:
	rm -rf $(VENV) node_modules .mypy_cache .ruff_cache .pytest_cache
