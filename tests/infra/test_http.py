"""The Content-Security-Policy allows the build's own inline scripts by hash, and nothing else inline."""

from __future__ import annotations

import base64
import hashlib

from portal_app.infra.http import content_security_policy, inline_script_hashes


def _source(script: bytes) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script).digest()).decode() + "'"


def test_inline_scripts_of_built_pages_are_hashed_once_and_external_ones_not(tmp_path):
    (tmp_path / "admin").mkdir()
    page = b'<html><script>window.x = "\xc3\xa9";</script><script type="module" async="">import "/a.js";</script>'
    (tmp_path / "index.html").write_bytes(page + b'<script src="/assets/app.js"></script></html>')
    (tmp_path / "admin" / "index.html").write_bytes(page)
    assert inline_script_hashes(tmp_path) == sorted(
        [_source(b'window.x = "\xc3\xa9";'), _source(b'import "/a.js";')]  # the bytes, as browsers hash
    )


def test_script_src_never_allows_inline_scripts_wholesale():
    policy = content_security_policy(["'sha256-abc='"])
    script_src = next(d.strip() for d in policy.split(";") if d.strip().startswith("script-src"))
    assert script_src == "script-src 'self' 'sha256-abc='"
