"""The clinical facts of each record, extracted when the record arrives, for the draft to read.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

Document = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "record_facts",
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("record_id", sa.String(255), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("facts", Document, nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name="fk_record_facts_case_id_cases"
        ),
        sa.PrimaryKeyConstraint("case_id", "record_id", name="pk_record_facts"),
    )


def downgrade() -> None:
    # Only derived data: a draft extracts the facts again when none are kept.
    op.drop_table("record_facts")
