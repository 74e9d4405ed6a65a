package io.treebeard.query.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RoutesTest {

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource({
        "/api/v1/recommendations/u-1, RECOMMENDATION, u-1",
        "/api/v1/plans/catalog, CATALOG, ",
        "/api/v1/plans/p.1:x_Y, PLAN, p.1:x_Y",
        "/api/v1/users/u-1/usage-analysis, USAGE_ANALYSIS, u-1",
        "/api/v1/users/u-1/profile, PROFILE, u-1",
        "/api/v1/users/u%2D1/profile, PROFILE, u-1",
        "/openapi.json, OPENAPI, ",
        "/admin/query-analysis, QUERY_ANALYSIS, "
    })
    void matchesEveryRouteAndDecodesItsId(String path, Route route, String id) {
        assertThat(Routes.match("GET", path)).isEqualTo(new Routes.Match(route, id, Routes.Kind.OK));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "/api/v1", "/api/v1/", "/api/v1/plans", "/api/v1/plans/", "/api/v1/users/u/other",
        "/api/v1/users//profile", "/api/v1/recommendations/u/extra", "/api/v2/plans/p", "/API/v1/plans/p"})
    void unknownPathsAreNotFound(String path) {
        assertThat(Routes.match("GET", path).kind()).isEqualTo(Routes.Kind.NOT_FOUND);
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"})
    void otherMethodsOnKnownPathsAreNotAllowed(String method) {
        assertThat(Routes.match(method, "/api/v1/plans/p1").kind()).isEqualTo(Routes.Kind.METHOD_NOT_ALLOWED);
    }

    @Test
    void malformedIdsNameTheirParameter() {
        assertThatThrownBy(() -> Routes.match("GET", "/api/v1/plans/" + "p".repeat(65)))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.parameter()).isEqualTo("plan_id"));
        assertThatThrownBy(() -> Routes.match("GET", "/api/v1/users/a%20b/profile"))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.parameter()).isEqualTo("user_id"));
        assertThatThrownBy(() -> Routes.match("GET", "/api/v1/recommendations/%G1"))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.parameter()).isEqualTo("user_id"));
        assertThatThrownBy(() -> Routes.match("GET", "/api/v1/recommendations/%"))
                .isInstanceOf(BadRequestException.class);
    }
}
