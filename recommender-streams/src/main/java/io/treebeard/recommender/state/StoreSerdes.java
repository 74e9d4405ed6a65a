package io.treebeard.recommender.state;

import io.treebeard.schemas.event.RecommendationDocument;
import io.treebeard.schemas.event.RecommendationDocument.CurrentPlan;
import io.treebeard.schemas.event.RecommendationDocument.Recommendation;
import io.treebeard.schemas.event.UsageAnalysis;
import io.treebeard.schemas.json.JsonSerde;
import io.treebeard.schemas.model.Preferences;
import io.treebeard.schemas.model.UserProfile;
import io.treebeard.tariff.UsageProfile;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Compact binary serdes for the per-user store values: those a plan-change fan-out reads and writes for every user
 * ({@code profiles}, {@code usage-profiles}, {@code user-docs}) and those every reading change reads and rewrites
 * ({@code usage-ledger}, {@code usage-analyses}). Why not JSON: decoding those three JSON values was
 * about two thirds of the fan-out's CPU per user; this format is a fraction of the size and decodes several times
 * faster. Values are exact: doubles keep their bits, decimals their unscaled value and scale.
 *
 * <p>A value starts with a format byte ({@link #FORMAT}). A value starting with {@code '{'} is JSON written by an
 * earlier version of the application, still read (state restored from an old changelog), and rewritten in binary on
 * its next update.
 */
public final class StoreSerdes {

    /** The first byte of every binary value. */
    static final byte FORMAT = 1;

    /**
     * The first byte of a {@code usage-ledger} value that ends with its resync floor. The first binary release marked
     * such a value with {@link #FORMAT} and an optional trailing floor (still read), which a truncation by exactly the
     * floor's 8 bytes turned into a valid value without one; this format requires the floor.
     */
    static final byte FORMAT_LEDGER_WITH_FLOOR = 2;

    /*
     * The fewest bytes one element of each counted list takes (every field at its shortest: null strings, null or
     * absent optional fields). A count is checked against the bytes left before anything is allocated for it, so a
     * corrupt count fails as a SerializationException instead of an OutOfMemoryError.
     */
    static final int MIN_STRING_BYTES = 4;
    static final int MIN_DECIMAL_BYTES = 1;
    /** date (1), lsn (8), deleted (1), kWh and peak kWh (1 each). */
    static final int MIN_DAY_BYTES = 1 + 8 + 1 + 2 * MIN_DECIMAL_BYTES;
    /** year (4), month (1), kWh and peak kWh (8 each), days with readings (4). */
    static final int MIN_MONTH_BYTES = 4 + 1 + 8 + 8 + 4;
    /** a month string, kWh and peak kWh (8 each), days with readings (4). */
    static final int MIN_ANALYSIS_MONTH_BYTES = MIN_STRING_BYTES + 8 + 8 + 4;
    /** rank, three strings, four decimals and the contract months, and the two list counts. */
    static final int MIN_RECOMMENDATION_BYTES = 4 + 3 * MIN_STRING_BYTES + 5 * MIN_DECIMAL_BYTES + 4 + 4 + 4;

    private static final byte JSON_START = '{';

    private StoreSerdes() {
    }

    /** The serde of the {@code profiles} store. */
    public static Serde<ProfileState> profiles() {
        return serde(ProfileState.class, StoreSerdes::writeProfileState, StoreSerdes::readProfileState);
    }

    /** The serde of the {@code usage-profiles} store. */
    public static Serde<UsageProfile> usageProfiles() {
        return serde(UsageProfile.class, StoreSerdes::writeUsageProfile, StoreSerdes::readUsageProfile);
    }

    /** The serde of the {@code usage-ledger} store (read and rewritten on every reading change). */
    public static Serde<UsageState> usageLedgers() {
        return serde(UsageState.class, StoreSerdes::writeUsageState, StoreSerdes::readUsageState);
    }

    /** The serde of the {@code user-docs} store. */
    public static Serde<DocState> docs() {
        return serde(DocState.class, StoreSerdes::writeDocState, StoreSerdes::readDocState);
    }

    /**
     * The serde of the {@code usage-analyses} store (read and rewritten on every reading change). JSON written by an
     * earlier release, in either of its two forms ({@link LegacyAnalysisJson}), is still read.
     */
    public static Serde<AnalysisState> analyses() {
        return serde(AnalysisState.class, StoreSerdes::writeAnalysisState, StoreSerdes::readAnalysisState,
                LegacyAnalysisJson::fromJson);
    }

    private static <T> Serde<T> serde(Class<T> type, BiConsumer<Out, T> write, Function<In, T> read) {
        return serde(type, write, read, JsonSerde.of(type)::fromBytes);
    }

    private static <T> Serde<T> serde(Class<T> type, BiConsumer<Out, T> write, Function<In, T> read, Function<byte[], T> legacy) {
        Serializer<T> serializer = (topic, value) -> {
            if (value == null) {
                return null;
            }
            Out out = new Out();
            out.b(FORMAT);
            write.accept(out, value);
            return out.bytes();
        };
        Deserializer<T> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length > 0 && bytes[0] == JSON_START) {
                return legacy.apply(bytes);
            }
            if (bytes.length == 0 || (bytes[0] != FORMAT && !(bytes[0] == FORMAT_LEDGER_WITH_FLOOR && type == UsageState.class))) {
                throw new SerializationException("Cannot deserialise " + type.getSimpleName() + ": unknown store value format");
            }
            try {
                In in = new In(bytes);
                T value = read.apply(in);
                in.requireEnd();
                return value;
            } catch (RuntimeException e) {
                throw new SerializationException("Cannot deserialise " + type.getSimpleName() + ": " + e, e);
            }
        };
        return org.apache.kafka.common.serialization.Serdes.serdeFrom(serializer, deserializer);
    }

    // --- profiles

    private static void writeProfileState(Out out, ProfileState state) {
        out.l(state.lsn());
        UserProfile p = state.profile();
        out.bool(p != null);
        if (p != null) {
            out.s(p.userId());
            out.s(p.region());
            out.s(p.currentPlanId());
            out.date(p.contractEndDate());
            Preferences prefs = p.preferences();
            out.bool(prefs.minRenewablePct() != null);
            if (prefs.minRenewablePct() != null) {
                out.d(prefs.minRenewablePct());
            }
            out.optInt(prefs.maxContractMonths());
            out.optInt(prefs.topN());
            out.instant(p.updatedAt());
        }
    }

    private static ProfileState readProfileState(In in) {
        long lsn = in.l();
        if (!in.bool()) {
            return new ProfileState(null, lsn);
        }
        String userId = in.s();
        String region = in.s();
        String currentPlanId = in.s();
        LocalDate contractEnd = in.date();
        Double minRenewable = in.bool() ? in.d() : null;
        Integer maxMonths = in.optInt();
        Integer topN = in.optInt();
        Instant updatedAt = in.instant();
        return new ProfileState(new UserProfile(userId, region, currentPlanId, contractEnd,
                new Preferences(minRenewable, maxMonths, topN), updatedAt), lsn);
    }

    // --- usage ledgers

    private static void writeUsageState(Out out, UsageState state) {
        out.i(state.days().size());
        for (UsageState.Day d : state.days()) {
            out.date(d.date());
            out.l(d.lsn());
            out.bool(d.deleted());
            out.dec(d.kwh());
            out.dec(d.peakKwh());
        }
        // Written only after a resync, so values without one stay byte-for-byte what the previous release wrote.
        if (state.floor() != UsageState.NO_FLOOR) {
            out.format(FORMAT_LEDGER_WITH_FLOOR);
            out.l(state.floor());
        }
    }

    private static UsageState readUsageState(In in) {
        int n = in.count(MIN_DAY_BYTES);
        List<UsageState.Day> days = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            LocalDate date = in.date();
            long lsn = in.l();
            boolean deleted = in.bool();
            days.add(new UsageState.Day(date, in.dec(), in.dec(), lsn, deleted));
        }
        if (in.format() == FORMAT_LEDGER_WITH_FLOOR) {
            return new UsageState(days, in.l());
        }
        // The first binary release: the floor, when there is one, trails a FORMAT value.
        return new UsageState(days, in.atEnd() ? UsageState.NO_FLOOR : in.l());
    }

    // --- usage analyses

    private static void writeAnalysisState(Out out, AnalysisState state) {
        out.l(state.version());
        UsageAnalysis a = state.analysis();
        out.bool(a != null);
        if (a == null) {
            return;
        }
        out.s(a.userId());
        out.l(a.version());
        out.date(a.asOf());
        out.i(a.window().size());
        for (UsageAnalysis.Month m : a.window()) {
            out.s(m.month());
            out.d(m.kwh());
            out.d(m.peakKwh());
            out.i(m.daysWithReadings());
        }
        out.d(a.annualKwh());
        out.d(a.avgDailyKwh());
        out.d(a.peakShare());
        out.i(a.monthsWithData());
        out.d(a.confidence());
    }

    private static AnalysisState readAnalysisState(In in) {
        long stateVersion = in.l();
        if (!in.bool()) {
            return new AnalysisState(null, stateVersion);
        }
        String userId = in.s();
        long version = in.l();
        LocalDate asOf = in.date();
        int n = in.count(MIN_ANALYSIS_MONTH_BYTES);
        List<UsageAnalysis.Month> window = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            window.add(new UsageAnalysis.Month(in.s(), in.d(), in.d(), in.i()));
        }
        return new AnalysisState(new UsageAnalysis(userId, version, asOf, window, in.d(), in.d(), in.d(), in.i(), in.d()),
                stateVersion);
    }

    // --- usage profiles

    private static void writeUsageProfile(Out out, UsageProfile u) {
        out.date(u.asOf());
        out.i(u.months().size());
        for (UsageProfile.MonthUsage m : u.months()) {
            out.i(m.month().getYear());
            out.b((byte) m.month().getMonthValue());
            out.d(m.kwh());
            out.d(m.peakKwh());
            out.i(m.daysWithReadings());
        }
        out.d(u.annualKwh());
        out.d(u.avgDailyKwh());
        out.d(u.peakShare());
        out.i(u.monthsWithData());
        out.d(u.confidence());
    }

    private static UsageProfile readUsageProfile(In in) {
        LocalDate asOf = in.date();
        int n = in.count(MIN_MONTH_BYTES);
        List<UsageProfile.MonthUsage> months = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            YearMonth month = YearMonth.of(in.i(), in.b());
            months.add(new UsageProfile.MonthUsage(month, in.d(), in.d(), in.i()));
        }
        return new UsageProfile(asOf, months, in.d(), in.d(), in.d(), in.i(), in.d());
    }

    // --- documents

    private static void writeDocState(Out out, DocState state) {
        out.l(state.version());
        RecommendationDocument d = state.document();
        out.bool(d != null);
        if (d == null) {
            return;
        }
        out.s(d.userId());
        out.l(d.version());
        out.instant(d.generatedAt());
        out.date(d.asOf());
        out.b(statusCode(d.status()));
        out.s(d.region());
        out.d(d.confidence());
        out.d(d.annualKwh());
        out.i(d.monthsWithData());
        out.bool(d.currentPlan() != null);
        if (d.currentPlan() != null) {
            out.s(d.currentPlan().planId());
            out.dec(d.currentPlan().annualCost());
        }
        out.i(d.recommendations().size());
        for (Recommendation r : d.recommendations()) {
            out.i(r.rank());
            out.s(r.planId());
            out.s(r.provider());
            out.s(r.name());
            out.dec(r.annualCost());
            out.i(r.monthlyCosts().size());
            for (BigDecimal m : r.monthlyCosts()) {
                out.dec(m);
            }
            out.dec(r.savings());
            out.dec(r.switchingCost());
            out.dec(r.netFirstYearSavings());
            out.dec(r.renewablePercentage());
            out.i(r.contractMonths());
            out.i(r.reasons().size());
            for (String reason : r.reasons()) {
                out.s(reason);
            }
        }
    }

    private static DocState readDocState(In in) {
        long stateVersion = in.l();
        if (!in.bool()) {
            return new DocState(null, stateVersion);
        }
        String userId = in.s();
        long version = in.l();
        Instant generatedAt = in.instant();
        LocalDate asOf = in.date();
        byte status = in.b();
        String region = in.s();
        double confidence = in.d();
        double annualKwh = in.d();
        int monthsWithData = in.i();
        CurrentPlan current = in.bool() ? new CurrentPlan(in.s(), in.dec()) : null;
        int n = in.count(MIN_RECOMMENDATION_BYTES);
        List<Recommendation> recs = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            int rank = in.i();
            String planId = in.s();
            String provider = in.s();
            String name = in.s();
            BigDecimal annualCost = in.dec();
            int months = in.count(MIN_DECIMAL_BYTES);
            BigDecimal[] monthly = new BigDecimal[months];
            for (int m = 0; m < months; m++) {
                monthly[m] = in.dec();
            }
            BigDecimal savings = in.dec();
            BigDecimal switching = in.dec();
            BigDecimal net = in.dec();
            BigDecimal renewable = in.dec();
            int contractMonths = in.i();
            int reasonCount = in.count(MIN_STRING_BYTES);
            String[] reasons = new String[reasonCount];
            for (int m = 0; m < reasonCount; m++) {
                reasons[m] = in.s();
            }
            recs.add(new Recommendation(rank, planId, provider, name, annualCost, Arrays.asList(monthly), savings, switching, net,
                    renewable, contractMonths, Arrays.asList(reasons)));
        }
        return new DocState(new RecommendationDocument(userId, version, generatedAt, asOf, status(status),
                region, confidence, annualKwh, monthsWithData, current, recs), stateVersion);
    }

    /*
     * Status codes, written explicitly so that reordering or extending the enum cannot change what stored bytes mean.
     * They equal the ordinals the first binary release wrote, so those values read the same.
     */
    private static final byte NO_STATUS = -1;
    private static final byte STATUS_OK = 0;
    private static final byte STATUS_INSUFFICIENT_USAGE = 1;
    private static final byte STATUS_NO_ELIGIBLE_PLANS = 2;

    static byte statusCode(RecommendationDocument.Status status) {
        if (status == null) {
            return NO_STATUS;
        }
        return switch (status) {
            case ok -> STATUS_OK;
            case insufficient_usage -> STATUS_INSUFFICIENT_USAGE;
            case no_eligible_plans -> STATUS_NO_ELIGIBLE_PLANS;
        };
    }

    private static RecommendationDocument.Status status(byte code) {
        return switch (code) {
            case NO_STATUS -> null;
            case STATUS_OK -> RecommendationDocument.Status.ok;
            case STATUS_INSUFFICIENT_USAGE -> RecommendationDocument.Status.insufficient_usage;
            case STATUS_NO_ELIGIBLE_PLANS -> RecommendationDocument.Status.no_eligible_plans;
            default -> throw new IllegalArgumentException("unknown document status code " + code);
        };
    }

    // --- primitives

    /** A growable big-endian byte buffer. */
    private static final class Out {
        private byte[] buf = new byte[256];
        private int pos;

        private void ensure(int n) {
            if (pos + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
            }
        }

        void b(byte v) {
            ensure(1);
            buf[pos++] = v;
        }

        void bool(boolean v) {
            b(v ? (byte) 1 : (byte) 0);
        }

        /** Replaces the format byte the serde wrote first. */
        void format(byte format) {
            buf[0] = format;
        }

        void i(int v) {
            ensure(4);
            buf[pos++] = (byte) (v >>> 24);
            buf[pos++] = (byte) (v >>> 16);
            buf[pos++] = (byte) (v >>> 8);
            buf[pos++] = (byte) v;
        }

        void l(long v) {
            i((int) (v >>> 32));
            i((int) v);
        }

        void d(double v) {
            l(Double.doubleToRawLongBits(v));
        }

        void optInt(Integer v) {
            bool(v != null);
            if (v != null) {
                i(v);
            }
        }

        /** A string, null allowed: its UTF-8 length + 1 (0 for null), then the bytes. */
        void s(String v) {
            if (v == null) {
                i(0);
                return;
            }
            byte[] utf8 = v.getBytes(StandardCharsets.UTF_8);
            i(utf8.length + 1);
            ensure(utf8.length);
            System.arraycopy(utf8, 0, buf, pos, utf8.length);
            pos += utf8.length;
        }

        void date(LocalDate v) {
            bool(v != null);
            if (v != null) {
                l(v.toEpochDay());
            }
        }

        void instant(Instant v) {
            bool(v != null);
            if (v != null) {
                l(v.getEpochSecond());
                i(v.getNano());
            }
        }

        /** A decimal, null allowed: 0 for null; 1, scale, unscaled long; 2, scale, unscaled big-integer bytes. */
        void dec(BigDecimal v) {
            if (v == null) {
                b((byte) 0);
                return;
            }
            BigInteger unscaled = v.unscaledValue();
            if (unscaled.bitLength() < 64) {
                b((byte) 1);
                i(v.scale());
                l(unscaled.longValue());
            } else {
                b((byte) 2);
                i(v.scale());
                byte[] bytes = unscaled.toByteArray();
                i(bytes.length);
                ensure(bytes.length);
                System.arraycopy(bytes, 0, buf, pos, bytes.length);
                pos += bytes.length;
            }
        }

        byte[] bytes() {
            return Arrays.copyOf(buf, pos);
        }
    }

    /** Reads what {@link Out} wrote. */
    private static final class In {
        private final byte[] buf;
        private int pos = 1;

        In(byte[] buf) {
            this.buf = buf;
        }

        private void need(int n) {
            if (n < 0 || n > buf.length - pos) {
                throw new IllegalArgumentException("truncated store value: " + n + " bytes needed at " + pos + " of "
                        + buf.length);
            }
        }

        byte b() {
            need(1);
            return buf[pos++];
        }

        byte format() {
            return buf[0];
        }

        boolean bool() {
            return b() != 0;
        }

        int i() {
            need(4);
            int v = ((buf[pos] & 0xff) << 24) | ((buf[pos + 1] & 0xff) << 16) | ((buf[pos + 2] & 0xff) << 8) | (buf[pos + 3] & 0xff);
            pos += 4;
            return v;
        }

        /**
         * A count of elements of at least {@code minBytesEach} bytes each, checked against the bytes left, so that a
         * corrupt count is refused before a list of that size is allocated.
         */
        int count(int minBytesEach) {
            int n = i();
            if (n < 0 || (long) n * minBytesEach > buf.length - pos) {
                throw new IllegalArgumentException("corrupt store value: a count of " + n + " with " + (buf.length - pos)
                        + " bytes left");
            }
            return n;
        }

        long l() {
            return ((long) i() << 32) | (i() & 0xffffffffL);
        }

        double d() {
            return Double.longBitsToDouble(l());
        }

        Integer optInt() {
            return bool() ? i() : null;
        }

        String s() {
            int n = i() - 1;
            if (n < 0) {
                return null;
            }
            need(n);
            String v = new String(buf, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return v;
        }

        LocalDate date() {
            return bool() ? LocalDate.ofEpochDay(l()) : null;
        }

        Instant instant() {
            return bool() ? Instant.ofEpochSecond(l(), i()) : null;
        }

        BigDecimal dec() {
            byte kind = b();
            if (kind == 0) {
                return null;
            }
            int scale = i();
            if (kind == 1) {
                return BigDecimal.valueOf(l(), scale);
            }
            int n = i();
            need(n);
            BigInteger unscaled = new BigInteger(Arrays.copyOfRange(buf, pos, pos + n));
            pos += n;
            return new BigDecimal(unscaled, scale);
        }

        boolean atEnd() {
            return pos == buf.length;
        }

        void requireEnd() {
            if (pos != buf.length) {
                throw new IllegalArgumentException("trailing bytes in store value");
            }
        }
    }
}
