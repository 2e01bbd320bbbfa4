"""Small factories for tests; fixtures are only for the real seed content."""

from datetime import timedelta

import factory
from django.utils import timezone

from blog.models import Author, Post, Thesis


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Autorin {n}")
    slug = factory.Sequence(lambda n: f"autorin-{n}")
    bio = "Schreibt über Kommunikation."


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Beitrag Nummer {n}")
    slug = factory.Sequence(lambda n: f"beitrag-{n}")
    lead = "Ein kurzer Vorspann."
    body = "Ein Absatz über Social Media in der B2B-Kommunikation."
    author = factory.SubFactory(AuthorFactory)
    status = Post.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)


class ThesisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Thesis

    post = factory.SubFactory(PostFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"These {n + 1}")
    body = "Begründung der These."
