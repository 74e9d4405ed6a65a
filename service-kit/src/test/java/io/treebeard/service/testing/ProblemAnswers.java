package io.treebeard.service.testing;

import static org.assertj.core.api.Assertions.assertThat;

/** What every error answer of both APIs must be, whichever layer refused the request: a problem of the shared format. */
public final class ProblemAnswers {

    private ProblemAnswers() {
    }

    /**
     * Asserts that an answer with {@code status}, {@code contentType} and {@code body} is the problem for {@code expected}:
     * that status, {@code application/problem+json}, and the body's {@code type} and {@code status} naming it.
     */
    public static void assertProblem(String what, int status, String contentType, String body, int expected) {
        assertThat(status).as(what).isEqualTo(expected);
        assertThat(contentType).as(what).startsWith("application/problem+json");
        assertThat(body).as(what).contains("\"type\":\"https://treebeard.io/problems/" + expected + "\"")
                .contains("\"status\":" + expected);
    }
}
