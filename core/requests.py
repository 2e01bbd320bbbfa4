"""The WSGI application, with requests that decode their query string as UTF-8 whatever the
Content-Type header claims.

Django's ``WSGIRequest`` takes the ``charset`` of the Content-Type header as the encoding of
the query string and the form body, while it builds the request, before any middleware runs:
``charset=base64`` (a codec, but no text encoding) raises there and ends as a bare 500 from the
application server; ``charset=unicode_escape`` turns ``%5Cud800`` into a lone surrogate that
fails later. Our pages are UTF-8 and browsers send UTF-8, so the declared charset is kept in
``content_params`` for :class:`core.middleware.MalformedRequestMiddleware`, which refuses a
body in anything else with 400, and never used to decode.
"""

from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
from django.utils.http import parse_header_parameters


class Utf8WSGIRequest(WSGIRequest):
    def _set_content_type_params(self, meta):
        self.content_type, self.content_params = parse_header_parameters(
            meta.get("CONTENT_TYPE", "")
        )


class Utf8WSGIHandler(WSGIHandler):
    request_class = Utf8WSGIRequest
