# env.py of Flask-Migrate
