"""The project register's models: projects and their files, the 月30 monthly returns, the
problem lists (问题清单交办)."""

from gongye.projects.models.problems import ProjectProblem
from gongye.projects.models.projects import Project, ProjectDocument
from gongye.projects.models.returns import ProjectReturn
from gongye.projects.models.totals import ReturnTotal

__all__ = ["Project", "ProjectDocument", "ProjectProblem", "ProjectReturn", "ReturnTotal"]
