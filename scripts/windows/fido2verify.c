/* For scripts/windows-smoke.sh: links the same static libfido2 + libcrypto the
 * exes carry (third_party/build-windows.sh) and runs the crypto a security key
 * relies on under wine, where no key can be reached: a P-256 key pair made by
 * libcrypto (its random numbers from Windows' BCryptGenRandom), an assertion
 * signed with it, fido_assert_verify accepting it and refusing it once one
 * byte of the client data hash differs. Prints libcrypto's version. Exit 0
 * only if all of that holds. Test-only; never shipped. */
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/opensslv.h>
#include <openssl/sha.h>

#include <fido.h>
#include <fido/es256.h>

static const char rp[] = "selftest.omamori.invalid";

static int fail(const char *what)
{
	fprintf(stderr, "fido2verify: %s\n", what);
	return 1;
}

/* verify returns fido_assert_verify's answer for an assertion over
 * authdata and cdh with signature sig. */
static int verify(const unsigned char *authdata, size_t alen, const unsigned char *cdh,
		  const unsigned char *sig, size_t slen, es256_pk_t *pk)
{
	fido_assert_t *a = fido_assert_new();
	int r;

	if (a == NULL)
		return FIDO_ERR_INTERNAL;
	if ((r = fido_assert_set_rp(a, rp)) != FIDO_OK ||
	    (r = fido_assert_set_clientdata_hash(a, cdh, 32)) != FIDO_OK ||
	    (r = fido_assert_set_count(a, 1)) != FIDO_OK ||
	    (r = fido_assert_set_authdata_raw(a, 0, authdata, alen)) != FIDO_OK ||
	    (r = fido_assert_set_sig(a, 0, sig, slen)) != FIDO_OK) {
		fido_assert_free(&a);
		return r;
	}
	r = fido_assert_verify(a, 0, COSE_ES256, pk);
	fido_assert_free(&a);
	return r;
}

int main(void)
{
	unsigned char authdata[37], cdh[32], msg[sizeof(authdata) + sizeof(cdh)], digest[32];
	unsigned char sig[128];
	unsigned int slen = sizeof(sig);
	EC_KEY *ec;
	EVP_PKEY *pkey;
	es256_pk_t *pk;
	int r;

	printf("libcrypto: %s\n", OpenSSL_version(OPENSSL_VERSION));
	fido_init(0);
	/* Authenticator data: SHA-256 of the RP id, flags (user present), counter 1. */
	SHA256((const unsigned char *)rp, strlen(rp), authdata);
	authdata[32] = 0x01;
	memcpy(authdata + 33, "\x00\x00\x00\x01", 4);
	SHA256((const unsigned char *)"client data", 11, cdh);

	if ((ec = EC_KEY_new_by_curve_name(NID_X9_62_prime256v1)) == NULL || !EC_KEY_generate_key(ec))
		return fail("no P-256 key pair from libcrypto");
	memcpy(msg, authdata, sizeof(authdata));
	memcpy(msg + sizeof(authdata), cdh, sizeof(cdh));
	SHA256(msg, sizeof(msg), digest);
	if (!ECDSA_sign(0, digest, sizeof(digest), sig, &slen, ec))
		return fail("ECDSA_sign failed");
	if ((pkey = EVP_PKEY_new()) == NULL || !EVP_PKEY_set1_EC_KEY(pkey, ec))
		return fail("no EVP_PKEY");
	if ((pk = es256_pk_new()) == NULL || es256_pk_from_EVP_PKEY(pk, pkey) != FIDO_OK)
		return fail("libfido2 does not take the public key");

	if ((r = verify(authdata, sizeof(authdata), cdh, sig, slen, pk)) != FIDO_OK) {
		fprintf(stderr, "fido2verify: a good signature: %s\n", fido_strerr(r));
		return 1;
	}
	cdh[0] ^= 1;
	if ((r = verify(authdata, sizeof(authdata), cdh, sig, slen, pk)) != FIDO_ERR_INVALID_SIG) {
		fprintf(stderr, "fido2verify: a wrong client data hash: %s, want FIDO_ERR_INVALID_SIG\n", fido_strerr(r));
		return 1;
	}
	printf("fido2verify: ES256 assertion verified; a changed one refused\n");
	es256_pk_free(&pk);
	EVP_PKEY_free(pkey);
	EC_KEY_free(ec);
	return 0;
}
