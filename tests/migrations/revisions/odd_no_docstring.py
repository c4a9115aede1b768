#!/usr/bin/env python
# -*- coding: utf-8 -*-
# hand written, no docstring at all
from alembic import op

revision = 'abc123'   # trailing comment
down_revision = ('1a2b3c4d5e6f',)
