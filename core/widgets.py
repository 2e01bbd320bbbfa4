"""The form renderer of the reader-facing forms.

Django's own widget and error-list templates in their Jinja2 versions: the same markup, rendered
several times faster than through the Django template engine — the post page shows dozens of
widgets (comment form, rating, a vote per thesis). One instance, so the Jinja2 environment and
its compiled templates are built once per process. The admin keeps Django's default renderer.
"""

from django.forms.renderers import Jinja2

WIDGET_RENDERER = Jinja2()
