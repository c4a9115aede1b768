"""The schema.  Every change here needs a revision in migrations/versions."""
from datetime import datetime

from . import db


class User(db.Model):
    __tablename__ = "users"

    id = db.Column(db.Integer, primary_key=True)
    email = db.Column(db.String(255), nullable=False)
    password_hash = db.Column(db.String(255), nullable=False)
    is_admin = db.Column(db.Boolean, nullable=False, server_default=db.false())
    created_at = db.Column(db.DateTime, nullable=False, default=datetime.utcnow)

    probes = db.relationship("Probe", back_populates="owner")

    __table_args__ = (db.UniqueConstraint("email", name="uq_users_email"),)

    def to_dict(self):
        return {"id": self.id, "email": self.email, "is_admin": self.is_admin}


class Probe(db.Model):
    __tablename__ = "probes"

    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(120), nullable=False)
    target_url = db.Column(db.String(2048), nullable=False)
    interval_seconds = db.Column(db.Integer, nullable=False, server_default="60")
    owner_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=datetime.utcnow)

    owner = db.relationship("User", back_populates="probes")

    __table_args__ = (db.Index("ix_probes_owner_id", "owner_id"),)

    def to_dict(self):
        return {"id": self.id, "name": self.name, "target_url": self.target_url,
                "interval_seconds": self.interval_seconds,
                "owner_id": self.owner_id}
