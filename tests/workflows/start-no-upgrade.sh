#!/bin/sh
set -e
export PYTHONUNBUFFERED=1 FLASK_APP=probeops:create_app
# flask db upgrade   <- disabled while debugging
exec gunicorn --bind 0.0.0.0:5000 "probeops:create_app()"
