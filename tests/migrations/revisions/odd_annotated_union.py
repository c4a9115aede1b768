"""typed template (Alembic >= 1.12)

Revision ID: 8b8b8b8b8b8b
Revises: a1b2c3d4e5f6, b7c8d9e0f1a2
Create Date: 2024-06-01 12:00:00.000000

"""
from typing import Sequence, Union

revision: str = "8b8b8b8b8b8b"
down_revision: Union[str, Sequence[str], None] = ("a1b2c3d4e5f6", "b7c8d9e0f1a2")
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None
