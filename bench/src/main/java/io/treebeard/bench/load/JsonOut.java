package io.treebeard.bench.load;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The flat JSON object a forked load run hands back (numbers, strings and HdrHistograms as compressed base64), written
 * by hand so the load JVM needs no JSON library on its classpath.
 */
public final class JsonOut {

    private final Map<String, Object> fields = new LinkedHashMap<>();

    /** Adds a number. */
    public JsonOut put(String name, double value) {
        fields.put(name, value);
        return this;
    }

    /** Adds a string. */
    public JsonOut put(String name, String value) {
        fields.put(name, value);
        return this;
    }

    /** Adds a histogram, compressed and base64-encoded (decode with {@link #histogram(String)}). */
    public JsonOut put(String name, Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        byte[] bytes = new byte[length];
        buffer.flip();
        buffer.get(bytes);
        fields.put(name, Base64.getEncoder().encodeToString(bytes));
        return this;
    }

    /** Decodes a histogram written by {@link #put(String, Histogram)}. */
    public static Histogram histogram(String base64) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
        } catch (java.util.zip.DataFormatException e) {
            throw new IllegalArgumentException("not an encoded histogram", e);
        }
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("{");
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append('"').append(field.getKey()).append("\":");
            Object value = field.getValue();
            if (value instanceof Double d) {
                out.append(Double.isFinite(d) ? String.format(Locale.ROOT, "%s", d) : "null");
            } else {
                out.append('"').append(value.toString().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
        return out.append('}').toString();
    }
}
