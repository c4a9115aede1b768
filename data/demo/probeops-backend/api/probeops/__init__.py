"""ProbeOps API: a small Flask backend (users, probes) on PostgreSQL."""
import os

from flask import Flask
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()
migrate = Migrate()


def create_app():
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ.get(
        "DATABASE_URL", "postgresql://probeops:probeops@db:5432/probeops")
    app.config["SQLALCHEMY_TRACK_MODIFICATIONS"] = False
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_pre_ping": True}

    db.init_app(app)
    # migrations/ sits next to the package in the image (/app/migrations).
    migrate.init_app(app, db, directory=os.environ.get(
        "MIGRATIONS_DIR",
        os.path.join(os.path.dirname(os.path.dirname(__file__)), "migrations")))

    from . import models  # noqa: F401  (registers the tables)
    from .views import bp
    app.register_blueprint(bp)
    return app
