"""The inputs of an evaluation: every enterprise's year as columns (numpy arrays), one per
variable of the catalogue, whatever the source (the register, an uploaded sheet, a test)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from gongye.evaluation.engine.variables import FLAG, NUMBER, VARIABLES


@dataclass
class Inputs:
    """One row per enterprise: ``env`` holds a float64 column (NaN: no figure) for every
    number variable, a str column for every text variable and a bool column for every flag."""

    env: dict[str, np.ndarray]

    @property
    def size(self) -> int:
        return len(self.env["credit_code"])

    @property
    def codes(self) -> np.ndarray:
        return self.env["credit_code"]

    @property
    def names(self) -> np.ndarray:
        return self.env["name"]


def empty_column(kind: str, size: int) -> np.ndarray:
    if kind == NUMBER:
        return np.full(size, np.nan)
    if kind == FLAG:
        return np.zeros(size, dtype=bool)
    return np.full(size, "", dtype=str)


def inputs_from_columns(columns: Mapping[str, Any], size: int) -> Inputs:
    """Inputs from whatever columns are given (lists or arrays); the others empty."""
    env: dict[str, np.ndarray] = {}
    for name, variable in VARIABLES.items():
        given = columns.get(name)
        if given is None:
            env[name] = empty_column(variable.kind, size)
        elif variable.kind == NUMBER:
            env[name] = (
                np.array([np.nan if v is None else v for v in given], dtype=np.float64)
                if not isinstance(given, np.ndarray)
                else given.astype(np.float64, copy=False)
            )
        elif variable.kind == FLAG:
            env[name] = np.asarray(given, dtype=bool)
        else:
            env[name] = np.array(["" if v is None else str(v) for v in given], dtype=str)
    if len(env["credit_code"]) != size:
        raise ValueError("columns of different lengths")
    return Inputs(env)


def inputs_from_rows(rows: Iterable[Mapping[str, Any]]) -> Inputs:
    """Inputs from one mapping per enterprise (variable name → value)."""
    rows = list(rows)
    columns = {
        name: [row.get(name) for row in rows]
        for name in VARIABLES
        if any(name in row for row in rows)
    }
    return inputs_from_columns(columns, len(rows))
