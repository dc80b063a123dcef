"""bootstrap wires settings, the engine's parts and units of work; a test passes its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from openimr.bootstrap import bootstrap
from openimr.errors import OpenIMRError
from openimr.service.fakes import FakeUnitOfWork, InMemoryStore


def test_a_given_factory_is_used_and_settings_come_from_the_config_file(tmp_path: Path) -> None:
    config = tmp_path / "openimr.yaml"
    config.write_text(
        "review_organization: {name: Golden State Review, short_name: GSR}\n"
        "reviewer: {licensure: [California, Nevada], specialties: [Pain Management]}\n",
        encoding="utf-8",
    )
    store = InMemoryStore()
    ctx = bootstrap(uow_factory=lambda: FakeUnitOfWork(store), config=config, load_knowledge=False)
    assert isinstance(ctx.uow(), FakeUnitOfWork) and ctx.uow().store is store
    assert ctx.settings.review_organization.short_name == "GSR"
    # Reviewers must hold a licence the deployment names.
    assert ctx.policy.licensure_states == ("California", "Nevada")
    assert ctx.kb is None and ctx.extract is None


def test_the_knowledge_base_and_extractor_are_loaded_once_at_start(tmp_path: Path) -> None:
    ctx = bootstrap(uow_factory=lambda: FakeUnitOfWork(), config=None)
    assert ctx.kb is not None and ctx.extract is not None
    assert ctx.kb.all()


def test_a_bad_settings_file_is_a_one_line_error(tmp_path: Path) -> None:
    config = tmp_path / "openimr.yaml"
    config.write_text("reviewer: {licensure: 3}\n", encoding="utf-8")
    with pytest.raises(OpenIMRError) as error:
        bootstrap(uow_factory=lambda: FakeUnitOfWork(), config=config, load_knowledge=False)
    assert "\n" not in str(error.value) and "openimr.yaml" in str(error.value)


def test_without_a_factory_the_database_url_is_used(tmp_path: Path) -> None:
    pytest.importorskip("openimr.db", reason="the SQL unit of work (openimr.db) is not installed")
    ctx = bootstrap(db_url=f"sqlite:///{tmp_path / 'openimr.db'}", load_knowledge=False)
    with ctx.uow() as uow:
        assert uow.cases.find() == []
    assert (tmp_path / "openimr.db").exists()
