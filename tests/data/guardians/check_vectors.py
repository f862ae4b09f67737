#!/usr/bin/env python3
"""An independent check of the guardian vectors in this folder (p256.json).

Recomputes every output from the file's inputs following only the layouts documented in
src/crypto/guardian_key.h, src/crypto/guardian_decryption.h, src/crypto/guardian_json.h and
src/crypto/guardian_files.h (the share files' mask),
with the plain-integer P-256 and the hash of ../proofs/check_vectors.py — no Ashyq code. Slow and
not constant time: a reference, never for real keys.

    python3 tests/data/guardians/check_vectors.py [file.json ...]

Prints one line per file and exits non-zero on the first difference.
"""
import importlib.util
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location(
    "proof_vectors", os.path.join(HERE, "..", "proofs", "check_vectors.py"))
_proofs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_proofs)


def u32(v):
    return v.to_bytes(4, "big")


def check(path):
    doc = json.load(open(path))
    t = _proofs.checker_toolkit(doc["group"], path)
    grp, n, G, E, H, sub, hexs, same = (t[k] for k in ("grp", "n", "G", "E", "H", "sub", "hexs", "same"))

    N, k = doc["guardians"], doc["quorum"]
    ctx = bytes.fromhex(doc["context"])
    same("generator", doc["generator"], E(G).hex())

    # The ceremony: commitments, Schnorr proofs, shares P_i(j).
    polys, commitments = {}, {}
    for g in doc["ceremony"]:
        i = g["guardian"]
        a = [grp.scalar(x) for x in g["coefficients"]]
        us = [grp.scalar(x) for x in g["proof_nonces"]]
        pub = g["published"]
        same(f"guardian {i} header", (pub["format"], pub["group"], pub["guardians"], pub["quorum"],
                                      pub["guardian"]),
             ("ashyq/guardian-commitments/1", "p256", N, k, i))
        C = [grp.mul(G, am) for am in a]
        for m in range(k):
            h = grp.mul(G, us[m])
            msg = (u32(len(ctx)) + ctx + E(G) + u32(N) + u32(k) + u32(i) + u32(m) + E(C[m]) +
                   E(h))
            same(f"guardian {i} challenge_input {m}", g["challenge_inputs"][m], msg.hex())
            c = H("ashyq/guardian/coefficient-proof/v1", msg)
            z = (us[m] + c * a[m]) % n
            same(f"guardian {i} commitment {m}", pub["commitments"][m], E(C[m]).hex())
            same(f"guardian {i} proof {m}", pub["proofs"][m],
                 {"h": E(h).hex(), "c": hexs(c), "z": hexs(z)})
            same(f"guardian {i} proof {m} check", E(h), E(sub(grp.mul(G, z), grp.mul(C[m], c))))
        P = lambda x, a=a: sum(am * pow(x, m, n) for m, am in enumerate(a)) % n
        same(f"guardian {i} shares", g["shares"], [hexs(P(j)) for j in range(1, N + 1)])
        for j in range(1, N + 1):  # Feldman's check, as guardian j makes it
            rhs = None
            for m in range(k):
                t = grp.mul(C[m], pow(j, m, n))
                rhs = t if rhs is None else grp.add(rhs, t)
            same(f"share {i}->{j} check", E(grp.mul(G, P(j))), E(rhs))
        polys[i], commitments[i] = P, C

    # The joint key, public shares and key shares.
    K = None
    for i in polys:
        K = commitments[i][0] if K is None else grp.add(K, commitments[i][0])
    key_shares = {j: sum(polys[i](j) for i in polys) % n for j in range(1, N + 1)}
    S = {j: grp.mul(G, key_shares[j]) for j in key_shares}
    jk = doc["joint_key"]
    same("joint_key", jk, {"format": "ashyq/guardian-joint-key/1", "group": "p256",
                           "guardians": N, "quorum": k, "key": E(K).hex(),
                           "public_shares": [E(S[j]).hex() for j in range(1, N + 1)]})
    same("key_shares", doc["key_shares"], [hexs(key_shares[j]) for j in range(1, N + 1)])

    # The share files (crypto/guardian_files.h, ashyq/guardian-share/1): P_i(j) + H_mask mod n.
    election = ctx.decode()
    a0 = {g["guardian"]: grp.scalar(g["coefficients"][0]) for g in doc["ceremony"]}
    for f in doc["share_files"]:
        i, j, r = f["sender"], f["recipient"], grp.scalar(f["nonce"])
        Cj0, R = commitments[j][0], grp.mul(G, r)
        shared = grp.mul(Cj0, r)
        same(f"share {i}->{j} shared (both sides)", E(shared), E(grp.mul(R, a0[j])))
        msg = (u32(len(ctx)) + ctx + u32(N) + u32(k) + u32(i) + u32(j) + E(Cj0) + E(R) +
               E(shared))
        same(f"share {i}->{j} mask_input", f["mask_input"], msg.hex())
        mask = H("ashyq/guardian/share-mask/v1", msg)
        same(f"share {i}->{j} shared", f["shared"], E(shared).hex())
        same(f"share {i}->{j} mask", f["mask"], hexs(mask))
        same(f"share {i}->{j} published", f["published"],
             {"format": "ashyq/guardian-share/1", "group": "p256", "election": election,
              "guardians": N, "quorum": k, "sender": i, "recipient": j,
              "ephemeral": E(R).hex(), "masked": hexs(polys[i](j) + mask)})
        same(f"share {i}->{j} unmasked", (grp.scalar(f["published"]["masked"]) - mask) % n,
             polys[i](j))

    # The tally: votes encrypted under K, summed, decrypted by the present guardians.
    t = doc["tally"]
    tctx = bytes.fromhex(t["context"])
    A = B = None
    for m, r in zip(t["votes"], t["nonces"]):
        r = grp.scalar(r)
        alpha, beta = grp.mul(G, r), grp.add(grp.mul(G, m), grp.mul(K, r))
        A = alpha if A is None else grp.add(A, alpha)
        B = beta if B is None else grp.add(B, beta)
    same("sum_alpha", t["sum_alpha"], E(A).hex())
    same("sum_beta", t["sum_beta"], E(B).hex())
    present = [d["guardian"] for d in t["decryption"]]
    combined = None
    for d in t["decryption"]:
        i, u = d["guardian"], grp.scalar(d["u"])
        M = grp.mul(A, key_shares[i])
        a, b = grp.mul(G, u), grp.mul(A, u)
        msg = (u32(len(tctx)) + tctx + E(G) + E(K) + u32(i) + E(S[i]) + E(A) + E(B) + E(M) +
               E(a) + E(b))
        same(f"decryption {i} challenge_input", d["challenge_input"], msg.hex())
        c = H("ashyq/guardian/decryption-share/v1", msg)
        z = (u + c * key_shares[i]) % n
        same(f"decryption {i} published", d["published"],
             {"format": "ashyq/decryption-share/1", "group": "p256", "guardian": i,
              "share": E(M).hex(),
              "proof": {"a": E(a).hex(), "b": E(b).hex(), "c": hexs(c), "z": hexs(z)}})
        same(f"decryption {i} check a", E(a), E(sub(grp.mul(G, z), grp.mul(S[i], c))))
        same(f"decryption {i} check b", E(b), E(sub(grp.mul(A, z), grp.mul(M, c))))
        lam = 1
        for j in present:
            if j != i:
                lam = lam * j * pow(j - i, -1, n) % n
        same(f"decryption {i} lagrange_coefficient", d["lagrange_coefficient"], hexs(lam))
        term = grp.mul(M, lam)
        combined = term if combined is None else grp.add(combined, term)
    mG = sub(B, combined)
    same("total_times_generator", t["total_times_generator"], E(mG).hex())
    same("total", t["total"], sum(t["votes"]))
    same("total check", E(mG), E(grp.mul(G, t["total"])))
    print(f"{path}: {N} guardians (quorum {k}), {len(doc['share_files'])} share files, "
          f"{len(t['votes'])} votes, decrypted by guardians {present}: OK")


if __name__ == "__main__":
    for f in sys.argv[1:] or [os.path.join(HERE, "p256.json")]:
        check(f)
