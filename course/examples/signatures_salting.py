"""A published hash can give a diploma away: guess and check. A random salt per diploma stops it."""

# --8<-- [start:guess]
import itertools
import json
import secrets

from minichain.hashing import sha256d


def canonical(diploma: dict[str, str]) -> bytes:
    """Sorted keys, no spaces, UTF-8, as in the class anchoring example."""
    text = json.dumps(diploma, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


# Wang Fang's target hash is public: it sits in her receipt and in the class's Merkle tree.
diploma = {"id": "2020-0417", "student": "Wang Fang", "degree": "Bachelor of Engineering"}
public_hash = sha256d(canonical(diploma))

# A stranger knows how the university writes diplomas: ids of one year, common names,
# the degrees it awards. Each guess costs one hash; a laptop does millions a second.
names = ["Li Hua", "Wang Wei", "Zhang Wei", "Wang Fang", "Li Na", "Liu Yang", "Chen Jing"]
degrees = ["Bachelor of Engineering", "Bachelor of Arts", "Master of Science"]


def guess(target: bytes) -> tuple[int, dict[str, str] | None]:
    """Try every id, name and degree; return the number of tries and the diploma found."""
    tries = 0
    for number, name, degree in itertools.product(range(1000), names, degrees):
        candidate = {"id": f"2020-{number:04d}", "student": name, "degree": degree}
        tries += 1
        if sha256d(canonical(candidate)) == target:
            return tries, candidate
    return tries, None


tries, found = guess(public_hash)
print(f"unsalted: found after {tries:,} guesses:", found)
# --8<-- [end:guess]

# --8<-- [start:salted]
# The university adds 16 random bytes to every diploma before hashing. The graduate keeps
# them with the diploma and shows them to whoever she shows the diploma to.
salted = {**diploma, "salt": secrets.token_bytes(16).hex()}
salted_hash = sha256d(canonical(salted))
tries, found = guess(salted_hash)  # the same guesses, without the salt they cannot know
print(f"salted:   found after {tries:,} guesses:", found)
print("the employer, shown the diploma and its salt:", sha256d(canonical(salted)) == salted_hash)
print("guesses needed for the salt alone: 2 **", 8 * 16)
# --8<-- [end:salted]
