"""Load tests: the site under gunicorn, driven by wrk from a second process.

gunicorn runs two sync workers (the deployment's shape on this two-core
machine) on a free port; wrk keeps a bounded number of connections busy for
a fixed time and reports, through ``wrk_report.lua``, the request count,
latency percentiles and errors as one JSON line.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

WRK_SCRIPT = Path(__file__).with_name("wrk_report.lua")
WRK_MARKER = "WRK_JSON "
STARTUP_SECONDS = 60


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url, timeout=10):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@contextmanager
def gunicorn(environment, log_path, *, workers=2):
    """Serve the site with gunicorn on a free port; yield its base address."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "reviews_site.wsgi:application",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        "--error-logfile",
        str(log_path),
    ]
    process = subprocess.Popen(
        command, cwd=settings.BASE_DIR, env={**os.environ, **environment}, start_new_session=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(process, base, log_path)
        yield base
    finally:
        _stop(process)


def _wait_until_up(process, base, log_path):
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}; see {log_path}")
        try:
            if fetch(f"{base}/robots.txt", timeout=2) == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within {STARTUP_SECONDS} s; see {log_path}")


def _stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wrk_available():
    return shutil.which("wrk") is not None


def run_wrk(url, *, duration, connections, threads):
    """Load ``url`` for ``duration`` seconds; return requests/s, p50/p99 (ms) and errors."""
    command = [
        "wrk",
        f"--threads={threads}",
        f"--connections={connections}",
        f"--duration={duration}s",
        "--timeout=10s",
        f"--script={WRK_SCRIPT}",
        url,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith(WRK_MARKER))
    data = json.loads(line.removeprefix(WRK_MARKER))
    seconds = data["duration_us"] / 1_000_000
    return {
        "requests": data["requests"],
        "rps": data["requests"] / seconds if seconds else 0.0,
        "p50_ms": data["p50_us"] / 1000,
        "p99_ms": data["p99_us"] / 1000,
        "errors": sum(data["errors"].values()),
        "non_2xx": data["errors"]["status"],
    }
