"""The site's error pages."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def bad_request(request, exception):
    return render(request, "400.html", status=400)


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without the request: context processors may touch the failing database.
    return HttpResponseServerError(loader.render_to_string("500.html"))
