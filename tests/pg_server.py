"""A PostgreSQL server for the tests: the one ``$BUILDTRACK_TEST_PG`` names, else a throwaway cluster started
here (``initdb`` and ``pg_ctl`` from PATH or Debian's /usr/lib/postgresql/*/bin) in a temporary folder on a
free local port, stopped when the tests end. Without either, PostgreSQL tests skip with one line saying why.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


class NoServer(Exception):
    """Why no PostgreSQL server is available (the skip reason)."""


def _binary(name: str) -> str:
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None)
    if not found:
        raise NoServer(f"no PostgreSQL server: set BUILDTRACK_TEST_PG or install PostgreSQL ({name} not found)")
    return found


def _as_server_user(command: list[str]) -> list[str]:
    """initdb refuses to run as root: there, run it as the ``postgres`` user the Debian package creates."""
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ThrowawayCluster:
    """initdb + pg_ctl start in a temporary folder; ``url`` reaches it as the superuser ``postgres`` (TCP logins
    need their password, so a wrong one is refused as on a real server)."""

    def __init__(self) -> None:
        initdb, self.pg_ctl = _binary("initdb"), _binary("pg_ctl")
        self.folder = Path(tempfile.mkdtemp(prefix="buildtrack-pg-"))
        self.data = self.folder / "data"
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        self.port = _free_port()
        password = self.folder / "password"
        password.write_text("buildtrack-test\n")
        if os.geteuid() == 0:
            shutil.chown(password, "postgres")
        command = [initdb, "-D", str(self.data), "-U", "postgres", "--pwfile", str(password), "-E", "UTF8"]
        self._run([*command, "--no-locale", "--auth-local=trust", "--auth-host=scram-sha-256"])  # passwords checked
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300"
        self._run([self.pg_ctl, "-D", str(self.data), "-o", options, "-w", "-l", str(self.folder / "log"), "start"])
        self.url = f"postgresql://postgres:buildtrack-test@127.0.0.1:{self.port}/postgres"

    def _run(self, command: list[str]) -> None:
        done = subprocess.run(_as_server_user(command), capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise NoServer(f"no PostgreSQL server: {Path(command[0]).name} failed: {done.stderr.strip()[-300:]}")

    def restart(self) -> None:
        """Stop the server at once (as a crash would) and start it again on the same folder and port."""
        restart(self.pg_ctl, self.data)

    def stop(self) -> None:
        subprocess.run(_as_server_user([self.pg_ctl, "-D", str(self.data), "-m", "immediate", "stop"]), check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


def restart(pg_ctl: str, data: Path | str) -> None:
    """``pg_ctl restart -m immediate``: the server stops without a checkpoint, as in a power cut, and recovers.
    Its output goes to a log file: a pipe would be held open by the new server and never end."""
    log = Path(data) / "restart.log"
    command = [pg_ctl, "-D", str(data), "-l", str(log), "-m", "immediate", "-w", "restart"]
    done = subprocess.run(_as_server_user(command), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
    if done.returncode != 0:
        raise NoServer(f"pg_ctl restart failed (exit {done.returncode}); see {log}")


_created = {"count": 0}


def new_database(server: str) -> str:
    """A new, empty database on ``server`` (its URL names the administrator); its URL."""
    import psycopg

    _created["count"] += 1
    name = f"bt_test_{os.getpid()}_{_created['count']}"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name}")
        connection.execute(f"CREATE DATABASE {name}")
    return server.rsplit("/", 1)[0] + "/" + name
