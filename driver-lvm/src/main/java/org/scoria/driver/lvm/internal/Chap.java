package org.scoria.driver.lvm.internal;

import java.security.SecureRandom;

/** A volume's CHAP credentials: its initiators must log in to its target with them. */
record Chap(String username, String password) {

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** New credentials: a 20-character user and a 16-character secret, as Cinder makes them (initiators take 12 to 16). */
    static Chap generate() {
        return new Chap(random(20), random(16));
    }

    private static String random(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }

    /** As kept in a tag of the volume: {@code user:secret}. */
    String encoded() {
        return username + ":" + password;
    }

    static Chap decode(String encoded) {
        int colon = encoded.indexOf(':');
        return colon < 0 ? null : new Chap(encoded.substring(0, colon), encoded.substring(colon + 1));
    }
}
