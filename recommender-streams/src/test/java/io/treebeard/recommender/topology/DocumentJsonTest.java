package io.treebeard.recommender.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.treebeard.schemas.event.RecommendationDocument;
import io.treebeard.schemas.event.RecommendationDocument.CurrentPlan;
import io.treebeard.schemas.event.RecommendationDocument.Recommendation;
import io.treebeard.schemas.topic.Topics;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class DocumentJsonTest {

    private final DocumentJson json = new DocumentJson();

    @Test
    void writesTheSameBytesAsTheTopicSerdeForATypicalDocument() {
        Recommendation rec = new Recommendation(1, "p-1", "Acme \"Power\"", "Saver\n\u00e9\ud83d\ude00", new BigDecimal("789.40"),
                List.of(new BigDecimal("64.95"), new BigDecimal("0.00")), new BigDecimal("-12.30"), new BigDecimal("0.00"), null,
                BigDecimal.TEN, 12, List.of("Estimated at $789.40 a year", "10% renewable"));
        RecommendationDocument doc = new RecommendationDocument("u-1", 3, Instant.parse("2026-11-25T10:00:00.123Z"),
                LocalDate.of(2026, 10, 1), RecommendationDocument.Status.ok, "FAN", 0.08, 7300.0, 1,
                new CurrentPlan("p-cur", new BigDecimal("801.70")), List.of(rec, rec));

        assertSameBytes(doc);
        assertSameBytes(new RecommendationDocument("u-2", 1, Instant.EPOCH, null, RecommendationDocument.Status.insufficient_usage,
                null, 0.0, 0.0, 0, null, List.of()));
    }

    @Property(tries = 1000)
    void writesTheSameBytesAsTheTopicSerdeForAnyDocument(@ForAll("documents") RecommendationDocument doc) {
        assertSameBytes(doc);
    }

    @Provide
    Arbitrary<RecommendationDocument> documents() {
        Arbitrary<String> text = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(12),
                Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(8), Arbitraries.of("p-1", "a/b", "\\\"", "\u2028"));
        Arbitrary<BigDecimal> money = Arbitraries.oneOf(Arbitraries.bigDecimals().between(new BigDecimal("-1e9"), new BigDecimal("1e9"))
                .ofScale(2), Arbitraries.of(new BigDecimal("1E+3"), new BigDecimal("100"), new BigDecimal("0.000001"),
                        new BigDecimal("123456789012345678901234567890.5")));
        Arbitrary<Double> doubles = Arbitraries.oneOf(Arbitraries.doubles(), Arbitraries.of(0.0, -0.0, 1e-7, 1e21, 7300.0, 0.08,
                Double.MIN_VALUE, 123456789.123));
        Arbitrary<Recommendation> recs = Combinators.combine(Arbitraries.integers().between(1, 20), text, text, text, money,
                money.list().ofMaxSize(12), money.injectNull(0.3), money.injectNull(0.1))
                .as((rank, planId, provider, name, cost, monthly, savings, net) -> new Recommendation(rank, planId, provider, name,
                        cost, monthly, savings, cost, net, cost.abs(), rank * 3, List.of(planId, name)));
        Arbitrary<Instant> instants = Arbitraries.longs().between(0, 4_000_000_000L).flatMap(s ->
                Arbitraries.integers().between(0, 999_999_999).map(n -> Instant.ofEpochSecond(s, n % 3 == 0 ? 0 : n)));
        return Combinators.combine(text, Arbitraries.longs().between(1, Long.MAX_VALUE), instants.injectNull(0.1),
                Arbitraries.of(LocalDate.of(2026, 2, 28), LocalDate.of(1999, 12, 31)).injectNull(0.3),
                Arbitraries.of(RecommendationDocument.Status.class), doubles, doubles,
                recs.list().ofMaxSize(4)).as((user, version, at, asOf, status, confidence, kwh, list) ->
                        new RecommendationDocument(user, version, at, asOf, status, user + "-R", confidence, kwh, list.size(),
                                list.isEmpty() ? null : new CurrentPlan(user, list.get(0).annualCost()), new ArrayList<>(list)));
    }

    private void assertSameBytes(RecommendationDocument doc) {
        byte[] expected = Topics.RECOMMENDATIONS.valueSerde().serializer().serialize(Topics.RECOMMENDATIONS.name(), doc);
        byte[] actual = json.serialize(Topics.RECOMMENDATIONS.name(), doc);
        assertThat(new String(actual, StandardCharsets.UTF_8)).isEqualTo(new String(expected, StandardCharsets.UTF_8));
        assertThat(Arrays.equals(actual, expected)).isTrue();
    }
}
