"""Check the virtual key with python-fido2 (Debian python3-fido2 0.9),
an independent CTAP2 client: strict canonical CBOR, PIN protocol 1,
packed self attestation, assertions, credential management (0x0A) and
reset. Usage: fido2check.py DEVICE_PATH. Prints one line per step; the
Go test checks them. Exits non-zero on the first failure."""

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
    print("aaguid", bytes(info.aaguid).hex())

    pin = ClientPin(ctap)
    pin.set_pin("python-pin")
    print("retries", pin.get_pin_retries()[0])
    try:
        pin.get_pin_token("wrong-pin")
        print("wrong pin accepted")
        return 1
    except CtapError as e:
        print("wrong pin", e.code.name)
    pin.change_pin("python-pin", "new-pin")
    token = pin.get_pin_token("new-pin")
    proto = pin.protocol

    cdh = hashlib.sha256(b"register").digest()
    rp = {"id": "python.example", "name": "Python"}
    user = {"id": b"user-7", "name": "hanako", "displayName": "Hanako"}
    att = ctap.make_credential(
        cdh, rp, user, [{"type": "public-key", "alg": -7}],
        options={"rk": True},
        pin_uv_param=proto.authenticate(token, cdh),
        pin_uv_protocol=proto.VERSION,
    )
    result = Attestation.for_type(att.fmt)().verify(att.att_statement, att.auth_data, cdh)
    print("attestation", att.fmt, result.attestation_type.name)
    cred = att.auth_data.credential_data

    cdh2 = hashlib.sha256(b"login").digest()
    resp = ctap.get_assertion("python.example", cdh2)  # discoverable
    resp.verify(cdh2, cred.public_key)
    print("assertion verified", resp.credential["id"] == cred.credential_id)

    token = pin.get_pin_token("new-pin")
    cm = CredentialManagement(ctap, proto, token)
    meta = cm.get_metadata()
    print("metadata", meta[CredentialManagement.RESULT.EXISTING_CRED_COUNT],
          meta[CredentialManagement.RESULT.MAX_REMAINING_COUNT])
    rps = cm.enumerate_rps()
    print("rps", ",".join(r[CredentialManagement.RESULT.RP]["id"] for r in rps))
    creds = cm.enumerate_creds(hashlib.sha256(b"python.example").digest())
    print("creds", ",".join(c[CredentialManagement.RESULT.USER]["name"] for c in creds))
    cm.delete_cred({"type": "public-key", "id": cred.credential_id})
    print("metadata", cm.get_metadata()[CredentialManagement.RESULT.EXISTING_CRED_COUNT])

    ctap.reset()
    print("after reset clientPin", ctap.get_info().options.get("clientPin"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
