"""add reports

Revision ID: c3d4e5f6a7b8
Revises: a1b2c3d4e5f6
Create Date: 2024-03-02 11:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3d4e5f6a7b8'
down_revision = 'a1b2c3d4e5f6'
branch_labels = ('reports',)
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
