"""REST API (FastAPI) over the ``qa`` core."""
