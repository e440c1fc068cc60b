from gongye.evaluation.models.appeals import EvaluationAppeal
from gongye.evaluation.models.runs import EvaluationResult, EvaluationRun
from gongye.evaluation.models.schemes import EvaluationScheme, SchemeVersion

__all__ = [
    "EvaluationAppeal",
    "EvaluationResult",
    "EvaluationRun",
    "EvaluationScheme",
    "SchemeVersion",
]
