from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse, RedirectResponse

router = APIRouter(prefix="/items")
ITEMS: dict[int, str] = {1: "apple"}


@router.get("/{item_id}")
async def read_item(item_id: int):
    return {"id": item_id, "name": ITEMS.get(item_id)}


# Mistake: the route declares 204 and returns a value; FastAPI serialises it and then drops it,
# so the client never sees `{"deleted": ..}` (RFC 9110 §15.3.5).
@router.delete("/{item_id}", status_code=204)
async def delete_item(item_id: int):
    ITEMS.pop(item_id, None)
    return {"deleted": item_id}


# Mistake: a 204 built with content: Starlette sends it with the 204 (RFC 9110 §15.3.5).
@router.post("/{item_id}/touch")
async def touch_item(item_id: int):
    return JSONResponse(status_code=204, content={"touched": item_id})


# Mistake: a 301 without `Location` tells the client to go elsewhere without saying where
# (RFC 9110 §15.4.2).
@router.get("/old/{item_id}")
async def old_item(item_id: int):
    return Response(status_code=301)


# Correct: `RedirectResponse` sets `Location`.
@router.get("/legacy/{item_id}")
async def legacy_item(item_id: int):
    return RedirectResponse(url=f"/items/{item_id}", status_code=308)
