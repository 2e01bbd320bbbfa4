"""The discussion readers see: the comment form, the threaded list, its feed and JSON-LD, and the
section the post page pulls in (``{% comment_section post %}``, see ``section.py``).

Everything here sits above the models and the services: it reads comments, shows them and hands
a submission to the form, which asks moderation and stores the comment.
"""
