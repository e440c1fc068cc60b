"""The register's access matrix, one module per part (``register``, ``figures``, ``libraries``,
``appeals``): each lists ``ENTRIES`` (``tests.enterprises.test_access_matrix.Entry``) and, if its
URLs need objects, ``context(request, persona, unit) -> dict``."""
