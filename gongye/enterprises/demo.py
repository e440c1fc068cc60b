"""The register's demo data (issue 12, item 9)."""


def enterprises_demo_load(report: object) -> str:
    return ""
