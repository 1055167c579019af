# The two commands that set everything up on a fresh machine (Python 3.13 via pyenv, make).
# Each installs uv if it is missing, then lets uv build the environment from pyproject.toml.

export UV_PYTHON_DOWNLOADS := never
UV := python3 -m uv

.PHONY: demo test bench uv lint

uv:
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet "uv==0.13.9"

demo: uv
	$(UV) run manage.py demo

# The tests run on every core (pytest-xdist); `make test XDIST=` runs them in one process.
XDIST ?= -n auto
# The fuzz's requests (tests/test_fuzz.py): 1,000 here, for a quick loop; CI makes 5,000 once
# (on PostgreSQL when it is reachable).
SHOWBIBLE_FUZZ_EXAMPLES ?= 1000
export SHOWBIBLE_FUZZ_EXAMPLES

test: uv
	$(UV) run pytest $(XDIST) $(PYTEST_ARGS)

# The benchmarks, which `make test` skips: the timing tests (marker `bench`), then the
# public pages under load with wrk on a PostgreSQL catalogue of EPISODES episodes, built
# once and kept (tests/bench/pages.py). `make bench EPISODES=1000000` runs it at scale.
EPISODES ?= 100000
bench: uv
	SHOWBIBLE_BENCH=1 $(UV) run pytest -m bench -s $(PYTEST_ARGS)
	$(UV) run python tests/bench/pages.py --episodes $(EPISODES)

lint: uv
	$(UV) run ruff check .
	$(UV) run ruff format --check .
	$(UV) run djlint templates --check
	$(UV) run djlint templates --lint
