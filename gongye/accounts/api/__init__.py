"""The accounts API under /api/v1/."""
