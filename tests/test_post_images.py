"""Images in posts: uploaded in the post admin, shown as figures with renditions."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from PIL import Image

from blog.models import Post, PostImage
from tests.factories import PostFactory
from tests.images_support import image_bytes, png_claiming_size, upload
from tests.post_admin_support import post_change_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def save_post(admin_client, post, images, **fields):
    return admin_client.post(
        f"/admin/blog/post/{post.pk}/change/", post_change_data(post, images, **fields)
    )


def figures(html: str) -> list[str]:
    return re.findall(r"<figure.*?</figure>", html, re.S)


def stored_files(media_root: Path) -> set[str]:
    return {str(path.relative_to(media_root)) for path in media_root.rglob("*") if path.is_file()}


class TestUploadInTheAdmin:
    def test_image_with_alt_caption_and_credit_becomes_a_figure(
        self, admin_client, media_root, django_capture_on_commit_callbacks
    ):
        post = PostFactory(body="Erster Absatz.\n\n<!--bild 1-->\n\nZweiter Absatz.")
        row = {
            "image": upload(content=image_bytes(2000, 1000)),
            "alt_text": "Drei Affenfiguren: die erste hält sich die Augen zu",
            "caption": "Die drei weisen Affen",
            "credit": "Anderson Mancini/flickr.com (CC BY-SA 2.0)",
        }
        with django_capture_on_commit_callbacks(execute=True):
            response = save_post(admin_client, post, [row])
        assert response.status_code == 302, response.context["errors"]

        image = PostImage.objects.get(post=post)
        assert image.position == 1
        assert (image.width, image.height) == (2000, 1000)
        assert [(r["width"], r["height"]) for r in image.renditions] == [
            (480, 240),
            (960, 480),
            (1440, 720),
        ]
        for rendition in image.renditions:
            with Image.open(media_root / rendition["name"]) as stored:
                assert stored.format == "WEBP"
                assert stored.size == (rendition["width"], rendition["height"])

        html = admin_client.get(post.get_absolute_url()).content.decode()
        [figure] = figures(html)
        # Placed by its marker, between the two paragraphs.
        assert html.index("Erster Absatz.") < html.index(figure) < html.index("Zweiter Absatz.")
        assert 'width="960" height="480"' in figure
        assert 'alt="Drei Affenfiguren: die erste hält sich die Augen zu"' in figure
        assert re.search(r'src="/media/beitraege/varianten/\w+-960w\.webp"', figure)
        assert re.search(
            r'srcset="[^"]*-480w\.webp 480w, [^"]*-960w\.webp 960w, [^"]*1440w', figure
        )
        assert 'sizes="' in figure
        assert "<figcaption>" in figure
        assert "Die drei weisen Affen" in figure
        assert "Foto: Anderson Mancini/flickr.com (CC BY-SA 2.0)" in figure

    def test_alt_text_is_required_with_a_file(self, admin_client):
        post = PostFactory()
        response = save_post(admin_client, post, [{"image": upload(), "caption": "Ohne Alt"}])
        assert response.status_code == 200
        assert "Bitte beschreibe das Bild in einem Alternativtext" in response.content.decode()
        assert not PostImage.objects.exists()

    @pytest.mark.parametrize(
        ("name", "content", "content_type"),
        [
            ("notiz.jpg", b"Das ist kein Bild, nur Text.", "image/jpeg"),
            (
                "bild.svg",
                b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>',
                "image/svg+xml",
            ),
            ("kaputt.png", image_bytes(fmt="PNG")[:60], "image/png"),
            ("halb.jpg", image_bytes(1600, 1200)[:2000], "image/jpeg"),
        ],
    )
    def test_files_that_are_no_image_are_refused(self, admin_client, name, content, content_type):
        post = PostFactory()
        row = {"image": upload(name, content, content_type), "alt_text": "Etwas"}
        response = save_post(admin_client, post, [row])
        assert response.status_code == 200
        html = response.content.decode()
        assert any(
            message in html
            for message in (
                "kein Bild, das wir verarbeiten können",
                "kein Bild oder ist defekt",
                "beschädigt oder unvollständig",
            )
        )
        assert not PostImage.objects.exists()

    @pytest.mark.parametrize("side", [10_000, 20_000])  # above Pillow's warning / its own limit
    def test_decompression_bombs_are_refused_before_decoding(self, admin_client, side):
        post = PostFactory()
        bomb = png_claiming_size(side, side)
        assert len(bomb) < 100
        row = {"image": upload("bombe.png", bomb, "image/png"), "alt_text": "Bombe"}
        response = save_post(admin_client, post, [row])
        assert response.status_code == 200
        assert "Das Bild hat zu viele Pixel" in response.content.decode()
        assert not PostImage.objects.exists()

    def test_pixel_limit_names_the_size(self, admin_client, settings):
        settings.BLOG_IMAGE_MAX_PIXELS = 1_000_000
        post = PostFactory()
        row = {"image": upload(content=image_bytes(1200, 1000)), "alt_text": "Groß"}
        response = save_post(admin_client, post, [row])
        assert "Das Bild hat 1200 × 1000 Pixel" in response.content.decode()
        assert "höchstens 1 Megapixel" in response.content.decode()

    def test_file_size_limit(self, admin_client, settings):
        settings.BLOG_IMAGE_MAX_BYTES = 1000
        post = PostFactory()
        row = {"image": upload(content=image_bytes(800, 600)), "alt_text": "Schwer"}
        response = save_post(admin_client, post, [row])
        assert "erlaubt sind höchstens 1000" in response.content.decode()

    def test_replacing_and_deleting_remove_the_old_files(
        self, admin_client, media_root, django_capture_on_commit_callbacks
    ):
        post = PostFactory()
        with django_capture_on_commit_callbacks(execute=True):
            save_post(admin_client, post, [{"image": upload(), "alt_text": "Erstes"}])
        image = PostImage.objects.get()
        first_files = stored_files(media_root)
        assert len(first_files) == 4  # original + 480/960/1200 (narrower than 1440)

        with django_capture_on_commit_callbacks(execute=True):
            save_post(
                admin_client,
                post,
                [
                    {
                        "id": image.pk,
                        "image": upload(content=image_bytes(300, 200)),
                        "alt_text": "Zw",
                    }
                ],
            )
        second_files = stored_files(media_root)
        assert not first_files & second_files
        assert len(second_files) == 2  # original + one rendition at its own width

        with django_capture_on_commit_callbacks(execute=True):
            admin_client.post(f"/admin/blog/post/{post.pk}/delete/", {"post": "yes"})
        assert not Post.objects.filter(pk=post.pk).exists()
        assert stored_files(media_root) == set()

    def test_renditions_are_upright_and_without_metadata(self, admin_client, media_root):
        post = PostFactory()
        # EXIF orientation 6: the camera was turned; the picture is shown rotated by 90°.
        content = image_bytes(400, 200, orientation=6)
        save_post(admin_client, post, [{"image": upload(content=content), "alt_text": "Hoch"}])
        [rendition] = PostImage.objects.get().renditions
        assert (rendition["width"], rendition["height"]) == (200, 400)
        with Image.open(media_root / rendition["name"]) as stored:
            assert stored.size == (200, 400)
            assert not stored.getexif()
            # The bright corner block, top-left before, is now top-right.
            assert stored.convert("RGB").getpixel((190, 10))[0] > 200

    def test_the_stored_name_ignores_the_uploaded_file_name(self, admin_client):
        post = PostFactory()
        row = {"image": upload("../../etc/passwd.png", image_bytes(fmt="PNG")), "alt_text": "X"}
        save_post(admin_client, post, [row])
        assert re.fullmatch(r"beitraege/[0-9a-f]{32}\.png", PostImage.objects.get().image.name)


class TestFiguresOnThePage:
    def image(self, post, **fields):
        return PostImage.objects.create(
            post=post, image=upload(content=image_bytes(600, 400)), alt_text="Ein Bild", **fields
        )

    def test_images_without_a_marker_stand_below_the_lead(self, client):
        post = PostFactory(lead="Der Vorspann.", body="Der Text.")
        self.image(post, caption="Oben")
        html = client.get(post.get_absolute_url()).content.decode()
        [figure] = figures(html)
        assert html.index("Der Vorspann.") < html.index(figure) < html.index("Der Text.")
        assert 'width="600" height="400"' in figure

    def test_marker_lines_with_crlf_line_ends(self, client):
        post = PostFactory(body="Eins.\r\n\r\n<!--bild 1-->\r\n\r\nZwei.")
        self.image(post, caption="Mittendrin")
        html = client.get(post.get_absolute_url()).content.decode()
        [figure] = figures(html)
        assert html.index("Eins.") < html.index(figure) < html.index("Zwei.")

    def test_unknown_marker_shows_nothing_and_leaves_no_comment(self, client):
        post = PostFactory(body="Text.\n\n<!--bild 7-->\n\nMehr Text.")
        html = client.get(post.get_absolute_url()).content.decode()
        assert figures(html) == []
        assert "<!--bild" not in html

    def test_figure_on_the_page_of_its_marker_only(self, client):
        post = PostFactory(body="Seite eins.\n\n<!--nextpage-->\n\n<!--bild 1-->\n\nSeite zwei.")
        self.image(post, caption="Auf Seite zwei")
        assert figures(client.get(post.get_absolute_url()).content.decode()) == []
        page_two = client.get(post.get_absolute_url() + "?seite=2").content.decode()
        assert "Auf Seite zwei" in figures(page_two)[0]

    def test_caption_and_credit_are_escaped(self, client):
        post = PostFactory()
        self.image(post, caption="<script>alert(1)</script>", credit='"><img src=x>')
        html = client.get(post.get_absolute_url()).content.decode()
        assert "<script>alert(1)" not in html and "<img src=x>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html

    def test_structured_data_names_the_picture(self, client):
        post = PostFactory()
        self.image(post)
        html = client.get(post.get_absolute_url()).content.decode()
        assert re.search(
            r'"image": \["http://localhost:8000/media/beitraege/varianten/\w+-600w', html
        )

    def test_editing_an_image_refreshes_the_cached_page(
        self, client, django_capture_on_commit_callbacks
    ):
        post = PostFactory()
        image = self.image(post, caption="Alte Unterschrift")
        assert "Alte Unterschrift" in client.get(post.get_absolute_url()).content.decode()
        image.caption = "Neue Unterschrift"
        with django_capture_on_commit_callbacks(execute=True):  # the page cache: after commit
            image.save()
        assert "Neue Unterschrift" in client.get(post.get_absolute_url()).content.decode()


class TestTheSanitiserAllowsNoForeignImages:
    @pytest.mark.parametrize(
        "body",
        [
            "Text ![Tracking](https://tracker.example/pixel.gif) weiter.",
            'Text <img src="https://tracker.example/pixel.gif" alt="x"> weiter.',
            'Text <img src="/media/beitraege/abc.jpg" onerror="alert(1)"> weiter.',
            "Text <picture><source srcset=https://tracker.example/a.png></picture> weiter.",
        ],
    )
    def test_images_in_the_body_are_dropped(self, client, body):
        post = PostFactory(body=body)
        assert "<img" not in post.body_html and "<source" not in post.body_html
        assert "tracker.example" not in client.get(post.get_absolute_url()).content.decode()

    def test_a_marker_inside_a_paragraph_is_no_figure(self):
        post = PostFactory(body="Text <!--bild 1--> im Satz.")
        assert "<!--bild" not in post.body_html


def test_seed_photo_keeps_caption_and_credit_as_text(client):
    call_command("loaddata", "seed", verbosity=0)
    post = Post.objects.get(slug="social-media-in-b2b-weiterhin-mehr-ob-als-wie")
    html = client.get(post.get_absolute_url()).content.decode()
    [figure] = figures(html)
    assert "<img" not in figure
    assert '<span class="figure-caption">Die drei weisen Affen</span>' in figure
    assert "Foto: Anderson Mancini/flickr.com (CC BY-SA 2.0)" in figure
    # Where the photo stood in the source: under the first subheading.
    heading = html.index("<h2>Die Realität sieht oft anders aus</h2>")
    assert heading < html.index(figure) < html.index("Wenn Sie gar nicht dabei sind")
    assert html.count("Foto: Anderson Mancini") == 1


class TestServingMedia:
    def test_served_in_development(self, client, settings, media_root):
        settings.SERVE_MEDIA = True
        (media_root / "beitraege").mkdir(parents=True)
        (media_root / "beitraege" / "x.webp").write_bytes(b"RIFF")
        response = client.get("/media/beitraege/x.webp")
        assert response.status_code == 200
        assert "immutable" in response["Cache-Control"]
        client.raise_request_exception = False
        assert client.get("/media/../settings.py").status_code in (400, 404)

    def test_not_served_when_the_web_server_does(self, client, settings, media_root):
        settings.SERVE_MEDIA = False
        (media_root / "beitraege").mkdir(parents=True)
        (media_root / "beitraege" / "x.webp").write_bytes(b"RIFF")
        assert client.get("/media/beitraege/x.webp").status_code == 404


class TestServedMedia:
    """With SERVE_MEDIA (development) the app serves uploads; odd names are simply not there."""

    def test_a_stored_file_is_served_and_impossible_names_are_not_found(
        self, client, settings, media_root
    ):
        settings.SERVE_MEDIA = True
        (media_root / "beitraege").mkdir(parents=True)
        (media_root / "beitraege" / "foto.jpg").write_bytes(image_bytes())
        assert client.get("/media/beitraege/foto.jpg").status_code == 200
        too_long = "😀" * 120  # longer than a file name may be
        assert client.get(f"/media/{too_long}/foto.jpg").status_code == 404
        assert client.get("/media/../settings.py").status_code in (400, 404)  # refused

    def test_without_serve_media_the_web_server_serves_them(self, client, settings, media_root):
        settings.SERVE_MEDIA = False
        (media_root / "foto.jpg").parent.mkdir(parents=True, exist_ok=True)
        (media_root / "foto.jpg").write_bytes(image_bytes())
        assert client.get("/media/foto.jpg").status_code == 404
