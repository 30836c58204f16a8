"""Build ``cc-news-sample.warc.gz``, a small CC-NEWS-like WARC for the newsdesk examples.

Run from anywhere (paths are relative to this file)::

    python examples/warc/make_warc.py

The output is byte-identical on every run: WARC-Date values are fixed, WARC-Record-IDs are
``uuid5`` of the record type and target URI, and every record is written as its own gzip
member with a fixed header (mtime 0, no file name, OS byte 255). Only the deflate stream
comes from zlib, so a very different zlib build could in principle change the bytes.

Contents (in order): one ``warcinfo`` record; three HTTP 200 article pages, each a
``response`` followed by its ``request`` and ``metadata`` records as CC-NEWS has them; an
HTTP 301 redirect; an HTTP 404 page; and an HTTP 200 response whose payload is a PDF.
Only the three HTML 200 responses are articles; newsdesk must skip the other three.

The article pages are read from ``pages/*.html.in`` (plain HTML; the ``.in`` suffix keeps
``newsdesk ingest examples/`` from reading them a second time as loose HTML files).
Written by the newsdesk team; the page texts are the team's own words (see ../README.md).
"""

from __future__ import annotations

import hashlib
import struct
import uuid
import zlib
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
PAGES = HERE / "pages"
OUTPUT = HERE / "cc-news-sample.warc.gz"
FILENAME = OUTPUT.name
USER_AGENT = "newsdesk-sample-crawler/1.0 (+https://newsdesk.example/crawler)"

# (page file, target URI, WARC-Date, IP address, fetch time in ms)
ARTICLES = [
    ("sahel-monitor-putin-free-grain-africa.html.in",
     "https://sahelmonitor.example/2023/07/putin-free-grain-africa-summit",
     "2023-07-28T14:03:11Z", "192.0.2.41", 388),
    ("sahel-monitor-ecowas-standby-force.html.in",
     "https://sahelmonitor.example/2023/08/ecowas-standby-force-niger",
     "2023-08-11T06:48:09Z", "192.0.2.41", 412),
    ("meridian-wire-mexico-icj-ecuador.html.in",
     "https://meridianwire.example/2024/04/mexico-icj-ecuador-embassy-raid",
     "2024-04-12T03:17:42Z", "198.51.100.17", 256),
]

REDIRECT_FROM = "http://capitaldispatch.example/world/2023/07/17/russia-quits-black-sea-grain-deal"
REDIRECT_TO = "https://capitaldispatch.example/world/2023/07/17/russia-quits-black-sea-grain-deal"
REDIRECT_DATE = "2023-07-28T14:05:37Z"

MISSING_URI = "https://sahelmonitor.example/2023/08/niger-ecowas-summit-live-updates"
MISSING_DATE = "2023-08-11T06:49:55Z"

PDF_URI = "https://meridianwire.example/media/2024/04/factsheet-mexico-ecuador-dispute.pdf"
PDF_DATE = "2024-04-12T03:18:20Z"

WARCINFO = {
    "software": "newsdesk examples/warc/make_warc.py (warcio)",
    "format": "WARC File Format 1.0",
    "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.0/",
    "isPartOf": "CC-NEWS-SAMPLE",
    "description": "Sample news crawl for the newsdesk example corpus (not real crawl data)",
    "operator": "the newsdesk team",
    "publisher": "the newsdesk team",
    "robots": "checked",
    "http-header-user-agent": USER_AGENT,
}

NOT_FOUND_HTML = """<!doctype html>
<html lang="en-US">
<head><meta charset="UTF-8"><title>Page not found &#8211; Sahel Monitor</title></head>
<body class="error404">
<header><p class="site-title"><a href="/">Sahel Monitor</a></p></header>
<main>
<h1>Oops! That page can&#8217;t be found.</h1>
<p>The page you asked for may have moved or been removed.
Try the search box or go back to the home page.</p>
<form role="search" action="/"><input type="search" name="s"><button>Search</button></form>
</main>
<footer>Copyright © 2023 Sahel Monitor. All rights reserved.</footer>
</body>
</html>
"""

REDIRECT_HTML = """<html>
<head><title>301 Moved Permanently</title></head>
<body>
<center><h1>301 Moved Permanently</h1></center>
<hr><center>nginx</center>
</body>
</html>
"""


def pdf_bytes() -> bytes:
    """A tiny one-page PDF (text written for these examples) with a correct xref table."""
    stream = (b"BT /F1 14 Tf 72 720 Td (Meridian Wire factsheet: Mexico and Ecuador, "
              b"April 2024. Sample file for the newsdesk examples.) Tj ET")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n"
              f"startxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def record_id(kind: str, uri: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{kind} {uri}')}>"


def http_date(warc_date: str) -> str:
    from datetime import UTC, datetime
    from email.utils import format_datetime

    moment = datetime.strptime(warc_date, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    return format_datetime(moment, usegmt=True)


def gzip_member(data: bytes) -> bytes:
    """One gzip member with a fixed header, so the output does not depend on the clock."""
    deflate = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    body = deflate.compress(data) + deflate.flush()
    header = b"\x1f\x8b\x08\x00" + b"\x00\x00\x00\x00" + b"\x02\xff"
    trailer = struct.pack("<II", zlib.crc32(data) & 0xFFFFFFFF, len(data) & 0xFFFFFFFF)
    return header + body + trailer


class Archive:
    """Collects records, each serialised by warcio and gzipped on its own."""

    def __init__(self) -> None:
        self.buffer = BytesIO()
        self.members: list[bytes] = []
        self.writer = WARCWriter(self.buffer, gzip=False, warc_version="1.0")
        self.warcinfo_id = record_id("warcinfo", FILENAME)

    def add(self, record) -> None:  # type: ignore[no-untyped-def]
        self.buffer.seek(0)
        self.buffer.truncate()
        self.writer.write_record(record)
        self.members.append(gzip_member(self.buffer.getvalue()))

    def warcinfo(self, date: str) -> None:
        payload = "".join(f"{k}: {v}\r\n" for k, v in WARCINFO.items()).encode("utf-8")
        record = self.writer.create_warc_record(
            "", "warcinfo", payload=BytesIO(payload), length=len(payload),
            warc_content_type="application/warc-fields",
            warc_headers_dict={"WARC-Record-ID": self.warcinfo_id, "WARC-Date": date,
                               "WARC-Filename": FILENAME})
        self.add(record)

    def response(self, uri: str, date: str, ip: str, status: str, headers: list[tuple[str, str]],
                 body: bytes, payload_type: str | None) -> str:
        http = StatusAndHeaders(status, [*headers, ("Content-Length", str(len(body)))],
                                protocol="HTTP/1.1")
        warc = {"WARC-Record-ID": record_id("response", uri), "WARC-Date": date,
                "WARC-IP-Address": ip, "WARC-Warcinfo-ID": self.warcinfo_id}
        if payload_type:
            warc["WARC-Identified-Payload-Type"] = payload_type
        record = self.writer.create_warc_record(uri, "response", payload=BytesIO(body),
                                                length=len(body), http_headers=http,
                                                warc_headers_dict=warc)
        self.add(record)
        return warc["WARC-Record-ID"]

    def request(self, uri: str, date: str, ip: str, concurrent_to: str) -> None:
        host = uri.split("/")[2]
        path = "/" + uri.split("/", 3)[3] if uri.count("/") >= 3 else "/"
        http = StatusAndHeaders(f"GET {path} HTTP/1.1", [
            ("User-Agent", USER_AGENT),
            ("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
            ("Accept-Language", "en-US,en;q=0.5"),
            ("Accept-Encoding", "br,gzip"),
            ("Host", host),
            ("Connection", "Keep-Alive"),
        ], is_http_request=True)
        record = self.writer.create_warc_record(
            uri, "request", http_headers=http,
            warc_headers_dict={"WARC-Record-ID": record_id("request", uri), "WARC-Date": date,
                               "WARC-IP-Address": ip, "WARC-Warcinfo-ID": self.warcinfo_id,
                               "WARC-Concurrent-To": concurrent_to})
        self.add(record)

    def metadata(self, uri: str, date: str, fetch_ms: int, concurrent_to: str,
                 charset: str | None) -> None:
        fields = f"fetchTimeMs: {fetch_ms}\r\n"
        if charset:
            fields += f"charset-detected: {charset}\r\n"
        payload = fields.encode("utf-8")
        record = self.writer.create_warc_record(
            uri, "metadata", payload=BytesIO(payload), length=len(payload),
            warc_content_type="application/warc-fields",
            warc_headers_dict={"WARC-Record-ID": record_id("metadata", uri), "WARC-Date": date,
                               "WARC-Warcinfo-ID": self.warcinfo_id,
                               "WARC-Concurrent-To": concurrent_to})
        self.add(record)

    def fetch(self, uri: str, date: str, ip: str, fetch_ms: int, status: str,
              headers: list[tuple[str, str]], body: bytes, payload_type: str | None,
              charset: str | None = None) -> None:
        response_id = self.response(uri, date, ip, status, headers, body, payload_type)
        self.request(uri, date, ip, response_id)
        self.metadata(uri, date, fetch_ms, response_id, charset)

    def save(self, path: Path) -> None:
        path.write_bytes(b"".join(self.members))


def build(path: Path = OUTPUT) -> Path:
    archive = Archive()
    archive.warcinfo(ARTICLES[0][2])
    for name, uri, date, ip, fetch_ms in ARTICLES:
        body = (PAGES / name).read_bytes()
        headers = [("Date", http_date(date)), ("Server", "nginx"),
                   ("Content-Type", "text/html; charset=utf-8"),
                   ("Cache-Control", "max-age=300, public"),
                   ("ETag", '"' + hashlib.sha1(body).hexdigest()[:16] + '"'),
                   ("X-Crawler-Content-Encoding", "gzip")]
        archive.fetch(uri, date, ip, fetch_ms, "200 OK", headers, body, "text/html", "UTF-8")
        if uri.startswith("https://sahelmonitor.example/2023/07/"):
            redirect = REDIRECT_HTML.encode("utf-8")
            archive.fetch(REDIRECT_FROM, REDIRECT_DATE, "203.0.113.8", 41,
                          "301 Moved Permanently",
                          [("Date", http_date(REDIRECT_DATE)), ("Server", "nginx"),
                           ("Content-Type", "text/html; charset=utf-8"),
                           ("Location", REDIRECT_TO)], redirect, "text/html")
        if uri.startswith("https://sahelmonitor.example/2023/08/"):
            missing = NOT_FOUND_HTML.encode("utf-8")
            archive.fetch(MISSING_URI, MISSING_DATE, ip, 97, "404 Not Found",
                          [("Date", http_date(MISSING_DATE)), ("Server", "nginx"),
                           ("Content-Type", "text/html; charset=utf-8"),
                           ("Cache-Control", "no-cache")], missing, "text/html", "UTF-8")
    pdf = pdf_bytes()
    archive.fetch(PDF_URI, PDF_DATE, "198.51.100.17", 133, "200 OK",
                  [("Date", http_date(PDF_DATE)), ("Server", "nginx"),
                   ("Content-Type", "application/pdf"),
                   ("Content-Disposition",
                    'inline; filename="factsheet-mexico-ecuador-dispute.pdf"')],
                  pdf, "application/pdf")
    archive.save(path)
    return path


if __name__ == "__main__":
    written = build()
    print(f"wrote {written} ({written.stat().st_size} bytes, "
          f"sha256 {hashlib.sha256(written.read_bytes()).hexdigest()})")
