"""merge heads"""
from alembic import op

revision = 'd00d00d00d00'
down_revision = (
    'b7c8d9e0f1a2',   # probes
    # reports branch:
    'c3d4e5f6a7b8',
)
branch_labels = [
    'merged'
]
depends_on = None
