#!/bin/bash
FLASK_APP=probeops:create_app flask db upgrade && exec gunicorn app:app
