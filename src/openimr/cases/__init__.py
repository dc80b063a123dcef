"""IMR case files: the documented, versioned format a user gives OpenIMR, and loading it."""

from openimr.cases.load import json_schema, load, read_case_file

__all__ = ["json_schema", "load", "read_case_file"]
