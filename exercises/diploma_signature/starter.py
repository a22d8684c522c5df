"""A diploma nobody can forge: fill in the three functions marked TODO."""

import json

from minichain.errors import MinichainError
from minichain.keys import PrivateKey, PublicKey, Signature


def diploma_bytes(diploma: dict[str, str]) -> bytes:
    """The diploma as canonical JSON (sorted keys, compact, UTF-8)."""
    # TODO: json.dumps with sorted keys and compact separators, then encode as UTF-8.
    raise NotImplementedError("diploma_bytes")


def sign_diploma(university: PrivateKey, diploma: dict[str, str]) -> bytes:
    """The university's DER-encoded signature of the diploma's canonical bytes."""
    # TODO: sign diploma_bytes(diploma) and return the DER bytes.
    raise NotImplementedError("sign_diploma")


def check_diploma(diploma: dict[str, str], signature: bytes, university_key: bytes) -> bool:
    """Whether ``signature`` is the university's signature of exactly this diploma."""
    # TODO: parse the key and the signature, verify, and answer False on malformed bytes.
    raise NotImplementedError("check_diploma")
