# Psoas course: one command to build, one to test. Everything is set up on demand.
#   make book   virtual environment + pinned Python and npm packages, then the book (-W -n)
#   make test   the same set-up plus Debian's chromium, then every test
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SITE := _build/html
PORT ?= 8000

.PHONY: help setup setup-build setup-dev assets browser book rebuild test test-fast lab serve bench pdf \
        answer-key new-lesson student-book run-notebooks lock clean lint lint-lessons

help:
	@grep -E '^#   make' Makefile | sed 's/^#   //'
	@echo "other targets: lab serve bench pdf lint lint-lessons answer-key new-lesson NAME=... student-book run-notebooks lock clean"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.stamp-runtime: requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

# the book's build tools (Jupyter Book, Sphinx) on top of the run-time environment
$(VENV)/.stamp-build: requirements-build.txt $(VENV)/.stamp-runtime
	$(BIN)/pip install --quiet -r requirements-build.txt
	touch $@

$(VENV)/.stamp-dev: requirements-dev.txt $(VENV)/.stamp-build
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

book/_vendor/vendor/require.js: node_modules/.package-lock.json tools/vendor_assets.py
	$(BIN)/python tools/vendor_assets.py

setup: $(VENV)/.stamp-runtime assets
setup-build: $(VENV)/.stamp-build assets
setup-dev: $(VENV)/.stamp-dev assets browser
assets: book/_vendor/vendor/require.js

# Debian's chromium for the browser tests (never a downloaded browser).
browser:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "Install Debian's chromium first: sudo apt-get install chromium"; exit 1; fi; }

book: setup-build
	rm -rf _build/html _build/.doctrees
	$(BIN)/jupyter-book build . --builder html -W -n --keep-going
	@echo "Open $(CURDIR)/$(SITE)/index.html in a browser, or run 'make serve'."

# Rebuild without wiping: what an author runs after editing one page.
rebuild: setup-build
	$(BIN)/jupyter-book build . --builder html -W -n --keep-going

test: setup-dev
	$(MAKE) --no-print-directory book
	$(BIN)/python -m pytest

# Everything except what needs the built book and a browser.
test-fast: setup-dev
	$(BIN)/python -m pytest -m "not browser and not slow"

# Run every lesson top to bottom in a fresh kernel and save only the plain-text outputs of
# cells tagged nbval-check-output (nbval compares those; everything else is not committed).
# Needed after changing what a "Try it" readout says.
run-notebooks: setup-dev
	$(BIN)/python -m psoas_course.authoring.clean_notebooks --execute notebooks/[0-9][0-9]-*.ipynb \
	  || [ $$? -eq 1 ]  # 1 = outputs refreshed

lab: setup
	$(BIN)/jupyter lab notebooks/

serve:
	@test -d $(SITE) || { echo "Build first: make book"; exit 1; }
	$(BIN)/python -m http.server $(PORT) --bind 127.0.0.1 --directory $(SITE)

# The course as PDF in _build/pdf/ (Debian's chromium prints the built book; builds it first
# when needed): psoas-course.pdf and one PDF per lesson.
pdf: setup-build browser
	@test -d $(SITE) || $(MAKE) --no-print-directory book
	$(BIN)/python tools/make_pdf.py $(SITE) _build/pdf

bench: setup-dev
	$(BIN)/python tools/bench.py

# Code style and spelling, as CI runs them (versions pinned in requirements-dev.txt).
lint: setup-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/codespell

# Every lesson, the template and the question banks against the lesson rules
# (src/psoas_course/authoring/lint.py): one line per problem, exit 1 on any.
lint-lessons: setup
	$(BIN)/python -m psoas_course.authoring.lint

answer-key: setup
	$(BIN)/python -m psoas_course.authoring.answer_key _build/answer-key.md

new-lesson: setup
	$(BIN)/python -m psoas_course.authoring.scaffold "$(NAME)"

student-book: setup-build
	$(BIN)/python -m psoas_course.authoring.student_book

# Re-pin after changing a version on purpose.
lock: setup-dev
	$(BIN)/pip freeze --exclude-editable | grep -v '^-e' > /tmp/psoas-freeze.txt
	@echo "Fresh pins in /tmp/psoas-freeze.txt: split them into requirements*.txt"

clean:
	rm -rf _build .jupyter_cache book/_vendor
