"""Passwords are stored with Argon2 in production; older hashes upgrade at sign-in."""

from django.contrib.auth.hashers import check_password, identify_hasher, make_password

from config import settings as production


def test_argon2_comes_first_in_production():
    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_an_argon2_hash_is_made_and_checked(settings):
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS

    encoded = make_password("correct horse battery staple")

    assert encoded.startswith("argon2$argon2id$")
    assert check_password("correct horse battery staple", encoded)
    assert not check_password("wrong", encoded)


def test_an_older_hash_is_upgraded_to_argon2_at_sign_in(settings, client, worker):
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    worker.password = make_password("password", hasher="pbkdf2_sha256")
    worker.save(update_fields=["password"])

    client.post("/sign-in/", {"username": "worker", "password": "password"})

    worker.refresh_from_db()
    assert identify_hasher(worker.password).algorithm == "argon2"
