from django.db import migrations

from blog.text import excerpt


def create_site_settings(apps, schema_editor):
    # Empty: the publisher fills it in the admin; the deploy check warns until then.
    apps.get_model("blog", "SiteSettings").objects.get_or_create(pk=1)


def fill_excerpts(apps, schema_editor):
    Post = apps.get_model("blog", "Post")
    for post in Post.objects.only("lead", "body_html").iterator():
        Post.objects.filter(pk=post.pk).update(excerpt=excerpt(post.lead, post.body_html))


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0003_images_search_site_settings"),
    ]

    operations = [
        migrations.RunPython(create_site_settings, migrations.RunPython.noop),
        migrations.RunPython(fill_excerpts, migrations.RunPython.noop),
    ]
