'''Fix "quoted" message with \\backslash and it's $(rm -rf /) `id`

Revision ID: 0badc0ffee01
Revises: 1a2b3c4d5e6f
Create Date: 2024-04-01 08:00:00.000000+00:00

'''
revision = "0badc0ffee01"
down_revision = '1a2b3c4d5e6f'
branch_labels = ('billing', "ops")
depends_on = '2b3c4d5e6f70'
