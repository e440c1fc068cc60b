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

    def frozen_rows(self) -> list[dict[str, Any]]:
        """Every enterprise's inputs as plain values, only those it has (no missing figure,
        no false flag, no empty text): what a run keeps of it."""
        names, columns = [], []
        for name, array in self.env.items():
            kind = VARIABLES[name].kind
            empty = (
                np.isnan(array).all()
                if kind == NUMBER
                else (not array.any() if kind == FLAG else not (array != "").any())
            )
            if not empty:  # a column no enterprise has (no 排放量 in the register) is left out
                names.append(name)
                columns.append(array.tolist())
        if not names:
            return [{} for _ in range(self.size)]
        out = []
        for values in zip(*columns, strict=True):
            out.append(
                {
                    name: value
                    for name, value in zip(names, values, strict=True)
                    if value is not None and value is not False and value != "" and value == value
                }
            )
        return out

    def row(self, index: int) -> dict[str, Any]:
        """One enterprise's inputs as plain values (None for a missing figure)."""
        out: dict[str, Any] = {}
        for name, column in self.env.items():
            value = column[index]
            if VARIABLES[name].kind == NUMBER:
                out[name] = None if np.isnan(value) else float(value)
            elif VARIABLES[name].kind == FLAG:
                out[name] = bool(value)
            else:
                out[name] = str(value)
        return out


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
