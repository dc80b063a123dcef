"""Alembic's environment: migrate through the engine the caller hands over (see db.migrate)."""

from __future__ import annotations

from alembic import context

from openimr.db.tables import metadata

engine = context.config.attributes["engine"]

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        transaction_per_migration=True,
    )
    with context.begin_transaction():
        context.run_migrations()
