from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, status
from fastapi.security import OAuth2PasswordBearer

router = APIRouter(prefix="/auth")
oauth2_scheme = OAuth2PasswordBearer(tokenUrl="auth/token")


# Mistake: the 401 carries no `WWW-Authenticate` challenge, so a client cannot tell how to
# authenticate (RFC 9110 §15.5.2). FastAPI's security tutorial adds `headers=` for this reason.
def current_user(token: Annotated[str, Depends(oauth2_scheme)]) -> str:
    if token != "secret-token":
        raise HTTPException(status_code=status.HTTP_401_UNAUTHORIZED, detail="bad token")
    return "alice"


# Correct: the challenge names the scheme.
def admin_user(token: Annotated[str, Depends(oauth2_scheme)]) -> str:
    if token != "admin-token":
        raise HTTPException(
            status_code=status.HTTP_401_UNAUTHORIZED,
            detail="admins only",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return "root"


@router.get("/me")
async def me(user: Annotated[str, Depends(current_user)]):
    return {"user": user}


@router.get("/admin")
async def admin(user: Annotated[str, Depends(admin_user)]):
    return {"admin": user}
