"""Samba's security-descriptor codec (python3-samba, C underneath), timed by test/bench/descriptors.ts.

Reads one JSON request on stdin and writes one JSON answer on stdout:
  {"mode": "accepts", "domainSid": ..., "sddl": [...], "hex": [...]}
      -> {"sddl": [bool, ...], "hex": [bool, ...]}: which inputs Samba parses and formats / decodes and encodes.
  {"mode": "time", "domainSid": ..., "seconds": s, "workloads": [{"kind": "sddl"|"binary", "items": [...]}]}
      -> {"perSecond": [descriptors per second, ...]}: each workload's loop run for about s seconds.
Without python3-samba: {"unavailable": reason} (exit status 0; the bench prints the reason).

SDDL: descriptor.from_sddl + as_sddl with the domain SID (Samba resolves LA/LG against it, as SinkGuard does against
the machine SID). Binary: a fresh descriptor's __ndr_unpack__ + __ndr_pack__, the C calls samba.ndr.ndr_unpack and
ndr_pack wrap (the fastest Python path into Samba's codec, so the goal is measured against Samba at its best).
"""

import json
import sys
import time

try:
    from samba.dcerpc import security
except ImportError as error:
    json.dump({"unavailable": f"python3-samba is not installed ({error})"}, sys.stdout)
    sys.exit(0)


def sddl_round(domain, text):
    return security.descriptor.from_sddl(text, domain).as_sddl(domain)


def binary_round(data):
    sd = security.descriptor()
    sd.__ndr_unpack__(data)
    return sd.__ndr_pack__()


def accepts(fn, *args):
    try:
        fn(*args)
        return True
    except Exception:  # noqa: BLE001 - any refusal means "Samba does not accept it"
        return False


def per_second(loop, count, seconds):
    """Descriptors per second of `loop` (one pass over `count` descriptors), after a short warm-up."""
    warm_until = time.perf_counter() + min(0.2, seconds / 5)
    while time.perf_counter() < warm_until:
        loop()
    passes = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        loop()
        passes += 1
    return passes * count / (time.perf_counter() - start)


def main():
    request = json.load(sys.stdin)
    domain = security.dom_sid(request["domainSid"])
    if request["mode"] == "accepts":
        json.dump(
            {
                "sddl": [accepts(sddl_round, domain, text) for text in request["sddl"]],
                "hex": [accepts(binary_round, bytes.fromhex(text)) for text in request["hex"]],
            },
            sys.stdout,
        )
        return
    results = []
    for workload in request["workloads"]:
        if workload["kind"] == "sddl":
            texts = workload["items"]

            def loop(texts=texts):
                for text in texts:
                    security.descriptor.from_sddl(text, domain).as_sddl(domain)

        else:
            blobs = [bytes.fromhex(text) for text in workload["items"]]
            descriptor = security.descriptor

            def loop(blobs=blobs, descriptor=descriptor):
                for data in blobs:
                    sd = descriptor()
                    sd.__ndr_unpack__(data)
                    sd.__ndr_pack__()

        results.append(per_second(loop, len(workload["items"]), request["seconds"]))
    json.dump({"perSecond": results}, sys.stdout)


main()
