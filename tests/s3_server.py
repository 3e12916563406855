"""A local S3-compatible server for the object-storage tests: moto's standalone server.

Started on 127.0.0.1 on a free port, one per test process, and stopped at the end.
Nothing leaves this machine. Without moto (``pip install 'moto[server]'``) the tests
that need it are skipped and say why; CI installs it with the dev dependencies.
"""

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

ACCESS_KEY = "test-access-key"
SECRET_KEY = "test-secret-key"
REGION = "us-east-1"


def _free_port():
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def moto_server_command():
    local = Path(sys.executable).with_name("moto_server")
    command = str(local) if local.exists() else shutil.which("moto_server")
    return command


@contextmanager
def s3_server():
    """Yield the endpoint URL of a fresh moto server on 127.0.0.1."""
    command = moto_server_command()
    if not command:
        pytest.skip("moto_server not found (pip install 'moto[server]'): object storage untested")
    port = _free_port()
    process = subprocess.Popen(
        [command, "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"moto_server did not start on {endpoint}")
                time.sleep(0.1)
        yield endpoint
    finally:
        process.terminate()
        process.wait(timeout=10)


def make_bucket(endpoint):
    import boto3

    name = f"media-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )
    client.create_bucket(Bucket=name)
    return name


def storage_settings(endpoint, bucket, **options):
    """The STORAGES "default" entry the settings build from the MEDIA_S3_* variables."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "location": "media",
            "endpoint_url": endpoint,
            "region_name": REGION,
            "access_key": ACCESS_KEY,
            "secret_key": SECRET_KEY,
            "addressing_style": "path",
            "querystring_auth": True,
            "file_overwrite": False,
            "default_acl": None,
            **options,
        },
    }


def environment(endpoint, bucket):
    """The MEDIA_S3_* variables for a server process using this bucket."""
    return {
        "MEDIA_S3_BUCKET": bucket,
        "MEDIA_S3_ENDPOINT_URL": endpoint,
        "MEDIA_S3_REGION": REGION,
        "MEDIA_S3_ACCESS_KEY_ID": ACCESS_KEY,
        "MEDIA_S3_SECRET_ACCESS_KEY": SECRET_KEY,
        "MEDIA_S3_ADDRESSING_STYLE": "path",
    }
