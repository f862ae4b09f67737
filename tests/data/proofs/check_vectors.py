#!/usr/bin/env python3
"""An independent check of the proof vectors in this folder (p256.json, ristretto255.json,
eg4096.json).

Recomputes every output from the file's inputs following only the layout documented in
src/crypto/chaum_pedersen.h and src/crypto/group.h — no Ashyq code: P-256 in plain Python
integers (affine coordinates, SEC 1 compressed encoding), ristretto255 through libsodium's C API
(ctypes), ElectionGuard's 4096-bit group with pow(g, x, p). Slow and not constant time: a
reference, never for real keys.

    python3 tests/data/proofs/check_vectors.py [file.json ...]

Prints one line per file and exits non-zero on the first difference.
"""
import ctypes
import ctypes.util
import hashlib
import json
import os
import sys


def hash_to_scalar(group, domain, message, order, little_endian):
    data = (b"ashyq/hash-to-scalar/v1\x00" + bytes([len(group)]) + group.encode() +
            bytes([len(domain)]) + domain.encode() + message)
    wide = hashlib.sha512(data).digest()
    return int.from_bytes(wide, "little" if little_endian else "big") % order


class P256:
    name = "p256"
    p = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffff
    n = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551
    b = 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b
    G = (0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296,
         0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5)
    little_endian = False

    def add(self, P, Q):
        if P is None:
            return Q
        if Q is None:
            return P
        p = self.p
        if P[0] == Q[0]:
            if (P[1] + Q[1]) % p == 0:
                return None
            lam = (3 * P[0] * P[0] - 3) * pow(2 * P[1], -1, p) % p
        else:
            lam = (Q[1] - P[1]) * pow(Q[0] - P[0], -1, p) % p
        x = (lam * lam - P[0] - Q[0]) % p
        return (x, (lam * (P[0] - x) - P[1]) % p)

    def neg(self, P):
        return None if P is None else (P[0], (-P[1]) % self.p)

    def mul(self, P, k):
        k %= self.n
        R = None
        while k:
            if k & 1:
                R = self.add(R, P)
            P = self.add(P, P)
            k >>= 1
        return R

    def base(self):
        return self.G

    def encode(self, P):
        if P is None:
            return bytes(33)
        return bytes([2 + (P[1] & 1)]) + P[0].to_bytes(32, "big")

    def decode(self, data):
        assert len(data) == 33 and data[0] in (2, 3)
        x = int.from_bytes(data[1:], "big")
        y = pow((x * x * x - 3 * x + self.b) % self.p, (self.p + 1) // 4, self.p)
        assert (y * y - (x * x * x - 3 * x + self.b)) % self.p == 0
        if (y & 1) != data[0] - 2:
            y = self.p - y
        return (x, y)

    def scalar(self, hexed):
        return int.from_bytes(bytes.fromhex(hexed), "big")

    def scalar_hex(self, k):
        return (k % self.n).to_bytes(32, "big").hex()


class Ristretto255:
    name = "ristretto255"
    n = 2**252 + 27742317777372353535851937790883648493
    little_endian = True

    def __init__(self):
        path = ctypes.util.find_library("sodium") or "libsodium.so.23"
        self.lib = ctypes.CDLL(path)
        assert self.lib.sodium_init() >= 0

    def _out(self):
        return ctypes.create_string_buffer(32)

    def add(self, P, Q):
        r = self._out()
        assert self.lib.crypto_core_ristretto255_add(r, P, Q) == 0
        return r.raw

    def neg(self, P):
        r = self._out()
        assert self.lib.crypto_core_ristretto255_sub(r, bytes(32), P) == 0
        return r.raw

    def mul(self, P, k):
        r = self._out()
        if P == bytes(32) or self.lib.crypto_scalarmult_ristretto255(
                r, (k % self.n).to_bytes(32, "little"), P) != 0:
            return bytes(32)
        return r.raw

    def base(self):
        r = self._out()
        assert self.lib.crypto_scalarmult_ristretto255_base(r, (1).to_bytes(32, "little")) == 0
        return r.raw

    def encode(self, P):
        return P

    def decode(self, data):
        assert len(data) == 32 and self.lib.crypto_core_ristretto255_is_valid_point(data) == 1
        return data

    def scalar(self, hexed):
        return int.from_bytes(bytes.fromhex(hexed), "little")

    def scalar_hex(self, k):
        return (k % self.n).to_bytes(32, "little").hex()


class EG4096:
    """ElectionGuard 1.0's baseline group: elements are integers mod p in the order-q subgroup,
    encoded as 512 big-endian bytes; "adding" is multiplying mod p. Only p is copied from the
    specification; q and g follow from their definitions and p's shape is checked."""
    name = "eg4096"
    p = int(
        "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
        "93c467e37db0c7a4d1be3f810152cb56a1cecc3af65cc0190c03df34709affbd"
        "8e4b59fa03a9f0eed0649ccb621057d11056ae9132135a08e43b4673d74bafea"
        "58deb878cc86d733dbe7bf38154b36cf8a96d1567899aaae0c09d4c8b6b7b86f"
        "d2a1ea1de62ff8643ec7c271827977225e6ac2f0bd61c746961542a3ce3bea5d"
        "b54fe70e63e6d09f8fc28658e80567a47cfde60ee741e5d85a7bd46931ced822"
        "0365594964b839896fcaabccc9b31959c083f22ad3ee591c32fab2c7448f2a05"
        "7db2db49ee52e0182741e53865f004cc8e704b7c5c40bf304c4d8c4f13edf604"
        "7c555302d2238d8ce11df2424f1b66c2c5d238d0744db679af2890487031f9c0"
        "aea1c4bb6fe9554ee528fdf1b05e5b256223b2f09215f3719f9c7ccc69ddf172"
        "d0d6234217fcc0037f18b93ef5389130b7a661e5c26e54214068bbcafea32a67"
        "818bd3075ad1f5c7e9cc3d1737fb28171baf84dbb6612b7881c1a48e439cd03a"
        "92bf52225a2b38e6542e9f722bce15a381b5753ea842763381ccae83512b3051"
        "1b32e5e8d80362149ad030aaba5f3a5798bb22aa7ec1b6d0f17903f4e234ea60"
        "34aa85973f79a93ffb82a75c47c03d43d2f9ca02d03199baceddd45334dbc6b5"
        "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", 16)
    n = 2**256 - 189  # q
    little_endian = False

    def __init__(self):
        ones = 2**256 - 1
        assert self.p >> (4096 - 256) == ones and self.p & ones == ones
        assert (self.p - 1) % self.n == 0
        self.g = pow(2, (self.p - 1) // self.n, self.p)

    def add(self, P, Q):
        return P * Q % self.p

    def neg(self, P):
        return pow(P, -1, self.p)

    def mul(self, P, k):
        return pow(P, k % self.n, self.p)

    def base(self):
        return self.g

    def encode(self, P):
        return P.to_bytes(512, "big")

    def decode(self, data):
        assert len(data) == 512
        x = int.from_bytes(data, "big")
        assert 0 < x < self.p and pow(x, self.n, self.p) == 1
        return x

    def scalar(self, hexed):
        return int.from_bytes(bytes.fromhex(hexed), "big")

    def scalar_hex(self, k):
        return (k % self.n).to_bytes(32, "big").hex()


GROUPS = {"p256": P256, "ristretto255": Ristretto255, "eg4096": EG4096}


def u32(v):
    return v.to_bytes(4, "big")


def check(path):
    doc = json.load(open(path))
    grp = GROUPS[doc["group"]]()
    n, G = grp.n, grp.base()
    E = lambda P: grp.encode(P)
    H = lambda domain, msg: hash_to_scalar(grp.name, domain, msg, n, grp.little_endian)
    sub = lambda P, Q: grp.add(P, grp.neg(Q))

    def same(what, want, got):
        if want != got:
            sys.exit(f"{path}: {what}: file {want}, computed {got}")

    s = grp.scalar(doc["secret_key"])
    K = grp.mul(G, s)
    same("public_key", doc["public_key"], E(K).hex())
    same("generator", doc["generator"], E(G).hex())
    cts, R, total = [], 0, 0
    for i, sel in enumerate(doc["selections"]):
        m, r = sel["selection"], grp.scalar(sel["nonce"])
        u = grp.scalar(sel["u"])
        cs, zs = grp.scalar(sel["simulated_challenge"]), grp.scalar(sel["simulated_response"])
        ctx = bytes.fromhex(sel["context"])
        alpha, beta = grp.mul(G, r), grp.add(grp.mul(G, m), grp.mul(K, r))
        same(f"selection {i} alpha", sel["alpha"], E(alpha).hex())
        same(f"selection {i} beta", sel["beta"], E(beta).hex())
        a, b = [None, None], [None, None]
        real, sim = m, 1 - m
        a[real], b[real] = grp.mul(G, u), grp.mul(K, u)
        # The simulated branch straight from its definition (not the prover's shortcut).
        a[sim] = sub(grp.mul(G, zs), grp.mul(alpha, cs))
        b[sim] = sub(grp.mul(K, zs), grp.mul(sub(beta, grp.mul(G, sim)), cs))
        msg = (u32(len(ctx)) + ctx + E(G) + E(K) + E(alpha) + E(beta) +
               E(a[0]) + E(b[0]) + E(a[1]) + E(b[1]))
        same(f"selection {i} challenge_input", sel["challenge_input"], msg.hex())
        c = H("ashyq/evote/selection-proof/v1", msg)
        cc, zz = [0, 0], [0, 0]
        cc[sim], zz[sim] = cs, zs
        cc[real] = (c - cs) % n
        zz[real] = (u + cc[real] * r) % n
        proof = sel["proof"]
        for j in range(2):
            same(f"selection {i} a{j}", proof[f"a{j}"], E(a[j]).hex())
            same(f"selection {i} b{j}", proof[f"b{j}"], E(b[j]).hex())
            same(f"selection {i} c{j}", proof[f"c{j}"], grp.scalar_hex(cc[j]))
            same(f"selection {i} z{j}", proof[f"z{j}"], grp.scalar_hex(zz[j]))
            # The verifier's equations.
            bj = sub(beta, grp.mul(G, j))
            same(f"selection {i} check a{j}", E(a[j]), E(sub(grp.mul(G, zz[j]), grp.mul(alpha, cc[j]))))
            same(f"selection {i} check b{j}", E(b[j]), E(sub(grp.mul(K, zz[j]), grp.mul(bj, cc[j]))))
        cts.append((alpha, beta))
        R, total = (R + r) % n, total + m

    con = doc["contest"]
    L, ctx, u = con["limit"], bytes.fromhex(con["context"]), grp.scalar(con["u"])
    a, b = grp.mul(G, u), grp.mul(K, u)
    msg = u32(len(ctx)) + ctx + E(G) + E(K) + L.to_bytes(8, "big") + u32(len(cts))
    for alpha, beta in cts:
        msg += E(alpha) + E(beta)
    msg += E(a) + E(b)
    same("contest challenge_input", con["challenge_input"], msg.hex())
    c = H("ashyq/evote/contest-sum-proof/v1", msg)
    z = (u + c * R) % n
    proof = con["proof"]
    same("contest a", proof["a"], E(a).hex())
    same("contest b", proof["b"], E(b).hex())
    same("contest c", proof["c"], grp.scalar_hex(c))
    same("contest z", proof["z"], grp.scalar_hex(z))
    A, B = None, None
    for alpha, beta in cts:
        A = alpha if A is None else grp.add(A, alpha)
        B = beta if B is None else grp.add(B, beta)
    same("contest sum_alpha", con["sum_alpha"], E(A).hex())
    same("contest sum_beta", con["sum_beta"], E(B).hex())
    same("contest check a", E(a), E(sub(grp.mul(G, z), grp.mul(A, c))))
    same("contest check b", E(b), E(sub(grp.mul(K, z), grp.mul(sub(B, grp.mul(G, L)), c))))
    same("decrypted_total", con["decrypted_total"], total)
    same("decryption", E(sub(B, grp.mul(A, s))), E(grp.mul(G, total)))
    # Decoding what the file publishes gives back the same elements.
    for i, sel in enumerate(doc["selections"]):
        for key in ("alpha", "beta"):
            same(f"selection {i} {key} decodes", sel[key], E(grp.decode(bytes.fromhex(sel[key]))).hex())
    print(f"{path}: {len(cts)} selections and the contest proof recomputed: OK")


def check_hash_to_scalar(path):
    """tests/data/group/hash_to_scalar.txt: group domain message-hex-or-"-" scalar-hex."""
    count = 0
    for line in open(path):
        if not line.strip() or line.startswith("#"):
            continue
        name, domain, message, want = line.split()
        cls = GROUPS[name]
        got = hash_to_scalar(name, domain, b"" if message == "-" else bytes.fromhex(message),
                             cls.n, cls.little_endian)
        got_hex = got.to_bytes(32, "little" if cls.little_endian else "big").hex()
        if got_hex != want:
            sys.exit(f"{path}: {name} {domain} {message}: file {want}, computed {got_hex}")
        count += 1
    print(f"{path}: {count} HashToScalar answers recomputed: OK")


def checker_toolkit(group_name, path):
    """What the sibling checkers (../guardians, ../tally) start from: the vector file's group
    (P-256 only there) and their shorthands, and `same`, which stops at the first difference."""
    grp = {"p256": P256}[group_name]()

    def same(what, want, got):
        if want != got:
            sys.exit(f"{path}: {what}: file {want}, computed {got}")

    return dict(grp=grp, n=grp.n, G=grp.base(), E=grp.encode,
                H=lambda domain, msg: hash_to_scalar(grp.name, domain, msg, grp.n, grp.little_endian),
                sub=lambda P, Q: grp.add(P, grp.neg(Q)), hexs=grp.scalar_hex, same=same)


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    if len(sys.argv) == 1:
        check_hash_to_scalar(os.path.join(here, "..", "group", "hash_to_scalar.txt"))
    for f in sys.argv[1:] or [os.path.join(here, name)
                              for name in ("p256.json", "ristretto255.json", "eg4096.json")]:
        check(f)
