"""
Revision ID: 9c9c9c9c9c9c
Revises: 8b8b8b8b8b8b
Create Date: 2024-07-01 00:00:00.000000

"""
