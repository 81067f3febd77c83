"""Messages shown in the page itself rather than as toasts.

A toast returned from the backend runs through Reflex's `_call_function`, which uses `eval` and is
blocked by our Content-Security-Policy (no 'unsafe-eval'). States using `noting` declare
`notice` and `problem` string vars and show them with `components.forms.form_notice/form_error`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from portal_app.services.errors import DomainError, NotSignedIn


def noting(handler: Callable[..., Any]) -> Callable[..., Any]:
    """Like `state.base.guarded`, but a domain error becomes `self.problem` (shown on the page)."""

    @functools.wraps(handler)
    async def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        self.problem = ""
        self.notice = ""
        try:
            return await handler(self, *args, **kwargs)
        except NotSignedIn:
            return self._signin_redirect()
        except DomainError as error:
            self.problem = str(error)
            self.notice = ""
            return None

    return wrapper
