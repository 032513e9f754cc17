"""The server's write guard: the Bearer token check, as ASGI middleware (before a body is read)
and as a route dependency."""

from __future__ import annotations

import json
import secrets
from typing import Any

from fastapi import HTTPException, Request


class GuardPost:
    """ASGI middleware for POST /api/articles: the token is checked before any of the body is
    read, and a body over `max_bytes` is refused (413) from its Content-Length or as it streams."""

    def __init__(self, app: Any, token: str | None, max_bytes: int):
        self.app, self.token, self.max_bytes = app, token, max_bytes

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or self.token is None:
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        problem = token_problem(headers.get("authorization", ""), self.token)
        if problem:
            await _plain(send, *problem)
            return
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_bytes:
            await _plain(send, 413, f"request body over {self.max_bytes} bytes")
            return
        seen, too_big = 0, False

        async def limited() -> dict:
            nonlocal seen, too_big
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    too_big = True
                    raise _BodyTooBig
            return message

        async def quiet_if_too_big(message: dict) -> None:
            if not too_big:  # the app's answer to a cut-off body (a 400 or 422) is replaced by the 413
                await send(message)

        try:
            await self.app(scope, limited, quiet_if_too_big)
        except Exception:
            if not too_big:
                raise
        if too_big:
            await _plain(send, 413, f"request body over {self.max_bytes} bytes")


class _BodyTooBig(Exception):
    pass


def token_problem(auth: str, token: str) -> tuple[int, str] | None:
    """(status, message) when the Authorization header does not carry this bearer token."""
    scheme, _, given = auth.partition(" ")
    if not auth or scheme.lower() != "bearer" or not given.strip():
        return 401, "missing bearer token"
    if not secrets.compare_digest(given.strip().encode(), token.encode()):
        return 403, "wrong token"
    return None


async def _plain(send: Any, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if status == 401:
        headers.append((b"www-authenticate", b"Bearer"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def token_guard(token: str | None, what: str) -> Any:
    """A route dependency: the request must carry the server's Bearer token (405 without one)."""

    def check_token(request: Request) -> None:
        if token is None:
            raise HTTPException(405, f"this server is read-only: start it with a token to {what}")
        problem = token_problem(request.headers.get("authorization", ""), token)
        if problem:
            raise HTTPException(problem[0], problem[1], headers={"WWW-Authenticate": "Bearer"})

    return check_token
