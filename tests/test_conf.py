"""Settings defaults live in one ``conf.py`` per app, and changed settings are seen at once."""

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import override_settings

from blog.conf import blog_settings
from comments.conf import comments_settings
from core.conf import AppSettings, core_settings

ROOT = Path(__file__).resolve().parent.parent
APP_SETTINGS = {"core": core_settings, "blog": blog_settings, "comments": comments_settings}


def test_no_module_reads_a_setting_with_a_default_of_its_own():
    pattern = re.compile(r"getattr\(\s*settings\s*,")
    found = [
        str(path.relative_to(ROOT))
        for app in ("config", *APP_SETTINGS)
        for path in (ROOT / app).rglob("*.py")
        if path != ROOT / "core" / "conf.py" and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_every_setting_has_its_default_in_one_app_only():
    names = [name for conf in APP_SETTINGS.values() for name in conf.DEFAULTS]
    assert len(names) == len(set(names))


def test_an_unknown_name_is_an_error_not_a_silent_default():
    with pytest.raises(AttributeError, match="COMMENTS_MAX_DEPT"):
        _ = comments_settings.COMMENTS_MAX_DEPT


def test_the_default_applies_when_the_project_leaves_a_setting_unset():
    assert not hasattr(django_settings, "COMMENTS_FORM_MAX_AGE")
    assert comments_settings.COMMENTS_FORM_MAX_AGE == 24 * 3600
    assert AppSettings({"GV_TEST_ONLY_SETTING": 42}).GV_TEST_ONLY_SETTING == 42


def test_an_override_is_seen_at_once_and_undone_afterwards(settings):
    settings.BLOG_VIEW_FLUSH_THRESHOLD = 57
    assert blog_settings.BLOG_VIEW_FLUSH_THRESHOLD == 57
    with override_settings(BLOG_VIEW_FLUSH_THRESHOLD=1):
        assert blog_settings.BLOG_VIEW_FLUSH_THRESHOLD == 1
    assert blog_settings.BLOG_VIEW_FLUSH_THRESHOLD == 57


def test_a_value_is_kept_after_the_first_read(settings):
    conf = AppSettings({"GV_TEST_ONLY_SETTING": "default"})
    settings.GV_TEST_ONLY_SETTING = "configured"
    assert conf.GV_TEST_ONLY_SETTING == "configured"
    assert conf.__dict__["GV_TEST_ONLY_SETTING"] == "configured"  # no lookup in Django again
