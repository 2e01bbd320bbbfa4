"""The project's URLs plus two baselines that show what Django itself costs.

``/bench/hello/`` answers a fixed "Hello, world"; ``/bench/floor/<bytes>/`` answers a fixed HTML
page of that size. Both run through the same middleware as every page, so the ratio of a real page
to the floor is the cost of our own code.
"""

from functools import cache

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def hello(request):
    return HttpResponse("Hello, world")


@cache
def _fixed_page(size: int) -> bytes:
    line = "<p>Gegenverkehr – Kommunikation in beide Richtungen.</p>\n".encode()
    body = line * (size // len(line) + 1)
    return b"<!DOCTYPE html><html lang=de><body>" + body[:size] + b"</body></html>"


def floor(request, size):
    return HttpResponse(_fixed_page(size), content_type="text/html; charset=utf-8")


urlpatterns = [
    path("bench/hello/", hello),
    path("bench/floor/<int:size>/", floor),
    *project_urlpatterns,
]
