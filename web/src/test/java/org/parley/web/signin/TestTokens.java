package org.parley.web.signin;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;

/** Signs tokens the way an identity provider does, with keys the test makes itself. */
public final class TestTokens {

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private TestTokens() {}

    public static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    public static KeyPair ec() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    /** A JWS compact token: RS256 for RSA keys, ES256 for EC keys. */
    public static String sign(JsonObject header, JsonObject claims, PrivateKey key) throws GeneralSecurityException {
        String signingInput = encode(header.toString()) + "." + encode(claims.toString());
        Signature signature = Signature.getInstance(key.getAlgorithm().equals("RSA") ? "SHA256withRSA"
                : "SHA256withECDSAinP1363Format");
        signature.initSign(key);
        signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + URL.encodeToString(signature.sign());
    }

    public static JsonObject header(String alg, String kid) {
        var header = Json.createObjectBuilder().add("alg", alg).add("typ", "JWT");
        if (kid != null) {
            header.add("kid", kid);
        }
        return header.build();
    }

    /** The private key of a PEM "PRIVATE KEY" (PKCS #8) resource on the class path. */
    public static PrivateKey privateKey(String resource, String algorithm) throws Exception {
        try (var in = TestTokens.class.getClassLoader().getResourceAsStream(resource)) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
            return java.security.KeyFactory.getInstance(algorithm)
                    .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        }
    }

    public static String encode(String json) {
        return URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    public static String pem(KeyPair pair) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** The key as a JWK, as an identity provider publishes it. */
    public static JsonObject jwk(KeyPair pair, String kid) {
        if (pair.getPublic() instanceof RSAPublicKey rsa) {
            return Json.createObjectBuilder().add("kty", "RSA").add("use", "sig").add("alg", "RS256").add("kid", kid)
                    .add("n", unsigned(rsa.getModulus().toByteArray())).add("e", unsigned(rsa.getPublicExponent().toByteArray()))
                    .build();
        }
        ECPublicKey ec = (ECPublicKey) pair.getPublic();
        return Json.createObjectBuilder().add("kty", "EC").add("use", "sig").add("crv", "P-256").add("kid", kid)
                .add("x", unsigned(ec.getW().getAffineX().toByteArray()))
                .add("y", unsigned(ec.getW().getAffineY().toByteArray())).build();
    }

    private static String unsigned(byte[] twosComplement) {
        byte[] bytes = twosComplement[0] == 0 ? Arrays.copyOfRange(twosComplement, 1, twosComplement.length) : twosComplement;
        return URL.encodeToString(bytes);
    }
}
