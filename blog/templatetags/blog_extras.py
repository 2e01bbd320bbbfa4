from django import template

from core.json_ld import ld_json

register = template.Library()
register.filter("ld_json", ld_json)
