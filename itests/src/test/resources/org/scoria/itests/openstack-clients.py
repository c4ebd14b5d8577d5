"""Runs the cinder and openstack CLIs for the integration tests without paying Python's start and
the clients' imports (about a second) for every command: the clients are imported once, then each
command runs in a process of its own forked from that state, which calls the client's console
entry point (what /usr/bin/cinder and /usr/bin/openstack call) with the command's arguments and
environment. No command sees what another one did: each starts from the same freshly imported state.

Reads one JSON request a line on stdin, {"command": ["cinder", ...], "environment": {...}}, and
answers each with one JSON line on stdout, {"exit": N, "output": "..."}: standard output and
error together, as the tests read a CLI's. Run it with Debian's /usr/bin/python3.
"""
import json
import logging
import os
import sys
import traceback

# The clients read OS_* and CINDER* variables: a command has only those its request gives.
BASE_ENVIRONMENT = {name: value for name, value in os.environ.items() if not name.startswith(("OS_", "CINDER"))}
os.environ.clear()
os.environ.update(BASE_ENVIRONMENT)
# cliff names the openstack CLI after the program it was imported in, as /usr/bin/openstack does.
sys.argv = ["openstack"]

import openstackclient.shell  # noqa: E402

# Importing cinder's shell gives the root logger a handler, which the openstack CLI never has.
HANDLERS = {"openstack": list(logging.getLogger().handlers)}
import cinderclient.shell  # noqa: E402

HANDLERS["cinder"] = list(logging.getLogger().handlers)
ENTRY_POINTS = {"cinder": cinderclient.shell.main, "openstack": openstackclient.shell.main}


def command_process(command, environment, output):
    """In the forked process: the command with its output on the pipe, then its exit status."""
    status = 1
    try:
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(output, 1)
        os.dup2(output, 2)
        sys.stdout = open(1, "w", closefd=False)
        sys.stderr = open(2, "w", closefd=False)
        os.environ.clear()
        os.environ.update(BASE_ENVIRONMENT)
        os.environ.update(environment)
        sys.argv = list(command)
        logging.getLogger().handlers[:] = HANDLERS[command[0]]
        try:
            result = ENTRY_POINTS[command[0]]()
            status = result if isinstance(result, int) else 0
        except SystemExit as exit:
            status = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
        except BaseException:
            traceback.print_exc()
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(status)


def run(command, environment):
    readable, writable = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(readable)
        command_process(command, environment, writable)
    os.close(writable)
    chunks = []
    with os.fdopen(readable, "rb") as pipe:
        for chunk in iter(lambda: pipe.read(65536), b""):
            chunks.append(chunk)
    _, status = os.waitpid(pid, 0)
    return {"exit": os.waitstatus_to_exitcode(status), "output": b"".join(chunks).decode("utf-8", "replace")}


for line in sys.stdin:
    request = json.loads(line)
    sys.stdout.write(json.dumps(run(request["command"], request["environment"])) + "\n")
    sys.stdout.flush()
