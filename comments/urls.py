"""The discussion's URLs, one block per room; every URL name is in the ``comments`` namespace."""

from django.urls import path

from comments.discussion import views as discussion_views
from comments.discussion.feeds import PostCommentsFeed
from comments.mail import views as mail_views
from comments.moderation import views as moderation_views
from comments.privacy import views as privacy_views

app_name = "comments"

POST = "<int:year>/<str:month>/<str:day>/<slug:slug>/"

urlpatterns = [
    # The discussion below a post.
    path(f"{POST}kommentare/", discussion_views.CommentCreateView.as_view(), name="create"),
    path(f"{POST}kommentare/feed/", PostCommentsFeed(), name="feed"),
    path("kommentar/<int:pk>/", discussion_views.permalink, name="permalink"),
    # Moderation seen by readers: reporting a comment, the community guidelines.
    path("kommentar/<int:pk>/melden/", moderation_views.report_comment, name="report"),
    path("community-richtlinien/", moderation_views.GuidelinesView.as_view(), name="guidelines"),
    # Privacy: the notice, deleting one's own comment.
    path("datenschutz/", privacy_views.PrivacyView.as_view(), name="privacy"),
    path(
        "kommentar/loeschen/<str:token>/",
        privacy_views.SelfDeleteView.as_view(),
        name="self-delete",
    ),
    # Reply notifications: the links in the mails.
    path(
        "benachrichtigungen/bestaetigen/<str:token>/",
        mail_views.SubscriptionConfirmView.as_view(),
        name="subscription-confirm",
    ),
    path(
        "benachrichtigungen/abbestellen/<str:token>/",
        mail_views.UnsubscribeView.as_view(),
        name="unsubscribe",
    ),
]
