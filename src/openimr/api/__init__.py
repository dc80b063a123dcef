"""The HTTP API of the case service (FastAPI): ``openimr.api.app.create_app(...)``.

Every route calls a service use case; API tokens (Bearer, stored as argon2 hashes) say who is
calling and with which role. ``accounts`` manages users and tokens, ``uploads`` checks uploaded
records by their content, ``demo`` loads demonstration data.
"""
