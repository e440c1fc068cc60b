"""The plan's targets computed from the project register (issue 13, item 6): its formulas
(``formulas``, registered in ``gongye.core.computed`` as the enterprise register's are), which
of the plan's targets each one measures (``targets``), and the recompute when projects and
their returns change (``changes``)."""
