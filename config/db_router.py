"""Reads from public pages go to a read replica; everything else to the primary.

DATABASE_REPLICA_URLS (comma-separated) adds the aliases replica_1, replica_2… A replica
serves a read only when all of these hold:
- it is made while ReplicaReadsMiddleware handles an anonymous read of a public page
  (config.page_cache.is_anonymous_public_read: not the admin or the probes, not a visitor
  with a session, who must read their own writes, which a replica may not have yet);
- no transaction is open on the primary (reads inside one must see its writes).
Writes, migrations, management commands and everything else use the primary.
"""

import random
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

from config.page_cache import is_anonymous_public_read

_replica_reads = ContextVar("replica_reads", default=False)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        replicas = settings.DATABASE_REPLICA_ALIASES
        if not replicas or not _replica_reads.get():
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return random.choice(replicas)

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # every alias holds the same data

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS  # replicas follow the primary by replication


class ReplicaReadsMiddleware:
    """Let the router send this request's reads to a replica when it is an anonymous read
    of a public page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _replica_reads.set(is_anonymous_public_read(request))
        try:
            return self.get_response(request)
        finally:
            _replica_reads.reset(token)
