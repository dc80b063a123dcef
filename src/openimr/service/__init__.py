"""The review organization's workflow: use cases over a unit of work and repositories.

``model`` holds the workflow's domain values, ``ports`` the repository protocols and the abstract
unit of work that ``openimr.db`` implements on SQL, ``fakes`` an in-memory one for tests.
"""
