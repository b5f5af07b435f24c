"""Check the virtual key's CTAP 2.0 variant ("ctap20" in fidotest's
Variants) with python-fido2 (Debian python3-fido2 0.9), an independent
client: getInfo as a FIDO_2_0 key reports it, "packed" attestation with
an x5c certificate that python-fido2 verifies, no credential management,
and wrong PINs counted down to 0 without the three-in-a-row block.
Usage: fido2check_ctap20.py DEVICE_PATH. Prints one line per step."""

import hashlib
import sys

from fido2.attestation import Attestation
from fido2.ctap import CtapError
from fido2.ctap2 import Ctap2
from fido2.ctap2.credman import CredentialManagement
from fido2.ctap2.pin import ClientPin
from fido2.hid import CtapHidDevice
from fido2.hid.linux import get_descriptor, open_connection


def main(path):
    desc = get_descriptor(path)
    dev = CtapHidDevice(desc, open_connection(desc))
    ctap = Ctap2(dev, strict_cbor=True)
    info = ctap.get_info()
    print("versions", ",".join(info.versions))
    print("pin protocols", ",".join(str(p) for p in info.pin_uv_protocols))
    print("credMgmt", "credMgmt" in info.options or "credentialMgmtPreview" in info.options)

    cdh = hashlib.sha256(b"register").digest()
    att = ctap.make_credential(
        cdh, {"id": "python.example"}, {"id": b"user-7", "name": "hanako"},
        [{"type": "public-key", "alg": -7}],
    )
    result = Attestation.for_type(att.fmt)().verify(att.att_statement, att.auth_data, cdh)
    print("attestation", att.fmt, result.attestation_type.name, len(att.att_statement.get("x5c", [])))

    pin = ClientPin(ctap)
    pin.set_pin("python-pin")
    token = pin.get_pin_token("python-pin")
    try:
        CredentialManagement(ctap, pin.protocol, token)
        print("python-fido2 would use credential management")
    except ValueError:
        print("python-fido2 sees no credential management")
    for cmd in (0x41, 0x0A):  # sent anyway, raw: getCredsMetadata
        try:
            ctap.send_cbor(cmd, {1: 1, 3: 1, 4: pin.protocol.authenticate(token, b"\x01")})
            print("credential management answered")
        except CtapError as e:
            print("credential management %#x" % cmd, e.code.name)

    codes = []
    for _ in range(8):
        try:
            pin.get_pin_token("wrong-pin")
            codes.append("OK")
        except CtapError as e:
            codes.append(e.code.name)
    print("wrong pins", ",".join(codes))
    print("retries", pin.get_pin_retries()[0])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
