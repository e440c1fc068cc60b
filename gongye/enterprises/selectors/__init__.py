"""The register's reads, one module per part (``register``, ``figures``, ``libraries``,
``appeals``); every one starts from ``permissions.enterprises_visible_to`` or the region scope."""
