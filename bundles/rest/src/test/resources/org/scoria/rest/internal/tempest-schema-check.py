"""Checks Scoria's answers against tempest's response schemas, as tempest's clients check them.

Reads a JSON list of cases from stdin, each {"case", "schema": "<module>.<name>", "version":
"3.<n>", "status", "body"}, and prints a JSON list of the cases that fail, each with tempest's
message. A case is checked with the schema of the highest microversion module of tempest
(tempest/lib/api_schema/response/volume/v3_<n>/) not above its version that has the schema,
else the unversioned one, the way tempest's volume clients pick theirs.
Run it with Debian's /usr/bin/python3, where tempest is installed.
"""
import importlib
import json
import os
import sys

from tempest.lib.api_schema.response import volume as schemas
from tempest.lib.common import rest_client
from tempest.lib import exceptions


def versions():
    root = os.path.dirname(schemas.__file__)
    found = [int(name[3:]) for name in os.listdir(root) if name.startswith("v3_") and name[3:].isdigit()]
    return sorted(found, reverse=True)


def schema_for(name, version):
    module, attribute = name.rsplit(".", 1)
    minor = int(version.split(".")[1])
    for candidate in versions():
        if candidate > minor:
            continue
        try:
            loaded = importlib.import_module("%s.v3_%d.%s" % (schemas.__name__, candidate, module))
        except ImportError:
            continue
        if hasattr(loaded, attribute):
            return getattr(loaded, attribute)
    return getattr(importlib.import_module("%s.%s" % (schemas.__name__, module)), attribute)


class Answer(dict):
    def __init__(self, status):
        super().__init__()
        self.status = status


failures = []
for case in json.load(sys.stdin):
    try:
        rest_client.RestClient.validate_response(schema_for(case["schema"], case["version"]),
                                                 Answer(case["status"]), case["body"])
    except (exceptions.InvalidHTTPResponseBody, exceptions.InvalidHttpSuccessCode) as failure:
        failures.append({"case": case["case"], "error": str(failure)})
print(json.dumps(failures))
