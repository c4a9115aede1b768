"""merge probes and reports

Revision ID: d9e0f1a2b3c4
Revises: b7c8d9e0f1a2, c3d4e5f6a7b8
Create Date: 2024-03-03 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd9e0f1a2b3c4'
down_revision = ('b7c8d9e0f1a2', 'c3d4e5f6a7b8')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
