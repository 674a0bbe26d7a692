"""Run the page's spaced-repetition module (src/psoas_course/ui/assets/srs.js) under Node.

``run(script, args)`` evaluates ``script`` (a JavaScript function body that sees ``S``, the
module, and ``args``) with the ts-fsrs build the site ships, and returns what it returns.
Without node or node_modules/ts-fsrs the tests skip with the reason, except in CI (CI=true),
where a missing scheduler must fail the run instead of passing it silently.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HARNESS = ROOT / "tests" / "js" / "srs_node.js"
UMD = ROOT / "node_modules" / "ts-fsrs" / "dist" / "index.umd.js"


def missing() -> str | None:
    """Why the module cannot run here, or None."""
    if shutil.which("node") is None:
        return "node is not installed (Debian: apt-get install nodejs)"
    if not UMD.is_file():
        return "node_modules/ts-fsrs is missing: run `npm ci` (make setup does it)"
    return None


def need_node() -> None:
    reason = missing()
    if reason is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must run the scheduler tests, but {reason}")
    pytest.skip(reason)


def run(script: str, args=None, *, storage=None, now=None, scheduler=True):
    """The value ``script`` returns; with ``storage`` (a dict), also the storage after it."""
    need_node()
    request = {"script": script, "args": args or {}, "storage": storage, "now": now}
    if not scheduler:
        request["noScheduler"] = True
    out = node_json(HARNESS, request)
    return (out["result"], out.get("storage")) if storage is not None else out["result"]


def node_json(harness: Path, request: dict) -> dict:
    """Send ``request`` as JSON to a Node harness in tests/js and return its JSON answer."""
    done = subprocess.run(
        ["node", str(harness)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert "error" not in out, out["error"]
    return out
