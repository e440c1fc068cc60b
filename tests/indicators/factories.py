"""Factories for figures: an approved cumulative figure from the statistics bureau."""

from __future__ import annotations

from decimal import Decimal

import factory

from gongye.indicators.choices import ObservationMeasure, ObservationSource, ObservationStatus
from gongye.indicators.models import Observation
from tests.plans.factories import TargetFactory


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Observation

    target = factory.SubFactory(TargetFactory)
    region = factory.LazyAttribute(lambda o: o.target.plan.region)
    year = factory.LazyAttribute(lambda o: o.target.plan.year)
    month = 6
    measure = ObservationMeasure.CUMULATIVE
    value = Decimal("100")
    source = ObservationSource.STATISTICS
    status = ObservationStatus.APPROVED
