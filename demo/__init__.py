"""Demo data: ``manage.py seed_demo`` fills an empty database with every app's data.

On top of the other apps: it imports their services and models, and nothing imports it.
"""
