"""Accounts' choices: the roles themselves live in core (``gongye.core.roles``) so that every
layer can decide by them; they are re-exported here for the accounts app's own modules."""

from gongye.core.roles import ADMIN_ROLES, REGION_ROLES, UNIT_ROLES, Role

__all__ = ["ADMIN_ROLES", "REGION_ROLES", "UNIT_ROLES", "Role"]
