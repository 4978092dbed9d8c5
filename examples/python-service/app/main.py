from fastapi import FastAPI

from app.routers import auth, items

app = FastAPI()
app.include_router(auth.router)
app.include_router(items.router)


@app.get("/health")
async def health():
    return {"ok": True}
