"""`make bench`: public pages under load, beside a bare Django template view.

    python3 -m uv run python tests/bench/pages.py [--episodes 100000] [--seconds 10]

Builds (or reuses) a PostgreSQL database of the seed universe plus a generated catalogue
of --episodes episodes, serves it with gunicorn in production mode (two workers, Redis
page cache), and measures each page type with wrk in two ways:
- warm: 16 connections on one URL for --seconds, the page cache on;
- uncached: distinct URLs, each requested once, the page cache off (DJANGO_PAGE_CACHE_SECONDS=0).
The bare view (/bench/bare) runs in the same server, alternating with the pages, so
each ratio compares with what the machine gave at that moment. Prints a Markdown table.
"""

import argparse
import json
import os
import random
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PORT = 8765
SORTS = ["title", "-premiere", "premiere", "-score"]
BASE = f"http://127.0.0.1:{PORT}"


def environment(database_url: str, cached: bool) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_INSECURE_HTTP": "1",
        "DATABASE_URL": database_url,
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15"),
        "DJANGO_PAGE_CACHE_SECONDS": "3600" if cached else "0",
        "SHOWBIBLE_BENCH_BARE": "1",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_MAX_REQUESTS": "0",  # no worker restarts in the middle of a measurement
        "GUNICORN_BIND": f"127.0.0.1:{PORT}",
        # wrk is one address making thousands of requests: out of the API's limit's reach.
        "DJANGO_API_RATE_LIMIT": "1000000000",
    }


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )
    return result.stdout.decode()


def database_prepare(episodes: int) -> str:
    url = f"postgres://postgres@127.0.0.1:5432/showbible_bench_{episodes}"
    subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-c",
            f"CREATE DATABASE showbible_bench_{episodes}",
        ],
        capture_output=True,
    )
    env = environment(url, cached=False)
    manage(env, "migrate", "--no-input")
    manage(env, "load_universe")
    count = int(
        manage(
            env,
            "shell",
            "-v",
            "0",
            "-c",
            "from catalog.models import Episode; print(Episode.objects.count())",
        )
    )
    if count < episodes:
        print(f"generating {episodes:,} episodes (once; the database is kept)…", flush=True)
        manage(env, "generate_catalog", "--episodes", str(episodes), "--seed", "1", "--replace")
    manage(env, "collectstatic", "--no-input")
    return url


def sample_urls(env: dict, count: int) -> dict[str, list[str]]:
    """Up to `count` distinct published URLs per page type, largest series first."""
    code = f"""
import json
from catalog.models import Episode, Person, Season, Series
from franchise.models import Character
series = list(Series.objects.published().order_by("-pk").values_list("slug", flat=True)[:{count}])
seasons = list(Season.objects.published().filter(series__status="published")
    .order_by("-pk").values_list("series__slug", "number")[:{count}])
episodes = list(Episode.objects.published().filter(season__status="published",
    season__series__status="published").order_by("-pk")
    .values_list("season__series__slug", "season__number", "number")[:{count}])
characters = list(Character.objects.published().order_by("-pk")
    .values_list("slug", flat=True)[:{count}])
people = list(Person.objects.published().order_by("-pk").values_list("slug", flat=True)[:{count}])
from catalog.views import PEOPLE_PER_PAGE, SERIES_PER_PAGE
from franchise.views import CHARACTERS_PER_PAGE
pages = dict(
    series=-(-Series.objects.published().count() // SERIES_PER_PAGE),
    people=-(-Person.objects.published().count() // PEOPLE_PER_PAGE),
    characters=-(-Character.objects.published().count() // CHARACTERS_PER_PAGE),
)
print(json.dumps(dict(series=series, seasons=seasons, episodes=episodes, characters=characters,
    people=people, pages=pages)))
"""
    found = json.loads(manage(env, "shell", "-v", "0", "-c", code))
    words = ["bosch", "harry", "lincoln", "detective", "city", "night", "ballard", "law"]
    kinds = ["", "series", "episodes", "people", "characters"]
    pages = found["pages"]
    return {
        "series": [f"/series/{slug}/" for slug in found["series"]],
        "season": [f"/series/{slug}/season/{n}/" for slug, n in found["seasons"]],
        "episode": [f"/series/{s}/season/{n}/episode/{e}/" for s, n, e in found["episodes"]],
        "character": [f"/characters/{slug}/" for slug in found["characters"]],
        "person": [f"/people/{slug}/" for slug in found["people"]],
        # Pages that exist (a page past the last is a 404), cycling when there are fewer.
        "series list": [
            f"/series/?ordering={SORTS[i % len(SORTS)]}&page={page % pages['series'] + 1}"
            for i, page in ((i, i // len(SORTS)) for i in range(count))
        ],
        "people list": [f"/people/?page={i % pages['people'] + 1}" for i in range(count)],
        "character list": [
            f"/characters/?page={i % pages['characters'] + 1}" for i in range(count)
        ],
        # Common words alone (the costly case: thousands of matches at 1M), each kind of
        # result, and two-word queries; every URL distinct.
        "search": [
            f"/search/?q={words[i % len(words)]}"
            + (f"&kind={kinds[i // len(words) % len(kinds)]}" if i // len(words) else "")
            if i < len(words) * len(kinds)
            else f"/search/?q={random.choice(words)}+{random.choice(words)}&n={i}"
            for i in range(count)
        ],
        "home": ["/"] * count,
        # The API's heaviest common read: a series with its seasons and credits embedded.
        "api series": [
            f"/api/v1/series/{slug}?include=seasons,credits" for slug in found["series"]
        ],
    }


def serve(env: dict) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--access-logfile", "/dev/null"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{BASE}/healthz", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def wrk(url: str, seconds: int) -> dict[str, float]:
    out = subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{seconds}s", "--latency", BASE + url],
        capture_output=True,
        check=True,
    ).stdout.decode()

    def ms(label: str) -> float:
        value, unit = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    if "Requests/sec" not in out or " 0 requests in" in out:
        raise SystemExit(f"wrk got no answer from {url}:\n{out}")
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": ms("50%"),
        "p95": ms("90%"),  # wrk prints 50/75/90/99: the nearest below 95
        "p99": ms("99%"),
        "errors": int(bad.group(1)) if bad else 0,
    }


def once_each(urls: list[str]) -> dict[str, float]:
    timings, errors = [], 0
    for url in urls:
        started = time.perf_counter()
        try:
            urllib.request.urlopen(BASE + url, timeout=30).read()
        except OSError:
            errors += 1
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {
        "rps": len(timings) / (sum(timings) / 1000),
        "p50": statistics.median(timings),
        "p95": timings[min(len(timings) - 1, int(len(timings) * 0.95))],
        "p99": timings[min(len(timings) - 1, int(len(timings) * 0.99))],
        "errors": errors,
    }


def table(title: str, rows: list[tuple[str, dict, dict]]) -> str:
    percentile = "p95" if "Uncached" in title else "p90"
    lines = [
        f"\n{title}\n",
        f"| page | rps | p50 ms | {percentile} ms | p99 ms | errors | bare rps | ratio |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, page, bare in rows:
        lines.append(
            f"| {name} | {page['rps']:,.0f} | {page['p50']:.1f} | {page['p95']:.1f} | "
            f"{page['p99']:.1f} | {page['errors']} | {bare['rps']:,.0f} | "
            f"{page['rps'] / bare['rps']:.2f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--distinct", type=int, default=50, help="URLs per page type, uncached")
    parser.add_argument("--only", nargs="*", help="page types to measure (default: all)")
    options = parser.parse_args()
    if not shutil.which("wrk"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
    url = database_prepare(options.episodes)
    urls = sample_urls(environment(url, cached=False), options.distinct)
    if options.only:
        urls = {name: found for name, found in urls.items() if name in options.only}
    report = [
        f"{options.episodes:,} episodes, PostgreSQL, gunicorn -w 2, production mode; "
        f"load average before: {os.getloadavg()[0]:.2f}"
    ]

    server = serve(environment(url, cached=True))
    try:
        rows = []
        once_each(["/bench/bare"] * 20 + [candidates[0] for candidates in urls.values()])
        # A throwaway round under load first: the first page measured came out at 0.62-0.70
        # of the bare view at 10k and 1M while the same cached page measured later reached
        # 0.92, the workers still warming up.
        wrk("/bench/bare", max(2, options.seconds // 2))
        for name, candidates in urls.items():
            page = wrk(candidates[0], options.seconds)
            rows.append((name, page, wrk("/bench/bare", options.seconds)))
        report.append(table("Warm page cache, 16 connections, one URL per page type:", rows))
    finally:
        server.terminate()
        server.wait()

    server = serve(environment(url, cached=False))
    try:
        rows = []
        once_each(["/bench/bare"] * 20)  # warm the workers up
        for name, candidates in urls.items():
            page = once_each(candidates)
            rows.append((name, page, once_each(["/bench/bare"] * len(candidates))))
        report.append(table("Uncached, one client, distinct URLs each requested once:", rows))
    finally:
        server.terminate()
        server.wait()
    print("\n".join(report))


if __name__ == "__main__":
    main()
