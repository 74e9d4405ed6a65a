package io.treebeard.query.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The console's static files, loaded once at startup and named by their content: {@code app.js} is served as
 * {@code /console/assets/app.3f9c2a1b.js}, so a name never changes its bytes and can be cached for a year
 * ({@code immutable}). JavaScript modules import each other by bare names ({@code import ... from "tb/format"}); the
 * page's import map turns those into the hashed URLs, so changing one module renames only that module. The page
 * itself ({@code index.html}) has a fixed URL and is revalidated; it is rendered from its template with the hashed
 * names filled in ({@code {{asset:style.css}}}, {@code {{importmap}}}).
 */
public final class ConsoleAssets {

    /** Where the hashed assets are served. */
    public static final String PREFIX = "/console/assets/";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{asset:([A-Za-z0-9._-]+)}}");

    /** One served file. */
    public record Asset(String url, String contentType, byte[] body, String etag) {
    }

    private final Map<String, Asset> byName = new LinkedHashMap<>();
    private final Map<String, Asset> byUrl = new LinkedHashMap<>();
    private final Asset page;

    /** Loads {@code classpath:/console/*} and the chart library from its WebJar ({@code org.webjars.npm:uplot}). */
    public ConsoleAssets() {
        try {
            PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
            for (Resource r : resolver.getResources("classpath:/console/*")) {
                String name = r.getFilename();
                if (name != null && !name.equals("index.html") && r.isReadable()) {
                    add(name, read(r));
                }
            }
            add("uPlot.iife.min.js", webjar(resolver, "uPlot.iife.min.js"));
            add("uPlot.min.css", webjar(resolver, "uPlot.min.css"));
            page = new Asset("/", "text/html;charset=UTF-8", render(classpath("/console/index.html")), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The page, with its ETag. */
    public Asset page() {
        return new Asset(page.url(), page.contentType(), page.body(), etag(page.body()));
    }

    /** The asset at {@code url} (a hashed name), or null. */
    public Asset at(String url) {
        return byUrl.get(url);
    }

    /** The hashed URL of {@code name} (tests and the page template). */
    public String url(String name) {
        Asset a = byName.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no console asset " + name);
        }
        return a.url();
    }

    private void add(String name, byte[] body) {
        int dot = name.lastIndexOf('.');
        String hash = HexFormat.of().formatHex(sha256(body)).substring(0, 12);
        String url = PREFIX + name.substring(0, dot) + "." + hash + name.substring(dot);
        Asset asset = new Asset(url, type(name), body, "\"" + hash + "\"");
        byName.put(name, asset);
        byUrl.put(url, asset);
    }

    private byte[] render(byte[] template) {
        String html = new String(template, StandardCharsets.UTF_8);
        StringBuilder imports = new StringBuilder("{\"imports\": {");
        String sep = "";
        for (Map.Entry<String, Asset> e : byName.entrySet()) {
            if (e.getKey().endsWith(".js") && !e.getKey().startsWith("uPlot")) {
                imports.append(sep).append("\"tb/").append(e.getKey(), 0, e.getKey().length() - 3).append("\": \"")
                        .append(e.getValue().url()).append('"');
                sep = ", ";
            }
        }
        imports.append("}}");
        html = html.replace("{{importmap}}", imports);
        Matcher m = PLACEHOLDER.matcher(html);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(url(m.group(1))));
        }
        m.appendTail(out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String type(String name) {
        if (name.endsWith(".js")) {
            return "text/javascript;charset=UTF-8";
        }
        if (name.endsWith(".css")) {
            return "text/css;charset=UTF-8";
        }
        if (name.endsWith(".svg")) {
            return "image/svg+xml";
        }
        return "application/octet-stream";
    }

    private static byte[] read(Resource r) throws IOException {
        try (InputStream in = r.getInputStream()) {
            return in.readAllBytes();
        }
    }

    /** A file of the uPlot WebJar, whatever its version (the build pins exactly one). */
    private static byte[] webjar(PathMatchingResourcePatternResolver resolver, String file) throws IOException {
        Resource[] found = resolver.getResources("classpath*:/META-INF/resources/webjars/uplot/*/dist/" + file);
        if (found.length == 0) {
            throw new IllegalStateException("the uplot WebJar is not on the classpath (" + file + ")");
        }
        return read(found[0]);
    }

    private static byte[] classpath(String path) throws IOException {
        try (InputStream in = ConsoleAssets.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + path);
            }
            return in.readAllBytes();
        }
    }

    private static String etag(byte[] body) {
        return "\"" + HexFormat.of().formatHex(sha256(body)).substring(0, 16) + "\"";
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
