"""督办 API under ``/api/v1/supervision/``: serializers, views and their urls."""
