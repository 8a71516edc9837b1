# pushback: every target installs what it needs, so a fresh machine needs nothing by hand.
#   make run    install everything, prepare the SQLite journal, start the app
#   make test   install everything plus test tools, lint, then the whole suite
#   make lint   ruff format --check, ruff check, mypy --strict, import contracts
#   make bench  benchmarks, each printed as a ratio against a baseline of the same run

SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q
BIN := $(VENV)/bin
APT_INSTALL := DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends

.PHONY: run test lint bench install install-test vision assets sysdeps db clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PIP) install -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PIP) install -e '.[test]'
	touch $@

# The pose set goes in with --no-deps: mediapipe's own requirements pull jax (~1 GB).
# The wheel ships only the full landmark model; @mediapipe/pose on npm ships the lite
# and heavy ones, byte-identical to what mediapipe would download, so we copy them in.
$(VENV)/.installed-vision: requirements/vision.txt node_modules/.installed $(VENV)/.installed
	$(PIP) install --no-deps -r requirements/vision.txt
	dir=$$($(PY) -c "import mediapipe, os; print(os.path.join(os.path.dirname(mediapipe.__file__), 'modules', 'pose_landmark'))") && \
	test -d "$$dir" && \
	cp node_modules/@mediapipe/pose/pose_landmark_lite.tflite node_modules/@mediapipe/pose/pose_landmark_heavy.tflite "$$dir/"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed $(VENV)/.installed-vision assets
install-test: install $(VENV)/.installed-test sysdeps
vision: $(VENV)/.installed-vision
assets: node_modules/.installed

# Debian packages: ffmpeg (H.264 encoding, test clips), chromium (browser tests) and
# fonts-noto-cjk (Chinese captions on annotated videos, Chinese pages in chromium).
sysdeps:
	@missing=""; \
	command -v ffmpeg >/dev/null || missing="$$missing ffmpeg"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	test -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc || missing="$$missing fonts-noto-cjk"; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		apt-get update -qq && $(APT_INSTALL) $$missing; \
	fi

db: install
	$(BIN)/pushback db upgrade

run: install db
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
