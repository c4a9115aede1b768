r"""  Raw docstring with \n kept and leading spaces

    Revision ID: 7a7a7a7a7a7a
    Create Date: 2023-12-31 23:59:59
"""
import sqlalchemy as sa

revision = \
    '7a7a7a7a7a7a'
down_revision = None


def upgrade():
    revision = 'not-the-revision'
    down_revision = 'nope'
    op.execute("""
revision = 'inside-a-string'
""")


class Foo:
    revision = 'class-attribute'
