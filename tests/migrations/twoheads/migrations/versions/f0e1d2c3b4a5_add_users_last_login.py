"""add users.last_login

Revision ID: f0e1d2c3b4a5
Revises: a1b2c3d4e5f6
Create Date: 2024-03-05 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f0e1d2c3b4a5'
down_revision = 'a1b2c3d4e5f6'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
