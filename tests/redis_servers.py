"""Redis servers for the cache tests: the machine's, a private one, a closed port, a silent one.

The machine's Redis (database 15) is shared with other test runs, so tests
there use a key prefix of their own and count only their own keys. A private
``redis-server`` started here can be filled up or paused without disturbing
anyone. Every server a test starts listens on 127.0.0.1, on a port of
``PORTS``, and is stopped when the test ends. Under pytest-xdist each worker
takes its own share of ``PORTS``, so that two workers never race for a port.
"""

import os
import shutil
import socket
import subprocess
import time
import uuid
from contextlib import contextmanager

import redis

REDIS_URL = "redis://127.0.0.1:6379/15"
# The ports these tests may listen on; CLOSED_PORT is never listened on.
PORTS = range(8141, 8149)
CLOSED_PORT = 8149
BACKEND = "reviews_site.cache_backend.ResilientRedisCache"


def redis_answers(url=REDIS_URL):
    try:
        return redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5).ping()
    except redis.RedisError:
        return False


def cache_settings(location):
    """CACHES for ``location`` with the production backend and a key prefix of its own."""
    return {
        "default": {
            "BACKEND": BACKEND,
            "LOCATION": location,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }


def worker_ports():
    """This process's share of PORTS: all of them, or every n-th under n xdist workers."""
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
    return PORTS[worker::workers] or PORTS  # more workers than ports: share them all


def free_port():
    for port in worker_ports():
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS}")


def closed_port():
    """CLOSED_PORT, after checking that nothing listens there."""
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", CLOSED_PORT)) == 0:
            raise RuntimeError(f"something listens on port {CLOSED_PORT}")
    return CLOSED_PORT


@contextmanager
def silent_server():
    """A port that accepts connections and never answers: a hung Redis. Yields the port."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", free_port()))
        server.listen(64)  # the kernel completes the handshakes; nothing ever reads
        yield server.getsockname()[1]


@contextmanager
def private_redis(*arguments, port=None):
    """A redis-server of our own (no persistence unless asked), with extra ``arguments``.

    Yields (url, process).
    """
    if not shutil.which("redis-server"):
        import pytest

        pytest.skip("redis-server is not installed")
    port = port or free_port()
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1"]
    command += ["--save", "", "--appendonly", "no", *arguments]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        deadline = time.monotonic() + 10
        while not redis_answers(url):
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("the private redis-server did not start")
            time.sleep(0.05)
        yield url, process
    finally:
        process.terminate()
        process.wait(timeout=10)


def clear_cache():
    """Empty the test cache. On the machine's Redis only this test's keys: ``cache.clear()``
    there is FLUSHDB, which would empty other test runs' and xdist workers' keys too."""
    from django.conf import settings
    from django.core.cache import cache

    options = settings.CACHES["default"]
    if options.get("LOCATION") != REDIS_URL:
        cache.clear()
        return
    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(match=f"{options['KEY_PREFIX']}:*", count=1000))
    if keys:
        client.delete(*keys)


def count_keys(url, prefix):
    """The number of keys under ``prefix`` on the server at ``url``."""
    client = redis.Redis.from_url(url)
    return sum(1 for _ in client.scan_iter(match=f"{prefix}:*", count=1000))
