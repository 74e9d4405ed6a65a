package io.treebeard.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IngestConfigTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            jdbc:postgresql://localhost:5432/treebeard                                   | localhost       | 5432 | treebeard
            jdbc:postgresql://db.example.com:6543/tb_ingest                              | db.example.com  | 6543 | tb_ingest
            jdbc:postgresql://10.0.0.5:15432/treebeard                                   | 10.0.0.5        | 15432 | treebeard
            jdbc:postgresql://pg/treebeard                                               | pg              | 5432 | treebeard
            jdbc:postgresql://pg.internal/treebeard?sslmode=require                      | pg.internal     | 5432 | treebeard
            jdbc:postgresql://pg:5433/treebeard?sslmode=verify-full&connectTimeout=5     | pg              | 5433 | treebeard
            jdbc:postgresql://pg:5433/treebeard?sslrootcert=/etc/ssl/certs/root.crt      | pg              | 5433 | treebeard
            jdbc:postgresql://pg/treebeard?options=-c%20search_path=public:x             | pg              | 5432 | treebeard
            """)
    void hostPortAndDatabaseAreReadFromTheJdbcUrl(String url, String host, int port, String database) {
        IngestConfig.Capture capture = capture(url);

        assertThat(capture.host()).isEqualTo(host);
        assertThat(capture.port()).isEqualTo(port);
        assertThat(capture.database()).isEqualTo(database);
    }

    @Test
    void thePortDefaultsToThePostgresPortWhenTheUrlHasNone() {
        assertThat(capture("jdbc:postgresql://db/treebeard").port()).isEqualTo(5432);
    }

    @Test
    void aQueryStringIsNotPartOfTheDatabaseName() {
        assertThat(capture("jdbc:postgresql://db:5432/treebeard?ApplicationName=ingest").database()).isEqualTo("treebeard");
        assertThat(capture("jdbc:postgresql://db/treebeard?").database()).isEqualTo("treebeard");
    }

    private static IngestConfig.Capture capture(String url) {
        return new IngestConfig.Capture(true, url, "treebeard_cdc", "", "treebeard_ingest", "treebeard_cdc", "treebeard",
                "treebeard.ingest.offsets", Duration.ofSeconds(10), Duration.ofSeconds(1));
    }
}
