"""Whether this process can serve pages: the checks behind /readyz.

Each check returns "ok" or a short reason. A load balancer takes the process out of
rotation while any check fails, and puts it back when all pass again.
"""

from django.core.cache import cache
from django.db import DatabaseError
from django.db.migrations.executor import MigrationExecutor

PROBE_KEY = "readyz:probe"

# Once every migration is applied it stays so for the life of the process (a deploy starts
# new processes), so the migration graph is loaded and compared only until then.
migrations_applied = False


def unapplied_migrations(connection) -> list[str]:
    """The migrations the code has and the database lacks, as "app.name", in order."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def database_check(connection) -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return f"unreachable: {error}".strip()
    return "ok"


def migrations_check(connection) -> str:
    global migrations_applied
    if migrations_applied:
        return "ok"
    try:
        pending = unapplied_migrations(connection)
    except DatabaseError as error:
        return f"unknown: {error}".strip()
    if pending:
        return f"unapplied: {', '.join(pending)}"
    migrations_applied = True
    return "ok"


def cache_check() -> str:
    # Any failure counts (a Redis client raises its own errors, not Django's).
    try:
        cache.set(PROBE_KEY, "ok", timeout=10)
        answer = cache.get(PROBE_KEY)
    except Exception as error:
        return f"unreachable: {error}".strip()
    return "ok" if answer == "ok" else "unreachable: the value written was not read back"


def readiness_checks(connection) -> dict[str, str]:
    """{check name: "ok" or the reason it fails}: database, migrations, cache."""
    database = database_check(connection)
    return {
        "database": database,
        "migrations": migrations_check(connection) if database == "ok" else "not checked",
        "cache": cache_check(),
    }
