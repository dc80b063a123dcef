"""The review organization's workflow: use cases over a unit of work and repositories.

- ``model``: the workflow's domain values (a case in review, reviewers, users, audit entries).
- ``ports``: the repository protocols and the abstract unit of work (``openimr.db`` implements
  them on SQL; ``fakes`` in memory, for tests).
- ``workflow``: the table of allowed transitions; ``eligibility``: the IMR eligibility rules;
  ``deadlines``: when a determination is due (rules in ``data/deadlines.yaml``, California
  business days); ``assignment``: which reviewers may review a case, ranked (specialties in
  ``data/specialties.yaml``); ``permissions``: who may do what.
- ``usecases``: what the command line, the API and the web pages call, each one audited
  transaction; ``context``: what they run with (built by ``openimr.bootstrap``).
"""
