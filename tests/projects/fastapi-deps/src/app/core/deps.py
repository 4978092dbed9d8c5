# Dependencies of routes in other modules: each is a handler context only because a route of the
# package gives it to `Depends`/`Security` or calls it (what it raises is the route's).
from fastapi import HTTPException, Request, status


def get_current_user(request: Request):
    if "authorization" not in request.headers:
        raise HTTPException(status_code=status.HTTP_401_UNAUTHORIZED, detail="log in")
#                                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ missing-www-authenticate
    return "me"


def get_admin(request: Request):
    if request.headers.get("x-admin") != "yes":
        raise HTTPException(401, "admins only")
#                           ^^^ missing-www-authenticate
    return "admin"


def api_key(request: Request):
    # ok(missing-www-authenticate): the route that uses it sends the challenge
    if "x-key" not in request.headers:
        raise HTTPException(401, "key", headers={"WWW-Authenticate": "ApiKey"})
    return "key"


def unused_dependency(request: Request):
    # ok(missing-www-authenticate): no route gives it to `Depends`
    if "x-other" not in request.headers:
        raise HTTPException(401, "no")
    return "other"


def called_directly(token: str):
    if not token:
        raise HTTPException(401, "no")
#                           ^^^ missing-www-authenticate
    return token


def called_in_try(token: str):
    # ok(missing-www-authenticate): the only route calling it catches what it raises
    if not token:
        raise HTTPException(401, "no")
    return token


def called_in_narrow_try(token: str):
    if not token:
        raise HTTPException(401, "no")
#                           ^^^ missing-www-authenticate
    return int(token)
