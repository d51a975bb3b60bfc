# Freeport: `make demo` serves the platform with demo data, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
export DJANGO_SETTINGS_MODULE := freeport.settings

.PHONY: install browser migrate demo-data demo serve test test-pg lint format messages clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/.installed

# Browser tests use Debian's Chromium (never a downloaded browser build) and CJK fonts.
browser:
	@if [ ! -x /usr/bin/chromium ] || [ ! -d /usr/share/fonts/opentype/noto ]; then \
		echo "Installing Debian's chromium and fonts-noto-cjk (apt)..."; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo-data: migrate
	PORT=$(PORT) $(BIN)/python manage.py demo_load

demo: demo-data
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@# Background jobs (outbox delivery, customs receipts) run in a Huey consumer beside the web
	@# server; both stop together.
	@# The simulated carrier runs 60x faster in the demo: parcels arrive within the hour.
	FULFILLMENT_SIMULATOR_SPEED=60 $(BIN)/python manage.py run_huey --quiet & HUEY_PID=$$!; \
	trap 'kill $$HUEY_PID 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn freeport.wsgi:application --bind 127.0.0.1:$(PORT) --workers 3 \
		--access-logfile - --forwarded-allow-ips 127.0.0.1

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The whole suite on SQLite (the default) or on DATABASE_URL when it is set.
test: install browser lint
	$(BIN)/python manage.py makemigrations --check --dry-run >/dev/null
	$(BIN)/pytest

# The same suite on PostgreSQL; skipped with a message only where no server answers.
test-pg: install browser
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect('$(PG_URL)', connect_timeout=3).close()" 2>/dev/null; then \
		DATABASE_URL=$(PG_URL) $(BIN)/pytest; \
	else \
		echo "SKIPPED: no PostgreSQL answers at $(PG_URL); the PostgreSQL run did not happen."; \
	fi

messages: install
	$(BIN)/python scripts/compile_messages.py

clean:
	rm -rf $(VENV) var/*.sqlite3* var/staticfiles
