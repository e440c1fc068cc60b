"""The orgs API under /api/v1/."""
