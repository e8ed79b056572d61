"""Phone numbers and chat ids at rest: encrypted with Fernet (authenticated AES from the kept
`cryptography` library) and found again by a keyed hash (HMAC-SHA256), so the database alone
reveals neither. Never logged."""

from __future__ import annotations

import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken

from api.store.conversations import SealedAddress


class AddressSeal:
    def __init__(self, key: str) -> None:
        self._fernet = Fernet(key)
        # a separate key for the hash, derived from the same secret
        self._hash_key = hmac.new(key.encode(), b"mantelwijzer address hash", hashlib.sha256).digest()

    def hash(self, channel: str, address: str) -> str:
        return hmac.new(self._hash_key, f"{channel}:{address}".encode(), hashlib.sha256).hexdigest()

    def seal(self, channel: str, address: str) -> SealedAddress:
        return SealedAddress(self.hash(channel, address), self._fernet.encrypt(address.encode()).decode())

    def open(self, secret: str) -> str | None:
        """The address, or None when it was sealed with another key."""
        try:
            return self._fernet.decrypt(secret.encode()).decode()
        except InvalidToken:
            return None
