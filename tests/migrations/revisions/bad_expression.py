"""computed"""
revision = 'f00f00f00f00'
down_revision = get_previous()
