"""The evaluation engine (评价引擎): schemes as data, formulas over columns, scoring, ranks and
classes. Pure Python and numpy, no ORM: the services feed it the register's year and store
what it answers; the ``evaluate`` command feeds it a sheet."""
