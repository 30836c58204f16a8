"""Codes that appear only in exports: CAMEO and FIPS countries, GDELT event ids."""

from __future__ import annotations

from newsdesk.export.codes import (
    cameo_country,
    country_name,
    fips_country,
    gdelt_event_id,
    iso2_country,
)


def test_cameo_country_codes_are_iso3_except_where_cameo_differs() -> None:
    assert cameo_country("KEN") == "KEN" and cameo_country("FRA") == "FRA"
    assert cameo_country("ROU") == "ROM" and cameo_country("TLS") == "TMP"
    assert cameo_country(None) == "" and cameo_country("") == ""


def test_places_get_fips_and_iso2_codes() -> None:
    assert fips_country("GBR") == "UK" and iso2_country("GBR") == "GB"
    assert fips_country("DEU") == "GM" and fips_country("KEN") == "KE"
    assert country_name("ROU") == "Romania"
    assert fips_country(None) == "" and fips_country("ZZZ") == ""


def test_gdelt_event_ids_are_stable_positive_64_bit_integers() -> None:
    assert gdelt_event_id("evt_00ff00ff00ff00ff00ff") == int("00ff00ff00ff00f", 16)
    assert gdelt_event_id("evt_ffffffffffffffffffff") == 2**60 - 1
    other = gdelt_event_id("not-a-newsdesk-id")
    assert other == gdelt_event_id("not-a-newsdesk-id") and 0 < other < 2**63
