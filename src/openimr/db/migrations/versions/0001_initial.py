"""The first schema: cases, reviewers, users and API tokens, the audit log, signed letters.

Revision ID: 0001
Revises:
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

from openimr.db.tables import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

Document = sa.JSON().with_variant(JSONB(), "postgresql")

APPEND_ONLY = "the audit log is append-only"


def upgrade() -> None:
    op.create_table(
        "reviewers",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("load", sa.Integer(), nullable=False),
        sa.Column("years_in_active_practice", sa.Float(), nullable=False),
        sa.Column("hours_per_week", sa.Float(), nullable=False),
        sa.Column("licensure_states", Document, nullable=False),
        sa.Column("board_certifications", Document, nullable=False),
        sa.Column("specialties", Document, nullable=False),
        sa.Column("affiliations", Document, nullable=False),
        sa.CheckConstraint("load >= 0 AND capacity >= 0", name="slots_not_negative"),
        sa.PrimaryKeyConstraint("id", name="pk_reviewers"),
    )
    op.create_table(
        "cases",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("case_number", sa.String(64), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("priority", sa.String(16), nullable=False),
        sa.Column("formulary_drug_dispute", sa.Boolean(), nullable=False),
        sa.Column("application_received", sa.Date(), nullable=False),
        sa.Column("records_received", sa.Date(), nullable=True),
        sa.Column("ur_decision_date", sa.Date(), nullable=True),
        sa.Column("reviewer_id", sa.String(64), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("withdrawn_reason", sa.Text(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("content", Document, nullable=False),
        sa.Column("parties", Document, nullable=False),
        sa.Column("eligibility", Document, nullable=False),
        sa.Column("draft", Document, nullable=True),
        sa.Column("edits", Document, nullable=False),
        sa.Column("assignment", Document, nullable=True),
        sa.Column("letters", Document, nullable=False),
        sa.ForeignKeyConstraint(
            ["reviewer_id"], ["reviewers.id"], name="fk_cases_reviewer_id_reviewers"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_cases"),
        sa.UniqueConstraint("case_number", name="uq_cases_case_number"),
    )
    op.create_index("ix_cases_status", "cases", ["status"])
    op.create_index("ix_cases_reviewer_id", "cases", ["reviewer_id"])
    op.create_index("ix_cases_deadline", "cases", ["deadline"])
    op.create_table(
        "users",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("email_key", sa.String(320), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("reviewer_id", sa.String(64), nullable=True),
        sa.Column("password_hash", sa.String(256), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["reviewer_id"], ["reviewers.id"], name="fk_users_reviewer_id_reviewers"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("email_key", name="uq_users_email_key"),
    )
    op.create_table(
        "api_tokens",
        sa.Column("token_id", sa.String(64), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(256), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("label", sa.String(200), nullable=True),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_api_tokens_user_id_users"),
        sa.PrimaryKeyConstraint("token_id", name="pk_api_tokens"),
    )
    op.create_index("ix_api_tokens_user_id", "api_tokens", ["user_id"])
    op.create_table(
        "audit_entries",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("case_id", sa.String(64), nullable=True),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("from_status", sa.String(32), nullable=True),
        sa.Column("to_status", sa.String(32), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_entries"),
    )
    op.create_index("ix_audit_entries_case_id", "audit_entries", ["case_id"])
    op.create_table(
        "letter_pdfs",
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_letter_pdfs_case_id_cases"),
        sa.PrimaryKeyConstraint("case_id", "version", name="pk_letter_pdfs"),
    )
    _forbid_audit_changes()


def downgrade() -> None:
    _allow_audit_changes()
    op.drop_table("letter_pdfs")
    op.drop_index("ix_audit_entries_case_id", table_name="audit_entries")
    op.drop_table("audit_entries")
    op.drop_index("ix_api_tokens_user_id", table_name="api_tokens")
    op.drop_table("api_tokens")
    op.drop_table("users")
    op.drop_index("ix_cases_deadline", table_name="cases")
    op.drop_index("ix_cases_reviewer_id", table_name="cases")
    op.drop_index("ix_cases_status", table_name="cases")
    op.drop_table("cases")
    op.drop_table("reviewers")


def _forbid_audit_changes() -> None:
    """The database itself refuses to change or remove an audit entry."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"""
            CREATE FUNCTION audit_entries_append_only() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION '{APPEND_ONLY}';
            END;
            $$ LANGUAGE plpgsql
            """
        )
        op.execute(
            "CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries "
            "FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()"
        )
        op.execute(
            "CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only()"
        )
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_entries_no_{event.lower()} BEFORE {event} ON audit_entries "
                f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"
            )


def _allow_audit_changes() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_entries_no_truncate ON audit_entries")
        op.execute("DROP TRIGGER audit_entries_append_only ON audit_entries")
        op.execute("DROP FUNCTION audit_entries_append_only()")
    else:
        op.execute("DROP TRIGGER audit_entries_no_delete")
        op.execute("DROP TRIGGER audit_entries_no_update")
