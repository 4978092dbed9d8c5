# Routes whose dependencies, helpers and exceptions are in `app.core`, imported relatively and
# absolutely.
from fastapi import APIRouter, Depends, Security

from app.core import get_current_user
from app.core.deps import called_directly, called_in_narrow_try, called_in_try
from ..core.deps import api_key, get_admin
from ..core import errors
from ..core.errors import AuthError, ChallengedError, deny, error_response

router = APIRouter()


@router.get("/me")
async def me(user: str = Depends(get_current_user)):
    return {"user": user}


@router.get("/admin", dependencies=[Security(get_admin)])
async def admin():
    return {"ok": True}


@router.get("/keyed")
async def keyed(key: str = Depends(api_key)):
    return {"key": key}


@router.get("/direct")
async def direct(token: str = ""):
    return {"token": called_directly(token)}


@router.get("/guarded")
async def guarded(token: str = ""):
    try:
        return {"token": called_in_try(token)}
    except Exception:
        return {"token": None}


@router.get("/parsed")
async def parsed(token: str = ""):
    try:
        return {"token": called_in_narrow_try(token)}
    except ValueError:
        return {"token": None}


@router.get("/items/{item_id}")
async def read_item(item_id: int):
    if item_id == 0:
        return error_response("log in", 401)
#                                       ^^^ missing-www-authenticate
#   note: built by errors::error_response at src/app/core/errors.py:7
    if item_id == 1:
        deny(405)
#            ^^^ missing-allow
#   note: built by errors::deny at src/app/core/errors.py:11
    if item_id == 2:
        raise AuthError()
#             ^^^^^^^^^^^ missing-www-authenticate
#   note: status set by errors::AuthError at src/app/core/errors.py:16
    if item_id == 3:
        raise errors.AuthError("again")
#             ^^^^^^^^^^^^^^^^^^^^^^^^^ missing-www-authenticate
#   note: status set by errors::AuthError at src/app/core/errors.py:16
    return {"id": item_id}


@router.get("/quiet/{item_id}")
async def quiet(item_id: int, status: int):
    # ok(missing-www-authenticate, missing-allow): a status the caller does not name, a class that sends the challenge
    if item_id == 0:
        return error_response("who", status)
    if item_id == 1:
        raise ChallengedError()
    return {"id": item_id}


def client_code():
    # ok(missing-www-authenticate): not a handler: nothing here is sent
    deny(401)
    return error_response("x", 401)
