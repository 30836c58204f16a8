"""The server-rendered web UI (Jinja2 templates, our own CSS/JS, plotly charts served
from the installed package). Mounted at ``/`` by ``newsdesk.api.create_app``."""
