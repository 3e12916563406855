from .audit import AuditEntry, RevisionSignature
from .preferences import EditorPreferences
from .site import LoadedContent, SlugHistory

__all__ = ["AuditEntry", "EditorPreferences", "LoadedContent", "RevisionSignature", "SlugHistory"]
