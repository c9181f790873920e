"""Related articles: :class:`RelatedIndex` over :class:`Document` values (see ``index``)."""

from .index import Document, RelatedConfig, RelatedIndex

__all__ = ["Document", "RelatedConfig", "RelatedIndex"]
