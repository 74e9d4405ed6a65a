package io.treebeard.query.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.treebeard.query.read.CatalogQuery;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CatalogParamsTest {

    @Test
    void defaultsToTheFirstPageOfOneHundredWithoutFilters() {
        CatalogQuery query = CatalogParams.parse(QueryStrings.parse("region=TX-NORTH"));
        assertThat(query).isEqualTo(new CatalogQuery("TX-NORTH", null, null, 100, null));
    }

    @Test
    void readsEveryParameter() {
        CatalogQuery query = CatalogParams.parse(QueryStrings.parse(
                "region=R&min_renewable=50.5&max_contract_months=12&limit=500&cursor=p-9&unknown=x"));
        assertThat(query).isEqualTo(new CatalogQuery("R", new BigDecimal("50.5"), 12, 500, "p-9"));
    }

    @ParameterizedTest(name = "{0} -> 400 naming {1}")
    @CsvSource(delimiter = '|', value = {
        "''|region",
        "region=|region",
        "region=a%20b|region",
        "region=R&limit=0|limit",
        "region=R&limit=501|limit",
        "region=R&limit=1e2|limit",
        "region=R&limit=-1|limit",
        "region=R&limit=99999999999|limit",
        "region=R&min_renewable=100.01|min_renewable",
        "region=R&min_renewable=-1|min_renewable",
        "region=R&min_renewable=NaN|min_renewable",
        "region=R&max_contract_months=-3|max_contract_months",
        "region=R&max_contract_months=x|max_contract_months",
        "region=R&cursor=bad%2Fid|cursor",
        "region=R&cursor=%zz|cursor",
        "region=%E0%A4|region"
    })
    void malformedParametersAreRejectedNamingTheParameter(String query, String parameter) {
        assertThatThrownBy(() -> CatalogParams.parse(QueryStrings.parse(query)))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.parameter()).isEqualTo(parameter));
    }
}
