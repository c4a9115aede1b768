"""HTTP endpoints."""
from flask import Blueprint, jsonify, request
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.security import generate_password_hash

from . import db
from .models import Probe, User

bp = Blueprint("api", __name__)


@bp.get("/health")
def health():
    """200 when the database answers and the schema is migrated, else 503."""
    try:
        db.session.execute(text("SELECT 1"))
        revision = db.session.execute(
            text("SELECT version_num FROM alembic_version")).scalar()
        users = db.session.query(User).count()
    except SQLAlchemyError as e:
        db.session.rollback()
        return jsonify(status="error", database=str(e.__cause__ or e)), 503
    return jsonify(status="ok", database="ok", revision=revision, users=users)


@bp.get("/users")
def list_users():
    return jsonify([u.to_dict() for u in User.query.order_by(User.id)])


@bp.post("/users")
def create_user():
    body = request.get_json(silent=True) or {}
    if not body.get("email") or not body.get("password"):
        return jsonify(error="email and password are required"), 400
    user = User(email=body["email"],
                password_hash=generate_password_hash(body["password"]),
                is_admin=bool(body.get("is_admin", False)))
    db.session.add(user)
    try:
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(error="a user with that email exists"), 409
    return jsonify(user.to_dict()), 201


@bp.get("/probes")
def list_probes():
    return jsonify([p.to_dict() for p in Probe.query.order_by(Probe.id)])
