package io.treebeard.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.treebeard.schemas.model.UsageReading;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;

class UsageBatchParserTest {

    private static final String HEADER = UsageBatchParser.CSV_HEADER;

    private final UsageBatchParser parser = new UsageBatchParser(3);

    // ---- JSON ---------------------------------------------------------------------------------------------------

    @Test
    void aJsonArrayOfRowsBecomesReadingsScaledToThreeDecimals() {
        UsageBatch batch = parser.parseJson(bytes("""
                [{"user_id": "u-1", "usage_date": "2026-05-01", "kwh": 12.5, "peak_kwh": 4},
                 {"user_id": "u-1", "usage_date": "2026-05-02", "kwh": 0},
                 {"user_id": "u-2", "usage_date": "2026-05-01", "kwh": 9.125, "peak_kwh": null}]
                """));

        assertThat(batch.errors()).isEmpty();
        assertThat(batch.size()).isEqualTo(3);
        assertThat(batch.rows()).containsExactly(
                new UsageReading("u-1", LocalDate.of(2026, 5, 1), new BigDecimal("12.500"), new BigDecimal("4.000")),
                new UsageReading("u-1", LocalDate.of(2026, 5, 2), new BigDecimal("0.000"), null),
                new UsageReading("u-2", LocalDate.of(2026, 5, 1), new BigDecimal("9.125"), null));
    }

    @Test
    void anEmptyJsonArrayIsAnEmptyBatch() {
        UsageBatch batch = parser.parseJson(bytes("[]"));

        assertThat(batch.rows()).isEmpty();
        assertThat(batch.errors()).isEmpty();
        assertThat(batch.size()).isZero();
    }

    @Test
    void everyBadJsonRowIsReportedWithItsIndexAndField() {
        UsageBatch batch = new UsageBatchParser(10).parseJson(bytes("""
                [{"user_id": "u-1", "usage_date": "2026-05-01", "kwh": 1},
                 {"user_id": "bad id!", "usage_date": "2026-05-01", "kwh": 1},
                 {"user_id": "u-1", "usage_date": "2026-05-03", "kwh": -1},
                 {"user_id": "u-1", "usage_date": "2026-05-04", "kwh": 1, "peak_kwh": 2},
                 "not an object",
                 {"user_id": "u-1", "usage_date": "2026-02-30", "kwh": 1, "colour": "red"},
                 {"usage_date": "2026-05-06", "kwh": 1.0001}]
                """));

        assertThat(batch.size()).isEqualTo(7);
        assertThat(batch.rows()).extracting(UsageReading::usageDate).containsExactly(LocalDate.of(2026, 5, 1));
        assertThat(batch.errors()).extracting(RowError::index, RowError::field).containsExactlyInAnyOrder(
                tuple(1, "user_id"),
                tuple(2, "kwh"),
                tuple(3, "peak_kwh"),
                tuple(4, "$"),
                tuple(5, "usage_date"),
                tuple(5, "colour"),
                tuple(6, "user_id"),
                tuple(6, "kwh"));
        assertThat(batch.errors()).allSatisfy(e -> assertThat(e.reason()).isNotBlank());
    }

    @Test
    void malformedJsonIsABadRequestNamingTheBody() {
        BadRequestException e = refused(() -> parser.parseJson(bytes("[{\"user_id\": \"u-1\",")));

        assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(e.field()).isEqualTo("body");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"user_id\": \"u-1\", \"usage_date\": \"2026-05-01\", \"kwh\": 1}", "\"rows\"", "42", "null"})
    void jsonThatIsNotAnArrayIsABadRequestNamingTheBody(String body) {
        BadRequestException e = refused(() -> parser.parseJson(bytes(body)));

        assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(e.field()).isEqualTo("body");
        assertThat(e.getMessage()).contains("array");
    }

    @Test
    void jsonWithTrailingContentAfterTheArrayIsABadRequest() {
        BadRequestException e = refused(() -> parser.parseJson(bytes("[] [{\"user_id\": \"u-1\"}]")));

        assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(e.field()).isEqualTo("body");
    }

    @Test
    void aJsonBatchOfExactlyTheRowLimitIsAccepted() {
        UsageBatch batch = parser.parseJson(bytes(jsonRows(3)));

        assertThat(batch.rows()).hasSize(3);
    }

    @Test
    void aJsonBatchOverTheRowLimitIsContentTooLarge() {
        BadRequestException e = refused(() -> parser.parseJson(bytes(jsonRows(4))));

        assertThat(e.status()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
        assertThat(e.status().value()).isEqualTo(413);
        assertThat(e.getMessage()).contains("3").contains("4");
    }

    // ---- CSV ----------------------------------------------------------------------------------------------------

    @Test
    void csvRowsBecomeReadingsAndAnEmptyOrMissingPeakIsNull() {
        UsageBatch batch = parser.parseCsv(bytes(HEADER + "\n"
                + "u-1,2026-05-01,10.5,4\n"
                + "u-1,2026-05-02,11,\n"
                + "u-2,2026-05-01,7.25\n"));

        assertThat(batch.errors()).isEmpty();
        assertThat(batch.size()).isEqualTo(3);
        assertThat(batch.rows()).containsExactly(
                new UsageReading("u-1", LocalDate.of(2026, 5, 1), new BigDecimal("10.500"), new BigDecimal("4.000")),
                new UsageReading("u-1", LocalDate.of(2026, 5, 2), new BigDecimal("11.000"), null),
                new UsageReading("u-2", LocalDate.of(2026, 5, 1), new BigDecimal("7.250"), null));
    }

    @Test
    void csvCellsAreTrimmed() {
        UsageBatch batch = parser.parseCsv(bytes(HEADER + "\n u-1 , 2026-05-01 , 10 , 4 \n"));

        assertThat(batch.errors()).isEmpty();
        assertThat(batch.rows()).extracting(UsageReading::userId).containsExactly("u-1");
    }

    @Test
    void aByteOrderMarkBeforeTheCsvHeaderIsIgnored() {
        UsageBatch batch = parser.parseCsv(bytes("\uFEFF" + HEADER + "\nu-1,2026-05-01,10,4\n"));

        assertThat(batch.errors()).isEmpty();
        assertThat(batch.rows()).hasSize(1);
    }

    @Test
    void csvWithCrlfLineEndingsAndTrailingBlankLinesIsAccepted() {
        UsageBatch batch = parser.parseCsv(bytes(HEADER + "\r\nu-1,2026-05-01,10,4\r\nu-1,2026-05-02,12,\r\n\r\n"));

        assertThat(batch.errors()).isEmpty();
        assertThat(batch.size()).isEqualTo(2);
        assertThat(batch.rows()).extracting(UsageReading::peakKwh).containsExactly(new BigDecimal("4.000"), null);
    }

    @Test
    void aCsvHeaderWithoutRowsIsAnEmptyBatch() {
        UsageBatch batch = parser.parseCsv(bytes(HEADER + "\n"));

        assertThat(batch.rows()).isEmpty();
        assertThat(batch.errors()).isEmpty();
        assertThat(batch.size()).isZero();
    }

    @Test
    void everyBadCsvRowIsReportedWithItsIndexCountedFromTheFirstDataLine() {
        UsageBatch batch = new UsageBatchParser(10).parseCsv(bytes(HEADER + "\n"
                + "u-1,2026-05-01,10,4\n"
                + "u-1,05/02/2026,10,\n"
                + "u-1,2026-05-03,ten,\n"
                + "u-1,2026-05-04,10,11\n"
                + ",2026-05-05,-1,\n"));

        assertThat(batch.size()).isEqualTo(5);
        assertThat(batch.rows()).hasSize(1);
        assertThat(batch.errors()).extracting(RowError::index, RowError::field).containsExactlyInAnyOrder(
                tuple(1, "usage_date"),
                tuple(2, "kwh"),
                tuple(3, "peak_kwh"),
                tuple(4, "user_id"),
                tuple(4, "kwh"));
    }

    @Test
    void aCsvRowWithTheWrongNumberOfColumnsIsARowError() {
        UsageBatch batch = parser.parseCsv(bytes(HEADER + "\n"
                + "u-1,2026-05-01\n"
                + "u-1,2026-05-02,10,4,extra\n"
                + "u-1,2026-05-03,10,4\n"));

        assertThat(batch.rows()).hasSize(1);
        assertThat(batch.errors()).extracting(RowError::index, RowError::field).containsExactly(tuple(0, "row"), tuple(1, "row"));
        assertThat(batch.errors().get(0).reason()).contains("got 2");
        assertThat(batch.errors().get(1).reason()).contains("got 5");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "u-1,2026-05-01,10,4\n",
        "user_id,usage_date,kwh\nu-1,2026-05-01,10\n",
        "usage_date,user_id,kwh,peak_kwh\n2026-05-01,u-1,10,4\n",
        "USER_ID,USAGE_DATE,KWH,PEAK_KWH\n",
        "user_id;usage_date;kwh;peak_kwh\n"})
    void csvWithoutTheContractHeaderIsABadRequestNamingTheHeader(String body) {
        BadRequestException e = refused(() -> parser.parseCsv(bytes(body)));

        assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(e.field()).isEqualTo("header");
        assertThat(e.getMessage()).contains(HEADER);
    }

    @Test
    void csvWithOnlyBlankLinesIsABadRequestNamingTheHeader() {
        BadRequestException e = refused(() -> parser.parseCsv(bytes("\n\r\n  \n")));

        assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(e.field()).isEqualTo("header");
    }

    @Test
    void aCsvBatchOverTheRowLimitIsContentTooLarge() {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (int day = 1; day <= 4; day++) {
            csv.append("u-1,2026-05-0").append(day).append(",10,\n");
        }

        BadRequestException e = refused(() -> parser.parseCsv(bytes(csv.toString())));

        assertThat(e.status()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
        assertThat(e.field()).isEqualTo("body");
    }

    @Test
    void theRowLimitCountsDataLinesNotTheHeaderOrBlankLines() {
        UsageBatch batch = parser.parseCsv(bytes(HEADER + "\nu-1,2026-05-01,1,\n\nu-1,2026-05-02,1,\nu-1,2026-05-03,1,\n\n"));

        assertThat(batch.rows()).hasSize(3);
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String jsonRows(int count) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            json.append(i == 0 ? "" : ",").append("{\"user_id\": \"u-1\", \"usage_date\": \"2026-05-0").append(i + 1)
                    .append("\", \"kwh\": 1}");
        }
        return json.append(']').toString();
    }

    private static BadRequestException refused(Runnable parse) {
        BadRequestException e = catchThrowableOfType(BadRequestException.class, parse::run);
        assertThat(e).as("a BadRequestException").isNotNull();
        return e;
    }
}
