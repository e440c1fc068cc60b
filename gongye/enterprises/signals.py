"""Signals of the register.

``register_changed(region, year, month)`` is sent after a write to the register's data commits
(a sheet imported, figures entered, an enterprise's scale or certificate changed): what is
computed from the register (``services.computed``) recomputes on the background worker.
``month`` may be None (the whole year).
"""

from django.dispatch import Signal

register_changed = Signal()
