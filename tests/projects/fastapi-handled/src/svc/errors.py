# An exception class whose handler (in `svc.main`) sends the challenge.
from fastapi import HTTPException


class NotLoggedIn(HTTPException):
    def __init__(self):
        super().__init__(status_code=401, detail="log in")


def deny(status_code):
    raise HTTPException(status_code=status_code)
