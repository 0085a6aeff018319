"""plyr.fm's moderation loop, as its HTTP client calls the moderation service.

Written to the wire behaviour of plyr.fm's scripts/moderation_loop.py `ModClient`
(httpx.AsyncClient with base_url, the key in X-Moderation-Key, raise_for_status()
after every call, `.json().get("tracks", [])` for the list), so Warden is tried by
the client library plyr.fm uses. e2e/plyr-loop.api.spec.ts runs it against the
built server and reads the JSON it prints.

usage: python3 moderation_loop_calls.py BASE_URL WORD   (key in MODERATION_AUTH_TOKEN)
"""

import asyncio
import json
import os
import sys

import httpx


class ModerationService:
    def __init__(self, base_url: str, key: str) -> None:
        self.base_url = base_url
        self.client = httpx.AsyncClient(base_url=base_url, headers={"X-Moderation-Key": key}, timeout=30.0)

    async def list_pending(self) -> list:
        response = await self.client.get("/admin/flags", params={"filter": "pending"})
        response.raise_for_status()
        return response.json().get("tracks", [])

    async def resolve(self, uri: str, reason: str, notes: str = "") -> None:
        body = {"uri": uri, "val": "copyright-violation", "reason": reason, "notes": notes}
        response = await self.client.post("/admin/resolve", json=body)
        response.raise_for_status()

    async def create_batch(self, uris: list, created_by=None) -> dict:
        response = await self.client.post("/admin/batches", json={"uris": uris, "created_by": created_by})
        response.raise_for_status()
        return response.json()

    async def close(self) -> None:
        await self.client.aclose()


async def main(base_url: str, word: str) -> dict:
    service = ModerationService(base_url, os.environ["MODERATION_AUTH_TOKEN"])
    try:
        pending = await service.list_pending()
        ours = [f for f in pending if word in (f.get("context") or {}).get("track_title", "")]
        ours.sort(key=lambda f: f["seq"])
        deleted, noise, *human = [f["uri"] for f in ours]
        await service.resolve(deleted, "content_deleted", "track no longer exists")
        await service.resolve(noise, "fingerprint_noise", "auto: fingerprint noise")
        # The model's NEEDS_HUMAN list: real ones, one just resolved, a mistyped one, a repeat.
        needs_human = [human[0], noise, human[0] + "x", human[1], human[0]]
        batch = await service.create_batch(needs_human, created_by="moderation_loop")
        message = f"[PLYR-MOD:TEST] {batch['flag_count']} need review:\n{service.base_url.rstrip('/')}{batch['url']}"
        return {"pending": len(pending), "ours": [f["uri"] for f in ours], "batch": batch, "dm": message}
    finally:
        await service.close()


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(sys.argv[1], sys.argv[2]))))
