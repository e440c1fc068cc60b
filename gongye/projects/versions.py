"""The data version of a region's projects and returns: what the 赛马 is cached under, so a
cached race is never stale after a change made through the register.

Each region has a token in the cache (``gongye:projects:version:<code>``). Once a transaction
that saved or deleted a project or a return commits (``computed.changes`` listens to the
models' signals), the token of its county and of every region above it (its city, its
province) is replaced by a new one. A reader takes the token first and the data after it, and
caches only outside a transaction (``cacheable``): a race computed from data read before the
commit is stored under the old token, which is never read again. A token is random, not a
counter: a token lost from the cache is replaced by a new one and can never bring back an old
entry. Writes that bypass the models' signals (a bulk load of demo or benchmark data, an
``update()`` outside the services) are caught by the cached entries' own expiry
(``CACHE_SECONDS``).

One cache read for a version whatever the size of the region: a city's race reads the city's
token, which every change in its counties replaces.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db import transaction

if TYPE_CHECKING:
    from gongye.orgs.models import Region

CACHE_SECONDS = 3600  # what bypasses the signals is at most this old
_VERSION_KEY = "gongye:projects:version:{code}"


def _new() -> str:
    return uuid.uuid4().hex


def cacheable() -> bool:
    """Whether a read may be cached now: not inside a transaction, whose own uncommitted writes
    it would see (and which the tests run in)."""
    return not transaction.get_connection().in_atomic_block


def region_version(region: Region) -> str:
    """The token of ``region``'s projects and returns (with the regions below it)."""
    key = _VERSION_KEY.format(code=region.code)
    token = cache.get(key)
    if token is None:
        cache.add(key, _new(), None)
        token = cache.get(key)
    return str(token)


def region_touch(region_id: int) -> None:
    """New tokens for the region and every region above it (their data changed)."""
    from gongye.orgs.models import Region

    path = Region.objects.filter(pk=region_id).values_list("path", flat=True).first()
    if not path:
        return
    codes = [code for code in path.split("/") if code]
    cache.set_many({_VERSION_KEY.format(code=code): _new() for code in codes}, None)
