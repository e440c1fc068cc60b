"""The workflow kit: a state machine as an explicit map of transitions, each edge naming who
may take it, and one transition service that takes an edge and audits it.

An app declares its map once (``supervision.workflows.REPORT_WORKFLOW``)::

    Workflow(
        noun="报告",
        field="status",
        states=ReportStatus,
        final_states={ReportStatus.ACCEPTED, ReportStatus.RETURNED},
        edges=[Edge(ReportStatus.SUBMITTED, ReportStatus.APPROVED, "approve",
                    "report.approve", _("审核通过"), can_approve), ...],
        record=audit_record,
    )

and takes its steps through ``transition``: inside one database transaction the row is read
again and locked, the edge must start at the state the row is in *now* (else a Chinese
``ValidationError``, wrong input), the edge's ``allowed(user, obj)`` must allow the actor (else
``PermissionDenied`` with the decision's reason), the edge's ``when(obj)`` must fit the object
(else ``ValidationError``), then the change is applied and exactly one audit entry is written
with the edge's business verb and the before/after of the fields that changed.

Core imports no other app, so the kit does not know the audit app: the workflow is given the
function that records (``record``, with ``audit_record``'s keyword arguments) by the app that
declares it. Pages and APIs ask ``available(user, obj)`` for the steps a person may take now,
and ``dead_ends()`` is empty for a map where every non-final state has a way out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any, Generic, Protocol, TypeVar

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongye.core.permissions import ALLOW, Decision

M = TypeVar("M", bound=models.Model)
# The actor: ``gongye.accounts.models.User`` in every app. Core imports no other app, so the
# kit is generic in it and the app that declares a map names it: ``Workflow[User, Report]``.
A = TypeVar("A")


class Recorder(Protocol):
    """What records a step: ``gongye.audit.services.audit_record`` has this shape."""

    def __call__(
        self,
        *,
        actor: Any,
        verb: str,
        target: models.Model,
        parent: models.Model | None,
        before: dict[str, Any],
        after: dict[str, Any],
    ) -> Any: ...


def always(obj: Any) -> Decision:
    return ALLOW


@dataclass(frozen=True)
class Edge(Generic[A, M]):
    """One allowed step: from ``source`` to ``target`` by ``action`` (the word the URL and the
    API use, e.g. ``approve``), audited as ``verb`` (``report.approve``). ``allowed(user, obj)``
    says who may take it and why not; ``when(obj)`` says whether the step fits this object at
    all (a refusal there is wrong input, not a lack of rights)."""

    source: str
    target: str
    action: str
    verb: str
    label: Any  # a (lazily) translated string for buttons and the timeline
    allowed: Callable[[A, M], Decision]
    when: Callable[[M], Decision] = always

    def __str__(self) -> str:
        return f"{self.source} --{self.action}--> {self.target}"


@dataclass(frozen=True)
class Step(Generic[A, M]):
    """What ``transition`` did: the object as saved, the edge taken, and the audit entry."""

    obj: M
    edge: Edge[A, M]
    entry: Any


@dataclass(frozen=True)
class Workflow(Generic[A, M]):
    """A state machine over the ``field`` of a model. ``states`` are the TextChoices of the
    field (for labels in messages), ``final_states`` those where the object's story ends."""

    noun: Any  # a (lazily) translated noun for messages: _("报告")
    field: str
    states: type[models.TextChoices]
    edges: Sequence[Edge[A, M]]
    final_states: Collection[str]
    record: Recorder
    initial: str = ""  # where a new object starts (created by its own service, audited there)
    closed_message: Any = _("该{noun}当前状态为“{state}”，不能再办理。")
    _by_source: dict[str, list[Edge[A, M]]] = dc_field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_source: dict[str, list[Edge[A, M]]] = {}
        seen: set[tuple[str, str]] = set()
        values = set(self.states.values)
        for edge in self.edges:
            if edge.source not in values or edge.target not in values:
                raise ImproperlyConfigured(f"{self.noun}: {edge} names an unknown state.")
            if (edge.source, edge.action) in seen:
                raise ImproperlyConfigured(f"{self.noun}: two edges {edge} from one state.")
            seen.add((edge.source, edge.action))
            by_source.setdefault(edge.source, []).append(edge)
        if self.initial and self.initial not in values:
            raise ImproperlyConfigured(f"{self.noun}: unknown initial state {self.initial}.")
        if unknown := set(self.final_states) - values:
            raise ImproperlyConfigured(f"{self.noun}: unknown final states {sorted(unknown)}.")
        object.__setattr__(self, "_by_source", by_source)

    # ----- reading the map

    def label_of(self, state: str) -> str:
        try:
            return str(self.states(state).label)
        except ValueError:
            return state

    def state_of(self, obj: M) -> str:
        return str(getattr(obj, self.field))

    def edges_from(self, state: str) -> list[Edge[A, M]]:
        return list(self._by_source.get(str(state), []))

    def edge(self, state: str, action: str) -> Edge[A, M] | None:
        return next((e for e in self.edges_from(state) if e.action == action), None)

    @property
    def verbs(self) -> list[tuple[str, Any]]:
        """(verb, label) of every edge, once each, for the audit catalogue."""
        seen: dict[str, Any] = {}
        for edge in self.edges:
            seen.setdefault(edge.verb, edge.label)
        return list(seen.items())

    def available(self, user: A, obj: M) -> list[Edge[A, M]]:
        """The steps this person may take on this object now."""
        return [
            e
            for e in self.edges_from(self.state_of(obj))
            if e.allowed(user, obj).allowed and e.when(obj).allowed
        ]

    def dead_ends(self) -> set[str]:
        """Non-final states with no way out (a well-made map has none)."""
        return {s for s in self.states.values if s not in self.final_states} - set(self._by_source)

    def check(self) -> None:
        if dead := self.dead_ends():
            raise ImproperlyConfigured(f"{self.noun}: no edge leaves {sorted(dead)}.")

    # ----- taking a step

    def transition(
        self,
        *,
        actor: A,
        obj: M,
        action: str,
        apply: Callable[[M, Edge[A, M]], None] | None = None,
        fields: Iterable[str] = (),
        extra: dict[str, Any] | None = None,
        parent: models.Model | None = None,
        queryset: models.QuerySet[M] | None = None,
    ) -> Step[A, M]:
        """The one way a step is taken. ``apply(obj, edge)`` sets what else the step changes
        (who and when); ``fields`` are those recorded before and after when they change;
        ``extra`` goes into the entry's ``after`` (a reason given, say)."""
        with transaction.atomic():
            rows = queryset if queryset is not None else type(obj)._default_manager.all()
            # lock the row itself only: the queryset may join related rows (an outer join on
            # PostgreSQL cannot be locked)
            current = rows.select_for_update(of=("self",)).get(pk=obj.pk)
            state = self.state_of(current)
            edge = self.edge(state, action)
            if edge is None:
                if state in self.final_states:
                    raise ValidationError(
                        self.closed_message.format(noun=self.noun, state=self.label_of(state))
                    )
                raise ValidationError(
                    gettext("这一步操作不适用于该{noun}的当前状态。").format(noun=self.noun)
                )
            edge.allowed(actor, current).require()
            fits = edge.when(current)
            if not fits:
                raise ValidationError(
                    fits.reason or gettext("这一步操作不适用于该{noun}。").format(noun=self.noun)
                )
            names = [self.field, *(f for f in fields if f != self.field)]
            before = _values(current, names)
            setattr(current, self.field, edge.target)
            if apply is not None:
                apply(current, edge)
            current.save()
            after = _values(current, names)
            changed = [n for n in names if before[n] != after[n] or n == self.field]
            entry = self.record(
                actor=actor,
                verb=edge.verb,
                target=current,
                parent=parent,
                before={n: before[n] for n in changed},
                after={**{n: after[n] for n in changed}, **(extra or {})},
            )
        return Step(current, edge, entry)


def _values(obj: models.Model, names: Iterable[str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in names:
        value = getattr(obj, name)
        if isinstance(value, models.Model):
            value = value.pk
        elif isinstance(value, dt.date | dt.datetime):
            value = value.isoformat()
        values[name] = value
    return values
