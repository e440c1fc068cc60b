"""The workflow kit (core.workflow): the map, what a person may do now, dead ends, and the one
transition service — re-read, refuse a step from another state, authorise, apply, audit once.

The kit is exercised on a real model with a state field (``supervision.ProgressReport``'s
``status``), but with a map and a recorder of its own, so nothing here depends on how 督办
uses it."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import models

from gongye.core.permissions import ALLOW, Decision, deny
from gongye.core.workflow import Edge, Workflow
from gongye.supervision.models import ProgressReport


class Door(models.TextChoices):
    DRAFT = "submitted", "草稿"
    OPEN = "approved", "打开"
    SHUT = "accepted", "关闭"
    GONE = "returned", "撤回"


def _is(name: str):
    def allowed(user: Any, obj: Any) -> Decision:
        return ALLOW if getattr(user, "name", None) == name else deny(f"只有{name}可以。")

    return allowed


@dataclass
class Recorded:
    entries: list[dict[str, Any]]

    def __call__(self, **kwargs: Any) -> dict[str, Any]:
        self.entries.append(kwargs)
        return kwargs


def _workflow(record: Recorded | None = None, **overrides: Any) -> Workflow:
    options: dict[str, Any] = dict(
        noun="门",
        field="status",
        states=Door,
        initial=Door.DRAFT,
        final_states={Door.SHUT, Door.GONE},
        record=record or Recorded([]),
        edges=[
            Edge(Door.DRAFT, Door.OPEN, "open", "door.open", "打开", _is("ann")),
            Edge(Door.DRAFT, Door.GONE, "drop", "door.drop", "撤回", _is("ann")),
            Edge(
                Door.OPEN,
                Door.SHUT,
                "shut",
                "door.shut",
                "关闭",
                _is("bob"),
                when=lambda obj: ALLOW if obj.percent == 100 else deny("还没完成。"),
            ),
            Edge(Door.OPEN, Door.GONE, "drop", "door.drop", "撤回", _is("bob")),
        ],
    )
    options.update(overrides)
    return Workflow(**options)


ANN, BOB, EVE = (SimpleNamespace(name=n) for n in ("ann", "bob", "eve"))


def test_the_map_reads_edges_and_verbs():
    flow = _workflow()
    assert [e.action for e in flow.edges_from(Door.DRAFT)] == ["open", "drop"]
    assert flow.edges_from(Door.SHUT) == []
    assert flow.edge(Door.OPEN, "drop").target == Door.GONE
    assert flow.edge(Door.DRAFT, "shut") is None
    assert flow.verbs == [("door.open", "打开"), ("door.drop", "撤回"), ("door.shut", "关闭")]
    assert flow.dead_ends() == set()
    flow.check()


def test_available_is_what_this_person_may_do_now():
    flow = _workflow()
    draft = SimpleNamespace(status=Door.DRAFT, percent=10)
    opened = SimpleNamespace(status=Door.OPEN, percent=10)
    done = SimpleNamespace(status=Door.OPEN, percent=100)
    assert [e.action for e in flow.available(ANN, draft)] == ["open", "drop"]
    assert flow.available(BOB, draft) == []
    assert [e.action for e in flow.available(BOB, opened)] == ["drop"]  # not yet 100
    assert [e.action for e in flow.available(BOB, done)] == ["shut", "drop"]
    assert flow.available(EVE, done) == []


def test_a_dead_end_and_a_bad_map_are_found():
    # no edge leaves OPEN, which is not final
    flow = _workflow(edges=[Edge(Door.DRAFT, Door.OPEN, "open", "door.open", "打开", _is("ann"))])
    assert flow.dead_ends() == {Door.OPEN}
    with pytest.raises(ImproperlyConfigured, match="approved"):
        flow.check()
    with pytest.raises(ImproperlyConfigured):  # an unknown state
        _workflow(edges=[Edge(Door.DRAFT, "nowhere", "go", "door.go", "去", _is("ann"))])
    with pytest.raises(ImproperlyConfigured):  # one action twice from one state
        edge = Edge(Door.DRAFT, Door.OPEN, "open", "door.open", "打开", _is("ann"))
        _workflow(edges=[edge, edge])
    with pytest.raises(ImproperlyConfigured):
        _workflow(final_states={"nowhere"})


@pytest.fixture
def report(kfq_report) -> ProgressReport:
    return kfq_report


def test_transition_applies_and_audits_once(report, persona):
    record = Recorded([])
    flow = _workflow(record)
    ann = SimpleNamespace(name="ann")
    step = flow.transition(
        actor=ann,
        obj=report,
        action="open",
        apply=lambda obj, edge: setattr(obj, "review_comment", "好"),
        fields=["review_comment", "percent"],
        extra={"comment": "好"},
        parent=report.task,
    )
    report.refresh_from_db()
    assert report.status == Door.OPEN and report.review_comment == "好"
    assert step.edge.verb == "door.open" and step.obj.pk == report.pk
    # one entry, the edge's verb, only the fields that changed, the extra in ``after``
    assert record.entries == [
        {
            "actor": ann,
            "verb": "door.open",
            "target": step.obj,
            "parent": report.task,
            "before": {"status": "submitted", "review_comment": ""},
            "after": {"status": "approved", "review_comment": "好", "comment": "好"},
        }
    ]


def test_transition_reads_the_state_again(report):
    """A stale object does not decide: the row is read again inside the transaction."""
    flow = _workflow()
    ProgressReport.objects.filter(pk=report.pk).update(status=Door.OPEN)
    assert report.status == Door.DRAFT  # the caller's copy is stale
    with pytest.raises(ValidationError, match="不适用"):
        flow.transition(actor=ANN, obj=report, action="open")


def test_transition_refuses_and_changes_nothing(report):
    record = Recorded([])
    flow = _workflow(record)
    ProgressReport.objects.filter(pk=report.pk).update(percent=50)
    with pytest.raises(PermissionDenied, match="只有ann可以"):  # the decision's reason
        flow.transition(actor=EVE, obj=report, action="open")
    with pytest.raises(ValidationError, match="不适用于该门的当前状态"):
        flow.transition(actor=BOB, obj=report, action="shut")
    flow.transition(actor=ANN, obj=report, action="open")
    with pytest.raises(ValidationError, match="还没完成"):  # ``when`` refuses: wrong input
        flow.transition(actor=BOB, obj=report, action="shut")
    flow.transition(actor=BOB, obj=report, action="drop")
    with pytest.raises(ValidationError, match="当前状态为“撤回”"):  # a final state
        flow.transition(actor=BOB, obj=report, action="drop")

    def fail(obj: Any, edge: Edge) -> None:
        obj.review_comment = "半途"
        raise ValidationError("apply 拒绝")

    ProgressReport.objects.filter(pk=report.pk).update(status=Door.DRAFT)
    with pytest.raises(ValidationError, match="apply 拒绝"):
        flow.transition(actor=ANN, obj=report, action="open", apply=fail)
    report.refresh_from_db()
    assert report.status == Door.DRAFT and report.review_comment == ""
    assert [e["verb"] for e in record.entries] == ["door.open", "door.drop"]
