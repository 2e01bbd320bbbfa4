"""The admin site, hardened against query strings and form data no admin page produces.

Django's admin answers some hand-made requests with a server error: a date filter with a year
beyond 9999 (``?submitted_at__year=99999999999``, or 9999 in the date hierarchy, whose next
year does not exist), a lookup that fails only when the query runs, an action on ids that are
no numbers. Every :class:`~django.contrib.admin.ModelAdmin` registered on the default site — the
project's and third-party ones (users, tags, login attempts) — gets :class:`HardenedAdminMixin`,
so these end as the admin's own answers: wacky filter parameters redirect to the list with
``?e=1``, an invalid selection (no number, or one beyond the column) shows an error message,
a pattern lookup is refused (400), an empty ``?_to_field=`` means the primary key.

The site is the default one through :class:`AdminConfig` in ``INSTALLED_APPS``.
"""

from django.contrib import admin, messages
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.contrib.admin.exceptions import DisallowedModelAdminLookup
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ValidationError
from django.db import DataError, NotSupportedError, connection, transaction
from django.utils.translation import gettext as _

# Lookups whose value is a pattern the database compiles: a broken one is a database error, and
# PostgreSQL's and SQLite's engines differ. The admin's search and filters never use them.
PATTERN_LOOKUPS = frozenset({"regex", "iregex"})


class HardenedChangeList(ChangeList):
    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as exc:  # dates beyond 9999 in the date hierarchy
            raise IncorrectLookupParameters(exc) from exc

    def get_results(self, request):
        # The first query with the filters runs here (the count). Values that pass the lookup
        # but not the database (a year of 11 digits, a lookup the backend lacks) end here; the
        # savepoint keeps a surrounding transaction usable after a database error.
        try:
            with transaction.atomic():
                super().get_results(request)
        except (ValueError, OverflowError, DataError, NotSupportedError) as exc:
            raise IncorrectLookupParameters(exc) from exc


class HardenedAdminMixin:
    def get_changelist(self, request, **kwargs):
        return HardenedChangeList

    def lookup_allowed(self, lookup, value, request=None):
        if PATTERN_LOOKUPS & set(lookup.split("__")):
            raise DisallowedModelAdminLookup(f"Filtering by {lookup} not allowed")
        return super().lookup_allowed(lookup, value, request)

    def get_object(self, request, object_id, from_field=None):
        # An empty ?_to_field= passes the admin's check of the field and then names no field.
        return super().get_object(request, object_id, from_field or None)

    def response_action(self, request, queryset):
        if not all(map(self._is_pk, request.POST.getlist(ACTION_CHECKBOX_NAME))):
            self.message_user(
                request, _("Die Auswahl enthält ungültige Einträge."), level=messages.ERROR
            )
            return None  # the list is shown again with the message
        return super().response_action(request, queryset)

    def _is_pk(self, value: str) -> bool:
        """True if ``value`` can be a primary key of the model (an integer the column holds)."""
        field = self.model._meta.pk
        try:
            pk = field.to_python(value)
        except ValidationError:
            return False
        if pk is None or pk == "":
            return False
        if isinstance(pk, int):
            low, high = connection.ops.integer_field_range(field.get_internal_type())
            return (low is None or pk >= low) and (high is None or pk <= high)
        return True


class HardenedAdminSite(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, HardenedAdminMixin):
            admin_class = type(
                admin_class.__name__,
                (HardenedAdminMixin, admin_class),
                {"__module__": admin_class.__module__, "__qualname__": admin_class.__qualname__},
            )
        super().register(model_or_iterable, admin_class, **options)


class AdminConfig(DjangoAdminConfig):
    """Django's admin app with :class:`HardenedAdminSite` as its default site."""

    default_site = "core.admin_site.HardenedAdminSite"
