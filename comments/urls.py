from django.urls import path

from comments import privacy_views
from comments.discussion import views
from comments.discussion.feeds import PostCommentsFeed
from comments.moderation import views as moderation_views

app_name = "comments"

urlpatterns = [
    path(
        "<int:year>/<str:month>/<str:day>/<slug:slug>/kommentare/",
        views.CommentCreateView.as_view(),
        name="create",
    ),
    path(
        "<int:year>/<str:month>/<str:day>/<slug:slug>/kommentare/feed/",
        PostCommentsFeed(),
        name="feed",
    ),
    path("kommentar/<int:pk>/", views.permalink, name="permalink"),
    # Moderation seen by readers: reporting a comment, the community guidelines.
    path("kommentar/<int:pk>/melden/", moderation_views.report_comment, name="report"),
    path(
        "community-richtlinien/",
        moderation_views.GuidelinesView.as_view(),
        name="guidelines",
    ),
    # Privacy and reply notifications (comments/privacy_views.py).
    path("datenschutz/", privacy_views.PrivacyView.as_view(), name="privacy"),
    path(
        "kommentar/loeschen/<str:token>/",
        privacy_views.SelfDeleteView.as_view(),
        name="self-delete",
    ),
    path(
        "benachrichtigungen/bestaetigen/<str:token>/",
        privacy_views.SubscriptionConfirmView.as_view(),
        name="subscription-confirm",
    ),
    path(
        "benachrichtigungen/abbestellen/<str:token>/",
        privacy_views.UnsubscribeView.as_view(),
        name="unsubscribe",
    ),
]
