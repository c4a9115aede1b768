"""First line of the message
continues on a second line

Revision ID: 5e6f70819203
Revises: 3c4d5e6f7081
Create Date: 2024-05-06 07:08:09.101112

"""
revision = '5e6f70819203'
down_revision = '3c4d5e6f7081'
