from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

from core.conf import core_settings


class PermissionsPolicyMiddleware:
    """Adds the Permissions-Policy header, which Django does not set itself."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.value = core_settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.value)
        return response


class DatabaseUnavailableMiddleware:
    """Answers 503 in the site's design when the database is unreachable, never a traceback."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        # Rendered without the request: its context processors could need the database.
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = "60"
        return response
