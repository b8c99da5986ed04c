#!/usr/bin/python3
"""Reads a Registry.pol file with Samba's PReg reader and prints its entries as JSON.

Usage: /usr/bin/python3 scripts/python/preg_read.py FILE
Needs Debian's python3-samba (hence /usr/bin/python3). Prints {"signature", "version", "entries": [...]}, each
entry {"key", "value", "type", "size", "data"}: data as Samba decodes it, bytes as lowercase hex.
Exits 1 with a one-line message on stderr when Samba cannot parse the file.
"""
import json
import sys

from samba.dcerpc import preg
from samba.ndr import ndr_unpack


def plain(data):
    if isinstance(data, (bytes, bytearray)):
        return {"hex": bytes(data).hex()}
    if isinstance(data, list):
        return {"hex": bytes(data).hex()} if all(isinstance(item, int) for item in data) else list(data)
    return data


def main(path):
    with open(path, "rb") as handle:
        content = handle.read()
    try:
        parsed = ndr_unpack(preg.file, content)
    except Exception as error:  # Samba raises RuntimeError (NDR errors) with a tuple of code and message.
        print(f"{path}: Samba cannot parse it: {error}", file=sys.stderr)
        return 1
    entries = [
        {"key": entry.keyname, "value": entry.valuename, "type": entry.type, "size": entry.size, "data": plain(entry.data)}
        for entry in parsed.entries
    ]
    print(json.dumps({"signature": parsed.header.signature, "version": parsed.header.version, "entries": entries}))
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: preg_read.py FILE", file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
