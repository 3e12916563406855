from .audit import AuditEntry, RevisionSignature
from .site import LoadedContent, SlugHistory

__all__ = ["AuditEntry", "LoadedContent", "RevisionSignature", "SlugHistory"]
