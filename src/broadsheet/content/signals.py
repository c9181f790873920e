"""Signals other apps (discovery, engagement, syndication) listen to.

They are sent after the transaction commits and carry ids only, so receivers can queue tasks.
"""

from django.dispatch import Signal

# kwargs: article_id
article_published = Signal()
article_unpublished = Signal()
article_changed = Signal()
