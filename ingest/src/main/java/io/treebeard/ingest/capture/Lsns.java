package io.treebeard.ingest.capture;

/** PostgreSQL LSNs as Debezium stores them (a long) and as PostgreSQL prints them ({@code 16/B374D848}). */
final class Lsns {

    private Lsns() {
    }

    /** Parses {@code X/Y} (two hex numbers); null for null. */
    static Long parse(String text) {
        if (text == null) {
            return null;
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("Not an LSN: " + text);
        }
        return (Long.parseLong(text.substring(0, slash), 16) << 32) + Long.parseLong(text.substring(slash + 1), 16);
    }

    /** Formats as PostgreSQL does; "none" for null. */
    static String format(Long lsn) {
        return lsn == null ? "none" : Long.toHexString(lsn >>> 32).toUpperCase() + "/" + Long.toHexString(lsn & 0xFFFFFFFFL).toUpperCase();
    }
}
