"""Property-based contract test: schemathesis generates requests from the app's OpenAPI spec and
fails on any 5xx or any response that does not match the documented schema (status, media type, body).

Bounded: a few examples per operation (about a minute in all on the real index).
"""

from __future__ import annotations

import shutil

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from assistant.settings import Settings

EXAMPLES = 40
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory, index_settings):
    """The app over a COPY of the session's corpus and index: generated uploads and deletions touch only the copy."""
    from assistant.server.app import create_app

    root = tmp_path_factory.mktemp("schema")
    shutil.copytree(index_settings.corpus_dir, root / "corpus")
    shutil.copytree(index_settings.index_dir, root / "index", symlinks=True,
                    ignore=shutil.ignore_patterns("leases"))
    settings = Settings(**{**index_settings.model_dump(), "corpus_dir": root / "corpus", "index_dir": root / "index",
                           "data_dir": root / "data", "rate_limit_per_minute": 0})
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(settings))


def operations(api_schema):
    return [result.ok() for result in api_schema.get_all_operations()]


@pytest.mark.parametrize("mode", ["positive", "negative"])
def test_api_conforms_to_its_schema(api_schema, mode):
    """Valid requests (positive) and invalid ones (negative) for every operation: no 5xx, no undocumented answer."""
    from schemathesis import GenerationMode

    failures = []
    for operation in operations(api_schema):

        @given(case=operation.as_strategy(GenerationMode.POSITIVE if mode == "positive" else GenerationMode.NEGATIVE))
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            case.validate_response(case.call(), checks=CHECKS)

        try:
            check()
        except Unsatisfiable:  # nothing in this operation can be made invalid (no body, free-text path only)
            assert mode == "negative", operation.label
        except Exception as exc:  # collect every operation's failure, then report them together
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)


def test_the_schema_documents_errors_as_strings(api_schema):
    spec = api_schema.raw_schema
    assert "HTTPValidationError" not in str(spec)
    assert spec["components"]["schemas"]["ErrorResponse"]["properties"]["detail"]["type"] == "string"
    ask = spec["paths"]["/api/ask"]["post"]
    for code in ("400", "401", "403", "404", "405", "413", "422", "429"):
        assert ask["responses"][code]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorResponse")
    body = spec["components"]["schemas"]["AskRequest"]["properties"]["question"]
    assert body["maxLength"] == 2000 and body["minLength"] == 1
