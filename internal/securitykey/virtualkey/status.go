package virtualkey

import "fmt"

// Status is a CTAP2 status code, the first byte of every CTAP2 response.
type Status byte

// CTAP2 status codes this authenticator returns (CTAP 2.1 §8.2).
const (
	StatusOK                 Status = 0x00
	StatusInvalidCommand     Status = 0x01
	StatusInvalidParameter   Status = 0x02
	StatusInvalidLength      Status = 0x03
	StatusCBORUnexpectedType Status = 0x11
	StatusInvalidCBOR        Status = 0x12
	StatusMissingParameter   Status = 0x14
	StatusCredentialExcluded Status = 0x19
	StatusUnsupportedAlg     Status = 0x26
	StatusOperationDenied    Status = 0x27
	StatusKeyStoreFull       Status = 0x28
	StatusUnsupportedOption  Status = 0x2B
	StatusInvalidOption      Status = 0x2C
	StatusKeepaliveCancel    Status = 0x2D
	StatusNoCredentials      Status = 0x2E
	StatusUserActionTimeout  Status = 0x2F
	StatusNotAllowed         Status = 0x30
	StatusPINInvalid         Status = 0x31
	StatusPINBlocked         Status = 0x32
	StatusPINAuthInvalid     Status = 0x33
	StatusPINAuthBlocked     Status = 0x34
	StatusPINNotSet          Status = 0x35
	StatusPINRequired        Status = 0x36
	StatusPINPolicyViolation Status = 0x37
	StatusOther              Status = 0x7F
)

var statusNames = map[Status]string{
	StatusOK:                 "CTAP2_OK",
	StatusInvalidCommand:     "CTAP1_ERR_INVALID_COMMAND",
	StatusInvalidParameter:   "CTAP1_ERR_INVALID_PARAMETER",
	StatusInvalidLength:      "CTAP1_ERR_INVALID_LENGTH",
	StatusCBORUnexpectedType: "CTAP2_ERR_CBOR_UNEXPECTED_TYPE",
	StatusInvalidCBOR:        "CTAP2_ERR_INVALID_CBOR",
	StatusMissingParameter:   "CTAP2_ERR_MISSING_PARAMETER",
	StatusCredentialExcluded: "CTAP2_ERR_CREDENTIAL_EXCLUDED",
	StatusUnsupportedAlg:     "CTAP2_ERR_UNSUPPORTED_ALGORITHM",
	StatusOperationDenied:    "CTAP2_ERR_OPERATION_DENIED",
	StatusKeyStoreFull:       "CTAP2_ERR_KEY_STORE_FULL",
	StatusUnsupportedOption:  "CTAP2_ERR_UNSUPPORTED_OPTION",
	StatusInvalidOption:      "CTAP2_ERR_INVALID_OPTION",
	StatusKeepaliveCancel:    "CTAP2_ERR_KEEPALIVE_CANCEL",
	StatusNoCredentials:      "CTAP2_ERR_NO_CREDENTIALS",
	StatusUserActionTimeout:  "CTAP2_ERR_USER_ACTION_TIMEOUT",
	StatusNotAllowed:         "CTAP2_ERR_NOT_ALLOWED",
	StatusPINInvalid:         "CTAP2_ERR_PIN_INVALID",
	StatusPINBlocked:         "CTAP2_ERR_PIN_BLOCKED",
	StatusPINAuthInvalid:     "CTAP2_ERR_PIN_AUTH_INVALID",
	StatusPINAuthBlocked:     "CTAP2_ERR_PIN_AUTH_BLOCKED",
	StatusPINNotSet:          "CTAP2_ERR_PIN_NOT_SET",
	StatusPINRequired:        "CTAP2_ERR_PIN_REQUIRED",
	StatusPINPolicyViolation: "CTAP2_ERR_PIN_POLICY_VIOLATION",
	StatusOther:              "CTAP1_ERR_OTHER",
}

func (s Status) String() string {
	if n, ok := statusNames[s]; ok {
		return n
	}
	return fmt.Sprintf("CTAP status 0x%02X", byte(s))
}

// Error makes a Status usable as a Go error (returned by the helpers in
// client.go when the key answers with anything but OK).
func (s Status) Error() string { return "virtual key: " + s.String() }
