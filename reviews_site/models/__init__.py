from .audit import AuditEntry, RevisionSignature

__all__ = ["AuditEntry", "RevisionSignature"]
