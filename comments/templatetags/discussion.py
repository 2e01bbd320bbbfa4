"""The discussion on the blog's post page (library name ``discussion``); see
:mod:`comments.discussion.section` for what each tag shows."""

from django import template

from comments.discussion import section

register = template.Library()

register.inclusion_tag("comments/section.html", takes_context=True)(section.comment_section)
register.inclusion_tag("comments/thesis_comments_link.html", takes_context=True)(
    section.thesis_comments_link
)
register.simple_tag(takes_context=True)(section.comments_structured_data)
