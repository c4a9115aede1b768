"""add users.is_admin

Revision ID: e5f6a7b8c9d0
Revises: d9e0f1a2b3c4
Create Date: 2024-03-04 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5f6a7b8c9d0'
down_revision = 'd9e0f1a2b3c4'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
