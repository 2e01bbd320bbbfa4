"""Mail: reply notifications with double opt-in, the editorial notice, and the durable outbox.

``links`` signs the links in mails, ``notifications`` decides which mails a comment causes and
writes them, ``subscriptions`` switches notifications on and off, ``tasks`` delivers the outbox
in the background. Nothing here talks to the mail server while a reader or moderator waits.
"""
