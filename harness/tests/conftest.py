import os
import pathlib
import socket

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def ascot():
    """Path of the ascot binary under test: $ASCOT_BIN, else the default build."""
    path = pathlib.Path(os.environ.get("ASCOT_BIN", ROOT / "build" / "default" / "harness" / "ascot"))
    if not path.exists():
        pytest.fail(f"{path} does not exist: build first (make build) or set ASCOT_BIN")
    return str(path)


@pytest.fixture(scope="session")
def root():
    return ROOT


@pytest.fixture
def free_port():
    """A port free for both UDP and TCP on 127.0.0.1 at the time of asking."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as t:
            t.bind(("127.0.0.1", 0))
            port = t.getsockname()[1]
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
                try:
                    u.bind(("127.0.0.1", port))
                except OSError:
                    continue
            return port
    pytest.fail("no free port")
