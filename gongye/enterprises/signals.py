"""Signals of the register.

``register_changed`` is sent, once the transaction has committed, whenever enterprises'
monthly figures change (the bureau's import, an enterprise's own filing, the bureau's
correction), with ``region`` (the ``orgs.Region`` whose figures changed), ``year`` and
``month``. What is computed from the register (targets, libraries' suggestions) listens to
it instead of being called by name, so the figures part depends on no reader of its data."""

from django.dispatch import Signal

register_changed = Signal()
