"""Privacy: what the discussion stores about a person, and how they get it back or erased.

``personal_data`` exports, erases and ages out personal data (Art. 15 and 17 DSGVO, the IP
retention period); ``self_delete`` lets a commenter delete their own comment through a signed
link; ``views`` are the reader pages (privacy notice, confirming and cancelling reply mails,
deleting a comment), ``admin`` the data-subject actions on the comment list.
"""
