#!/usr/bin/env python3
"""An independent check of the tally vectors in this folder (p256.json).

Recomputes every output from the file's inputs following only the layouts documented in
src/evote/tally.h, src/evote/tally_json.h, src/crypto/guardian_decryption.h and docs/formats.md
("ashyq/evote-tally/1"), with the plain-integer P-256 and the hash of ../proofs/check_vectors.py
— no Ashyq code:
  * the key shares P(j), the joint key P(0)*G and the public shares;
  * every ballot's ciphertexts from its nonces, and their sums per selection;
  * every decryption share M_i = s_i*alpha, its proof (commitments, the challenge over the
    documented bytes, the response) and the verifier's equations;
  * the Lagrange coefficients, sum of lambda_i*M_i, beta minus it = count*G, the counts;
  * the whole ashyq/evote-tally/1 object, and its canonical text (RFC 8785, by json.dumps).
Slow and not constant time: a reference, never for real keys.

    python3 tests/data/tally/check_vectors.py [file.json ...]

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

    N, k, election = doc["guardians"], doc["quorum"], doc["election"]
    ctx = election.encode()  # evote::ElectionContext: the election id's bytes
    coefficients = [grp.scalar(c) for c in doc["polynomial"]]
    P = lambda x: sum(c * pow(x, m, n) for m, c in enumerate(coefficients)) % n
    K = grp.mul(G, P(0))
    s = {j: P(j) for j in range(1, N + 1)}
    S = {j: grp.mul(G, s[j]) for j in s}
    same("key", doc["key"], E(K).hex())
    same("key_shares", doc["key_shares"], [hexs(s[j]) for j in range(1, N + 1)])
    same("public_shares", doc["public_shares"], [E(S[j]).hex() for j in range(1, N + 1)])

    # The ballots and the encrypted totals.
    selections = doc["selections"]
    A = [None] * len(selections)
    B = [None] * len(selections)
    votes = [0] * len(selections)
    for b, ballot in enumerate(doc["ballots"]):
        for q, sel in enumerate(ballot):
            m, r = sel["vote"], grp.scalar(sel["nonce"])
            alpha, beta = grp.mul(G, r), grp.add(grp.mul(G, m), grp.mul(K, r))
            same(f"ballot {b} selection {q} alpha", sel["alpha"], E(alpha).hex())
            same(f"ballot {b} selection {q} beta", sel["beta"], E(beta).hex())
            A[q], B[q] = grp.add(A[q], alpha), grp.add(B[q], beta)
            votes[q] += m

    # The decryption shares and their proofs.
    present = [d["guardian"] for d in doc["decryptions"]]
    M, published_decryptions = {}, []
    for d in doc["decryptions"]:
        i = d["guardian"]
        shares = []
        for q in range(len(selections)):
            u = grp.scalar(d["u"][q])
            Mi = grp.mul(A[q], s[i])
            a, b = grp.mul(G, u), grp.mul(A[q], u)
            msg = (u32(len(ctx)) + ctx + E(G) + E(K) + u32(i) + E(S[i]) + E(A[q]) + E(B[q]) +
                   E(Mi) + E(a) + E(b))
            same(f"guardian {i} selection {q} challenge_input", d["challenge_inputs"][q],
                 msg.hex())
            c = H("ashyq/guardian/decryption-share/v1", msg)
            z = (u + c * s[i]) % n
            same(f"guardian {i} selection {q} check a", E(a),
                 E(sub(grp.mul(G, z), grp.mul(S[i], c))))
            same(f"guardian {i} selection {q} check b", E(b),
                 E(sub(grp.mul(A[q], z), grp.mul(Mi, c))))
            M[(i, q)] = Mi
            shares.append({"share": E(Mi).hex(),
                           "proof": {"a": E(a).hex(), "b": E(b).hex(), "c": hexs(c),
                                     "z": hexs(z)}})
        published_decryptions.append({"guardian": i, "shares": shares})

    # Lagrange interpolation at 0 over the present guardians, and the counts.
    lam = {}
    for i in present:
        lam[i] = 1
        for j in present:
            if j != i:
                lam[i] = lam[i] * j * pow(j - i, -1, n) % n
    same("lagrange_coefficients", doc["lagrange_coefficients"], [hexs(lam[i]) for i in present])
    published_selections = []
    for q, sel in enumerate(selections):
        combined = None
        for i in present:
            combined = grp.add(combined, grp.mul(M[(i, q)], lam[i]))
        mG = sub(B[q], combined)
        same(f"selection {q} combined", doc["combined"][q],
             {"shares_combined": E(combined).hex(), "count_times_generator": E(mG).hex()})
        same(f"selection {q} count*G", E(mG), E(grp.mul(G, votes[q])))
        published_selections.append({"contest": sel["contest"], "selection": sel["selection"],
                                     "alpha": E(A[q]).hex(), "beta": E(B[q]).hex(),
                                     "count": votes[q]})

    # The published result, field by field, then as canonical text.
    result = {"format": "ashyq/evote-tally/1", "group": "p256", "election": election,
              "ballots": len(doc["ballots"]), "guardians": N, "quorum": k, "key": E(K).hex(),
              "selections": published_selections,
              "decryptions": sorted(published_decryptions, key=lambda d: d["guardian"])}
    same("result", doc["result"], result)
    text = json.dumps(result, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    same("result canonical text", json.loads(text), doc["result"])
    print(f"{path}: {len(doc['ballots'])} ballots, {len(selections)} selections, decrypted by "
          f"guardians {present} (quorum {k} of {N}), counts {votes}: OK")


if __name__ == "__main__":
    for f in sys.argv[1:] or [os.path.join(HERE, "p256.json")]:
        check(f)
