"""The public read API, /api/v1/ (docs/api.md): Django REST framework over the same querysets."""
