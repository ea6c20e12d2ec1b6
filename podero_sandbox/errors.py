"""Refusals the sandbox answers with, in the bodies Podero's django-ninja backend uses."""

from typing import Any


class ApiError(Exception):
    def __init__(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        super().__init__(status, body)
        self.status = status
        self.body = body
        self.headers = headers or {}


def not_found() -> ApiError:
    return ApiError(404, {"detail": "Not Found"})


def unauthorized() -> ApiError:
    return ApiError(401, {"detail": "Unauthorized"})


def method_not_allowed() -> ApiError:
    return ApiError(405, {"detail": "Method Not Allowed"})


def conflict(*, state: str, reason: str) -> ApiError:
    return ApiError(409, {"state": state, "reason": reason})


def bad_control_request(message: str) -> ApiError:
    return ApiError(400, {"detail": message})


class Invalid(ApiError):
    """A 422 listing every field that failed, as pydantic would."""

    def __init__(self, problems: list[dict[str, Any]]) -> None:
        super().__init__(422, {"detail": problems})
        self.problems = problems


def problem(loc: tuple[str, ...], msg: str) -> dict[str, Any]:
    return {"type": "value_error", "loc": ["body", "payload", *loc], "msg": msg}
