"""Check the virtual key's hmac-secret with python-fido2 (Debian
python3-fido2 0.9): its HmacSecretExtension does the key agreement, salt
encryption and saltAuth on its own. Usage: hmaccheck.py DEVICE_PATH.
Sets PIN 1234, makes an hmac-secret credential for backup.example, asks
for the outputs of two salts (32 x 0x07, 32 x 0x09) with the PIN. Prints
the credential id and the outputs in hex; the Go test compares them with
its own client."""

import hashlib
import sys

from fido2.ctap2 import Ctap2
from fido2.ctap2.extensions import HmacSecretExtension
from fido2.ctap2.pin import ClientPin
from fido2.hid import CtapHidDevice
from fido2.hid.linux import get_descriptor, open_connection


def main(path):
    desc = get_descriptor(path)
    ctap = Ctap2(CtapHidDevice(desc, open_connection(desc)), strict_cbor=True)
    print("extensions", ",".join(ctap.get_info().extensions))
    pin = ClientPin(ctap)
    pin.set_pin("1234")
    proto = pin.protocol

    ext = HmacSecretExtension(ctap, proto)
    cdh = hashlib.sha256(b"register").digest()
    token = pin.get_pin_token("1234")
    att = ctap.make_credential(
        cdh, {"id": "backup.example"}, {"id": b"user-1", "name": "taro"},
        [{"type": "public-key", "alg": -7}],
        extensions={ext.NAME: ext.process_create_input({"hmacCreateSecret": True})},
        pin_uv_param=proto.authenticate(token, cdh), pin_uv_protocol=proto.VERSION,
    )
    print("created", ext.process_create_output(att.auth_data))
    cred = att.auth_data.credential_data
    print("cred", cred.credential_id.hex())

    cdh2 = hashlib.sha256(b"login").digest()
    token = pin.get_pin_token("1234")
    get_in = ext.process_get_input({"hmacGetSecret": {"salt1": b"\x07" * 32, "salt2": b"\x09" * 32}})
    resp = ctap.get_assertion(
        "backup.example", cdh2, [{"type": "public-key", "id": cred.credential_id}],
        extensions={ext.NAME: get_in},
        pin_uv_param=proto.authenticate(token, cdh2), pin_uv_protocol=proto.VERSION,
    )
    resp.verify(cdh2, cred.public_key)
    out = ext.process_get_output(resp.auth_data)["hmacGetSecret"]
    print("uv", resp.auth_data.is_user_verified())
    print("out1", out["output1"].hex())
    print("out2", out["output2"].hex())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
