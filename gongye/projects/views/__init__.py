"""``/projects/…``: each part of the project register keeps its own routes (``views/<part>.py``)."""
