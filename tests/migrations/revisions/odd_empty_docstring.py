""""""
revision = 'e0e0e0e0e0e0'
down_revision = u'1a2b3c4d5e6f'
