"""A diploma nobody can forge: the reference solution."""

import json

from minichain.errors import MinichainError
from minichain.keys import PrivateKey, PublicKey, Signature


def diploma_bytes(diploma: dict[str, str]) -> bytes:
    """The diploma as canonical JSON (sorted keys, compact, UTF-8)."""
    ### BEGIN SOLUTION
    text = json.dumps(diploma, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")
    ### END SOLUTION


def sign_diploma(university: PrivateKey, diploma: dict[str, str]) -> bytes:
    """The university's DER-encoded signature of the diploma's canonical bytes."""
    ### BEGIN SOLUTION
    return university.sign(diploma_bytes(diploma)).der()
    ### END SOLUTION


def check_diploma(diploma: dict[str, str], signature: bytes, university_key: bytes) -> bool:
    """Whether ``signature`` is the university's signature of exactly this diploma."""
    ### BEGIN SOLUTION
    try:
        key = PublicKey.parse(university_key)
        parsed = Signature.parse_der(signature)
    except MinichainError:
        return False
    return key.verify(diploma_bytes(diploma), parsed)
    ### END SOLUTION
