"""add probes table

Revision ID: 2b3c4d5e6f70
Revises: 1a2b3c4d5e6f
Create Date: 2024-01-12 09:00:00.000001

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "2b3c4d5e6f70"
down_revision = "1a2b3c4d5e6f"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("probes",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("target", sa.String(length=255), nullable=False),
    sa.PrimaryKeyConstraint("id")
    )


def downgrade():
    op.drop_table("probes")
