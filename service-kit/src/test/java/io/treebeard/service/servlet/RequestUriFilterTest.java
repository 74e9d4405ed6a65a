package io.treebeard.service.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestUriFilterTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "/api/v1/plans/p-1          | -1",
        "/api/v1/plans/p%2D1        | -1",
        "/api/v1/plans/p-1;a=%zz    | 20",
        "/api/v1/plans/p-1;a=%4     | 20",
        "/api/v1/plans/p-1;a=%      | 20",
        "/api/v1/plans/%E2%82%AC%g0 | 23",
    })
    void findsTheFirstPercentNotFollowedByTwoHexDigits(String raw, int index) {
        assertThat(RequestUriFilter.malformedEscape(raw)).isEqualTo(index);
    }
}
