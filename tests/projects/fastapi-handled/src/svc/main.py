# The app registers a handler for `HTTPException`: it may add any header, so raised errors stay silent.
from fastapi import FastAPI, Request
from fastapi.exceptions import HTTPException
from fastapi.responses import JSONResponse

from .errors import NotLoggedIn, deny

app = FastAPI()


@app.exception_handler(HTTPException)
async def with_challenge(request: Request, exc: HTTPException):
    return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers={"WWW-Authenticate": "Bearer"})


@app.get("/me")
async def me(token: str = ""):
    # ok(missing-www-authenticate, missing-allow): the exception handler answers both
    if not token:
        raise NotLoggedIn()
    if token == "x":
        deny(405)
    return {"token": token}


@app.get("/plain")
async def plain():
    return JSONResponse({"error": "log in"}, status_code=401)
#                                                        ^^^ missing-www-authenticate
