#!/bin/sh
set -e
# FLASK_APP=probeops:create_app   (commented out: does not count)
flask db upgrade
exec gunicorn --bind 0.0.0.0:5000 "probeops:create_app()"
