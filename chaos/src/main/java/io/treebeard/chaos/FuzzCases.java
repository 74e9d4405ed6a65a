package io.treebeard.chaos;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded generator of malformed and hostile requests for both APIs. Every generated write names only ids of the
 * fuzz namespace ({@code fz-...}), so that a half-applied write is found by looking there.
 */
final class FuzzCases {

    /** One generated request. */
    record Case(String api, String category, String method, String target, Map<String, String> headers, byte[] body,
            boolean write) {
        String describe() {
            return api + " " + category + ": " + method + " " + RawHttp.abbreviate(target)
                    + (body == null ? "" : " body " + RawHttp.abbreviate(new String(body, 0, Math.min(body.length, 160),
                    StandardCharsets.ISO_8859_1)) + " (" + body.length + " bytes)");
        }
    }

    private static final String[] HOSTILE = {"..", "%2e%2e", "%2F", "/", "%00", "\u0000", "%ZZ", "%", "%c0%af", ";x=1", "%20",
        " ", "\t", "%0d%0a", "ü", "%C3%BC", "\uD83D\uDE00", "'", "\"", "<script>", "$(id)", "*", "?", "#", "\\", "%5c", "a".repeat(65),
        "a".repeat(4000), "", "-", ".", "%u0041", "\u202e", "%FF", "\u0007"};
    private static final String[] NUMBERS = {"-1", "1e309", "-1e309", "1e-400", "123456789012345678901234567890", "NaN",
        "Infinity", "-0", "0x10", "1.", ".5", "01", "1e2", "9999999999999.999", "10000000", "\"12\"", "true", "null", "[]", "{}"};
    private static final String[] TYPES = {"\"x\"", "1", "true", "null", "[]", "{}", "[1,2]", "{\"a\":1}", "\"\"", "1.5"};

    private final Random random;
    private int counter;

    FuzzCases(long seed) {
        this.random = new Random(seed);
    }

    Case next() {
        counter++;
        return random.nextInt(100) < 60 ? ingest() : query();
    }

    // ---- write API --------------------------------------------------------------------------------------------------

    private Case ingest() {
        int pick = random.nextInt(100);
        if (pick < 25) {
            return usageJson();
        }
        if (pick < 35) {
            return usageCsv();
        }
        if (pick < 45) {
            return contentType();
        }
        if (pick < 47) {
            return oversized();
        }
        if (pick < 57) {
            return auth();
        }
        if (pick < 70) {
            return plan();
        }
        if (pick < 80) {
            return user();
        }
        if (pick < 90) {
            return deletes();
        }
        return paths("ingest", List.of("/api/v1/usage", "/api/v1/plans/fz-p1", "/api/v1/users/fz-u1"), true);
    }

    private String fzUser() {
        return "fz-u" + random.nextInt(50);
    }

    private String row(String user, String date, String kwh) {
        return "{\"user_id\":\"" + user + "\",\"usage_date\":\"" + date + "\",\"kwh\":" + kwh + "}";
    }

    private String validRow() {
        return row(fzUser(), "2026-0" + (1 + random.nextInt(9)) + "-1" + random.nextInt(9), Integer.toString(random.nextInt(50)));
    }

    private Map<String, String> writeHeaders(String contentType) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Host", "localhost");
        h.put("Authorization", "Bearer " + Stack.WRITE_KEY);
        if (contentType != null) {
            h.put("Content-Type", contentType);
        }
        return h;
    }

    private Case usageJson() {
        StringBuilder b = new StringBuilder("[");
        int rows = 1 + random.nextInt(5);
        for (int i = 0; i < rows; i++) {
            b.append(i == 0 ? "" : ",").append(validRow());
        }
        b.append(']');
        String body = b.toString();
        String mutated = switch (random.nextInt(12)) {
            case 0 -> body.substring(0, random.nextInt(body.length()));
            case 1 -> insert(body, String.valueOf((char) random.nextInt(32)));
            case 2 -> first(body, "\"kwh\":\\d+", "\"kwh\":" + pick(NUMBERS));
            case 3 -> first(body, "\"user_id\":\"[^\"]*\"", "\"user_id\":" + pick(TYPES));
            case 4 -> first(body, "\"user_id\":\"", "\"user_id\":\"" + pick(HOSTILE));
            case 5 -> first(body, "\"usage_date\":\"[^\"]*\"", "\"usage_date\":\"" + pick(new String[] {"2026-02-30", "2026-13-01",
                "20260101", "yesterday", "2026-1-1", "+2026-01-01", "2026-01-01T00:00:00Z", "0000-00-00", "99999-01-01", ""}) + "\"");
            case 6 -> body.replace("}", ",\"" + pick(new String[] {"extra", "KWH", "user_id", "peak_kwh\":\"x", "__proto__"}) + "\":1}");
            case 7 -> "[" + "[".repeat(2000 + random.nextInt(8000)) + "]".repeat(100) + "]";
            case 8 -> pick(new String[] {"", "{}", "null", "\"x\"", "[null]", "[1,2,3]", "{\"user_id\":\"fz-u1\"}", "[]", "[{}]",
                "\u00EF\u00BB\u00BF" + body});
            case 9 -> first(body, "\"kwh\":\\d+", "\"kwh\":10,\"peak_kwh\":" + pick(new String[] {"11", "-1", "\"1\"", "1e400"}));
            case 10 -> body.substring(0, body.length() - 1) + "," + row("bad id!", "2026-01-01", "1") + "]";
            default -> body.replace("\"user_id\":\"", "\"user_id\":\"" + "x".repeat(60 + random.nextInt(100_000)));
        };
        return new Case("ingest", "usage-json", "POST", "/api/v1/usage", writeHeaders("application/json"), bytes(mutated), true);
    }

    private Case usageCsv() {
        StringBuilder b = new StringBuilder(pick(new String[] {"user_id,usage_date,kwh,peak_kwh\n", "user_id,usage_date,kwh\n", "",
            "USER_ID,usage_date,kwh,peak_kwh\n", "user_id;usage_date;kwh;peak_kwh\n", "\uFEFFuser_id,usage_date,kwh,peak_kwh\n",
            "user_id,usage_date,kwh,peak_kwh,extra\n", "kwh,user_id,usage_date,peak_kwh\n", "user_id,usage_date,kwh,peak_kwh\r\n"}));
        int rows = 1 + random.nextInt(5);
        for (int i = 0; i < rows; i++) {
            String line = fzUser() + ",2026-03-" + (10 + random.nextInt(18)) + "," + random.nextInt(40) + ",";
            line = switch (random.nextInt(9)) {
                case 0 -> line + pick(NUMBERS);
                case 1 -> "\"" + line;
                case 2 -> line + ",extra";
                case 3 -> line.replace(",", ";");
                case 4 -> pick(HOSTILE) + line;
                case 5 -> first(line, ",\\d+,", "," + pick(NUMBERS) + ",");
                case 6 -> line + "\u0000";
                case 7 -> "\"fz-u1\"\",2026-03-01,1,";
                default -> line;
            };
            b.append(line).append(random.nextBoolean() ? "\n" : "\r\n");
        }
        return new Case("ingest", "usage-csv", "POST", "/api/v1/usage", writeHeaders("text/csv"), bytes(b.toString()), true);
    }

    private Case contentType() {
        String type = pick(new String[] {null, "text/plain", "application/xml", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x", "application/json; charset=ebcdic", "@@@", "application/", "text/csv; charset=utf-16",
            "application/json\u0000", "image/png", "application/json, text/csv", "*/*"});
        String body = random.nextBoolean() ? "[" + validRow() + "]" : "user_id,usage_date,kwh,peak_kwh\nfz-u1,2026-01-01,1,\n";
        return new Case("ingest", "content-type", "POST", "/api/v1/usage", writeHeaders(type), bytes(body), true);
    }

    private Case oversized() {
        if (random.nextBoolean()) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < 10_001; i++) {
                b.append(i == 0 ? "" : ",").append(row("fz-u" + (i % 50), "2026-01-01", "1"));
            }
            return new Case("ingest", "oversized", "POST", "/api/v1/usage", writeHeaders("application/json"),
                    bytes(b.append(']').toString()), true);
        }
        byte[] big = new byte[9 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) ' ');
        big[0] = '[';
        big[big.length - 1] = ']';
        return new Case("ingest", "oversized", "POST", "/api/v1/usage", writeHeaders("application/json"), big, true);
    }

    private Case auth() {
        Map<String, String> h = writeHeaders("application/json");
        String value = pick(new String[] {null, "Bearer", "Bearer ", "Bearer wrong-key", "Basic Y2hhb3M6a2V5", "bearer " + Stack.WRITE_KEY,
            "Bearer " + Stack.READ_ONLY_KEY, "Bearer " + Stack.WRITE_KEY + "x", "Bearer " + "k".repeat(9000), "Bearer \u0001\u0002",
            "Token " + Stack.WRITE_KEY, "Bearer  " + Stack.READ_ONLY_KEY});
        if (value == null) {
            h.remove("Authorization");
        } else {
            h.put("Authorization", value);
        }
        String[] targets = {"POST /api/v1/usage", "PUT /api/v1/plans/fz-p1", "DELETE /api/v1/users/fz-u1", "PUT /api/v1/users/fz-u2",
            "DELETE /api/v1/usage/fz-u1/2026-01-01"};
        String[] t = pick(targets).replace("fz-u1", fzUser()).split(" ");
        String body = t[0].equals("DELETE") ? null : t[1].startsWith("/api/v1/usage") ? "[" + validRow() + "]" : validPlanOrUser(t[1]);
        return new Case("ingest", "auth", t[0], t[1], h, body == null ? null : bytes(body), true);
    }

    private String validPlanOrUser(String target) {
        return target.contains("/plans/") ? planBody("{\"energy\":{\"type\":\"flat\",\"rate\":0.1}}", "\"Fz\"", "[\"CH-N\"]", "10", "0")
                : "{\"region\":\"CH-N\",\"preferences\":{\"top_n\":3}}";
    }

    private static String planBody(String rate, String name, String regions, String renewable, String months) {
        return "{\"provider\":\"Fuzz\",\"name\":" + name + ",\"available_regions\":" + regions + ",\"is_active\":true,"
                + "\"rate_structure\":" + rate + ",\"renewable_percentage\":" + renewable + ",\"contract_months\":" + months + "}";
    }

    private Case plan() {
        String rate = pick(new String[] {"{\"energy\":{\"type\":\"bogus\",\"rate\":0.1}}", "{\"energy\":{\"type\":\"flat\",\"rate\":-1}}",
            "{\"energy\":{\"type\":\"flat\",\"rate\":" + pick(NUMBERS) + "}}", "{\"energy\":{\"type\":\"flat\"}}", "{}", "[]", "null",
            "\"flat\"",
            "{\"energy\":{\"type\":\"tiered\",\"tiers\":[{\"up_to_kwh\":500,\"rate\":0.1},{\"up_to_kwh\":400,\"rate\":0.1},"
                + "{\"rate\":0.2}]}}",
            "{\"energy\":{\"type\":\"tiered\",\"tiers\":[]}}",
            "{\"energy\":{\"type\":\"tiered\",\"tiers\":[{\"up_to_kwh\":5,\"rate\":0.1}]}}",
            "{\"energy\":{\"type\":\"tou\",\"peak_rate\":0.2}}", "{\"energy\":{\"type\":\"flat\",\"rate\":0.1},\"extra\":1}",
            "{\"energy\":{\"type\":\"flat\",\"rate\":0.1},\"monthly_fee\":1e308}",
            "{\"energy\":{\"type\":\"flat\",\"rate\":0.1},\"bill_credits\":[{\"min_kwh\":10,\"max_kwh\":5,\"credit\":1}]}",
            "{\"energy\":{\"type\":\"flat\",\"rate\":0.1},\"minimum_usage\":{\"below_kwh\":-5,\"fee\":1}}",
            "{\"energy\":{\"type\":\"flat\",\"rate\":0.1}}"});
        String name = pick(new String[] {"\"Fz\"", "\"\"", "\"   \"", "1", "null", "\"" + "n".repeat(201 + random.nextInt(5000)) + "\"",
            "\"a\\u0000b\"", "\"Fz\""});
        String regions = pick(new String[] {"[\"CH-N\"]", "[]", "[\"bad region\"]", "\"CH-N\"", "[1]", "[null]",
            "[\"" + "r".repeat(65) + "\"]",
            "[\"CH-N\"]"});
        String renewable = pick(new String[] {"10", "-1", "101", "\"10\"", "1e400", "10"});
        String months = pick(new String[] {"0", "-1", "1.5", "2147483648", "\"12\"", "0"});
        String body = planBody(rate, name, regions, renewable, months);
        int m = random.nextInt(6);
        if (m == 0) {
            body = body.substring(0, random.nextInt(body.length()));
        } else if (m == 1) {
            body = body.replace("\"provider\":\"Fuzz\",", "");
        }
        String id = random.nextInt(4) == 0 ? "fz-" + pick(HOSTILE) : "fz-p" + random.nextInt(5);
        return new Case("ingest", "plan", "PUT", "/api/v1/plans/" + id, writeHeaders("application/json"), bytes(body), true);
    }

    private Case user() {
        String prefs = pick(new String[] {"{\"top_n\":0}", "{\"top_n\":21}", "{\"top_n\":\"5\"}", "{\"top_n\":1e10}", "{\"colour\":1}",
            "{\"min_renewable_pct\":101}", "{\"max_contract_months\":-1}", "[]", "null", "\"x\"", "{\"top_n\":3}"});
        String region = pick(new String[] {"\"CH-N\"", "\"\"", "null", "1", "\"bad region\"", "\"" + "r".repeat(65) + "\""});
        String date = pick(new String[] {"\"2027-01-01\"", "\"2027-02-30\"", "\"tomorrow\"", "1", "null"});
        String current = pick(new String[] {"null", "\"fz-p1\"", "\"bad plan!\"", "1", "\"" + "p".repeat(65) + "\""});
        String body = "{\"region\":" + region + ",\"current_plan_id\":" + current + ",\"contract_end_date\":" + date
                + ",\"preferences\":" + prefs + (random.nextInt(5) == 0 ? ",\"extra\":1" : "") + "}";
        if (random.nextInt(6) == 0) {
            body = body.substring(0, random.nextInt(body.length()));
        }
        String id = random.nextInt(4) == 0 ? "fz-" + pick(HOSTILE) : fzUser();
        return new Case("ingest", "user", "PUT", "/api/v1/users/" + id, writeHeaders("application/json"), bytes(body), true);
    }

    private Case deletes() {
        String target = switch (random.nextInt(3)) {
            case 0 -> "/api/v1/usage/" + pick(new String[] {fzUser(), "fz-" + pick(HOSTILE)}) + "/" + pick(new String[] {"2026-02-30",
                "2026-01-01", "x", "%00", "2026-01-01/extra", "..", "2026-1-1", "99999999-01-01"});
            case 1 -> "/api/v1/users/fz-" + pick(HOSTILE);
            default -> "/api/v1/plans/fz-" + pick(HOSTILE);
        };
        return new Case("ingest", "delete", "DELETE", target, writeHeaders(null), null, true);
    }

    // ---- both APIs: paths, methods --------------------------------------------------------------------------------

    private Case paths(String api, List<String> bases, boolean write) {
        String base = bases.get(random.nextInt(bases.size()));
        String target = switch (random.nextInt(10)) {
            case 0 -> "/" + base;
            case 1 -> base.replace("/v1/", "/v1/../v1/");
            case 2 -> base.replace("/v1/", "/./v1/");
            case 3 -> base.toUpperCase(java.util.Locale.ROOT);
            case 4 -> base + ";jsessionid=" + pick(HOSTILE);
            case 5 -> base + "%2f";
            case 6 -> base + "?" + "q".repeat(9000 + random.nextInt(70_000)) + "=1";
            case 7 -> "/" + "x".repeat(10_000 + random.nextInt(60_000));
            case 8 -> base + "?a=%ZZ&b=%&c";
            default -> base.replace("/api", "/api/" + pick(HOSTILE));
        };
        String method = pick(new String[] {"GET", "POST", "PUT", "DELETE", "PATCH", "TRACE", "OPTIONS", "FOO", "HEAD", "CONNECT"});
        Map<String, String> h = api.equals("ingest") ? writeHeaders("application/json") : readHeaders();
        byte[] body = method.equals("GET") || method.equals("HEAD") || method.equals("TRACE") ? null : bytes("[" + validRow() + "]");
        return new Case(api, "path", method, target, h, body, write);
    }

    // ---- read API ---------------------------------------------------------------------------------------------------

    private Map<String, String> readHeaders() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Host", "localhost");
        h.put("Authorization", "Bearer " + Stack.READ_KEY);
        return h;
    }

    private Case query() {
        int pick = random.nextInt(100);
        Map<String, String> h = readHeaders();
        if (pick < 30) {
            String id = pick(HOSTILE) + (random.nextBoolean() ? "cu-001" : "") + (random.nextInt(3) == 0 ? pick(HOSTILE) : "");
            String target = pick(new String[] {"/api/v1/recommendations/", "/api/v1/plans/", "/api/v1/users/"}) + id
                    + (random.nextBoolean() ? "" : pick(new String[] {"/usage-analysis", "/profile", "/", "/x"}));
            return new Case("query", "path-id", "GET", target, h, null, false);
        }
        if (pick < 60) {
            StringBuilder q = new StringBuilder("/api/v1/plans/catalog?");
            int params = random.nextInt(4);
            String[] names = {"region", "min_renewable", "max_contract_months", "limit", "cursor", "unknown", "region", "REGION"};
            String[] values = {"CH-N", "", pick(HOSTILE), pick(NUMBERS), "-1", "0", "501", "abc", "1e3", "99999999999999999999", "NaN",
                "Infinity", "1.5", "%ZZ", "a".repeat(70), "100"};
            if (random.nextInt(4) != 0) {
                q.append("region=").append(pick(new String[] {"CH-N", "CH-S", "", "%00", "CH N", pick(HOSTILE)}));
            }
            for (int i = 0; i < params; i++) {
                q.append('&').append(pick(names)).append('=').append(pick(values));
            }
            return new Case("query", "catalog-params", "GET", q.toString(), h, null, false);
        }
        if (pick < 75) {
            String accept = pick(new String[] {"application/", "*/*;q=abc", "text/html", "application/xml", "\u0001", "a/b/c", ";;",
                "application/json;q=2"});
            h.put("Accept", accept);
            if (random.nextBoolean()) {
                h.put("Content-Type", pick(new String[] {"@@@", "application/", "text/plain"}));
            }
            if (random.nextBoolean()) {
                h.put("X-Request-ID", pick(HOSTILE));
            }
            return new Case("query", "headers", "GET", "/api/v1/recommendations/" + Dataset.user(random.nextInt(Dataset.USERS)), h, null,
                    false);
        }
        if (pick < 85) {
            String value = pick(new String[] {null, "Bearer", "Bearer wrong", "Basic eA==", "Bearer " + Stack.WRITE_KEY,
                "Bearer " + "k".repeat(9000)});
            if (value == null) {
                h.remove("Authorization");
            } else {
                h.put("Authorization", value);
            }
            return new Case("query", "auth", "GET", "/api/v1/plans/" + Dataset.plan(random.nextInt(Dataset.PLANS)), h, null, false);
        }
        if (pick < 92) {
            String method = pick(new String[] {"POST", "PUT", "DELETE", "PATCH", "FOO"});
            h.put("Content-Type", "application/json");
            String user = Dataset.user(random.nextInt(Dataset.USERS));
            return new Case("query", "method", method, pick(new String[] {"/api/v1/recommendations/" + user,
                "/api/v1/plans/catalog?region=CH-N", "/api/v1/users/" + user + "/profile"}), h,
                    bytes("{\"version\":" + random.nextInt(Integer.MAX_VALUE) + "}"), false);
        }
        return paths("query", List.of("/api/v1/recommendations/cu-001", "/api/v1/plans/catalog?region=CH-N",
                "/api/v1/users/cu-001/profile"), false);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    /** replaceFirst with a literal replacement: the hostile strings hold {@code $} and {@code \\}. */
    private static String first(String s, String regex, String replacement) {
        return s.replaceFirst(regex, java.util.regex.Matcher.quoteReplacement(replacement));
    }

    private String insert(String s, String what) {
        int at = random.nextInt(s.length() + 1);
        return s.substring(0, at) + what + s.substring(at);
    }

    private <T> T pick(T[] options) {
        return options[random.nextInt(options.length)];
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    int generated() {
        return counter;
    }
}
