"""Schemathesis against the OpenAPI schema, in process (no network): no input gives a 5xx."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from api.app import create_app
from embeddings.encoder import FakeEncoder
from qa.ingest.pipeline import ingest_paths
from tests.conftest import REPORTS, make_settings

_ROOT = Path(tempfile.mkdtemp(prefix="qa-schema-"))
ingest_paths(
    [sorted(REPORTS.glob("*.txt"))[4]], root=_ROOT / "index", encoder=FakeEncoder(64), progress=False
)
APP = create_app(make_settings(_ROOT / "index", max_file_bytes=20_000, rate_limit="100000/minute"))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case: schemathesis.Case) -> None:
    case.call_and_validate(checks=[not_a_server_error])


def teardown_module() -> None:
    shutil.rmtree(_ROOT, ignore_errors=True)
