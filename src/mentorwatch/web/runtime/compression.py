"""gzip for text responses above a size, when the browser accepts it."""

from __future__ import annotations

import gzip

from flask import Flask, request
from werkzeug.wrappers import Response

#: smaller answers are not worth compressing
MIN_SIZE = 1024
COMPRESSED_TYPES = ("text/", "application/json", "image/svg+xml", "application/javascript")


def install(app: Flask) -> None:
    app.after_request(compress)


def compress(response: Response) -> Response:
    if (
        response.direct_passthrough
        or response.status_code < 200
        or response.status_code in (204, 304)
        or "Content-Encoding" in response.headers
        or not (response.mimetype or "").startswith(COMPRESSED_TYPES)
        or "gzip" not in request.headers.get("Accept-Encoding", "")
    ):
        return response
    data = response.get_data()
    response.vary.add("Accept-Encoding")
    if len(data) < MIN_SIZE:
        return response
    response.set_data(gzip.compress(data, compresslevel=5))
    response.headers["Content-Encoding"] = "gzip"
    return response
