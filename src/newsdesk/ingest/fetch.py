"""Fetching a URL, only ever because the user passed that URL. Bounded in time and size."""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass

from newsdesk.config import Settings
from newsdesk.errors import InputError


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str
    data: bytes
    content_type: str
    charset: str | None


def fetch_url(url: str, settings: Settings) -> Fetched:
    """GET ``url`` (http/https only). Raises :class:`InputError` with the reason."""
    if not url.lower().startswith(("http://", "https://")):
        raise InputError(f"{url}: only http and https URLs can be fetched", code="bad_url")
    request = urllib.request.Request(url, headers={"User-Agent": settings.ingest.user_agent})
    limit = settings.ingest.max_bytes
    try:
        with urllib.request.urlopen(request, timeout=settings.ingest.timeout) as response:
            data = response.read(limit + 1)
            if len(data) > limit:
                raise InputError(
                    f"{url}: response over the {limit / 1e6:.1f} MB limit "
                    "(setting ingest.max_bytes)",
                    code="too_large",
                )
            headers = response.headers
            return Fetched(
                url=response.geturl(),
                data=data,
                content_type=headers.get_content_type(),
                charset=headers.get_content_charset(),
            )
    except urllib.error.HTTPError as err:
        raise InputError(f"{url}: HTTP {err.code} {err.reason}", code="http_error") from err
    except (urllib.error.URLError, TimeoutError, OSError) as err:
        reason = getattr(err, "reason", err)
        raise InputError(f"{url}: cannot fetch ({reason})", code="fetch_failed") from err
