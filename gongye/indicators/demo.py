from gongye.indicators.services_more import demo_indicators_load


def indicators_demo_load(report: object) -> str:
    """The ``load_demo`` step (``IndicatorsConfig.demo_loaders``)."""
    return demo_indicators_load()
