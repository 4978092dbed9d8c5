# Helpers and exception classes the routes use.
from fastapi import HTTPException
from fastapi.responses import JSONResponse


def error_response(message: str, status_code: int):
    return JSONResponse({"error": message}, status_code=status_code)


def deny(status_code: int):
    raise HTTPException(status_code=status_code, detail="denied")


class AuthError(HTTPException):
    def __init__(self, detail: str = "log in"):
        super().__init__(status_code=401, detail=detail)


class ChallengedError(HTTPException):
    # ok(missing-www-authenticate): it sends the challenge
    def __init__(self):
        super().__init__(status_code=401, headers={"WWW-Authenticate": "Bearer"})
