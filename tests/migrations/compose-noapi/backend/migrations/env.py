# env.py of Flask-Migrate (fixture)
