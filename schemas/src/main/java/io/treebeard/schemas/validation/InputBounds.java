package io.treebeard.schemas.validation;

import java.math.BigDecimal;

/**
 * Every size and magnitude limit the validators enforce beyond contract sections 1 and 2, in one place. They keep each
 * accepted input small enough to publish (a Kafka record stays far below the producer's 1 MiB request limit) and its
 * bill maths far from overflow: with these limits a month's bill is below 4 * 10^10 $ and a year's below 5 * 10^11 $,
 * i.e. 5 * 10^13 cents, well inside the 2^53 a double holds exactly and the long a cent amount is rounded to.
 * docs/api.md lists them ("Input bounds"); {@code InputBoundsDocTest} keeps the two equal.
 */
public final class InputBounds {

    /** Longest identifier ({@code plan_id}, {@code user_id}, region codes), in characters (contract section 1). */
    public static final int MAX_ID_CHARS = 64;

    /** Longest plan {@code name} and {@code provider}, in characters (Unicode code points). */
    public static final int MAX_TEXT_CHARS = 200;

    /** Most entries in a plan's {@code available_regions}. */
    public static final int MAX_REGIONS = 100;

    /** Highest energy rate ({@code rate}, {@code peak_rate}, {@code off_peak_rate}, tier rates), in $ per kWh. */
    public static final double MAX_RATE = 100;

    /** Highest money amount: {@code monthly_fee}, a bill credit, a minimum-usage fee, {@code early_termination_fee} ($). */
    public static final double MAX_MONEY = 100_000;

    /** Highest monthly kWh figure of a rate structure: {@code up_to_kwh}, {@code min_kwh}, {@code max_kwh}, {@code below_kwh}. */
    public static final double MAX_PLAN_KWH = 1_000_000;

    /** Most tiers of a tiered energy charge. */
    public static final int MAX_TIERS = 20;

    /** Most entries of {@code bill_credits}. */
    public static final int MAX_BILL_CREDITS = 20;

    /** Largest {@code top_n} a user may ask for (contract section 1). */
    public static final int MAX_TOP_N = 20;

    /** A reading's {@code kwh} (and {@code peak_kwh}) must be below this: the {@code numeric(10,3)} column's range. */
    public static final long READING_KWH_LIMIT = 10_000_000L;

    /** {@link #MAX_MONEY} as the exact decimal the 2-decimal money columns are compared with. */
    static final BigDecimal MAX_MONEY_DECIMAL = BigDecimal.valueOf((long) MAX_MONEY);

    /** {@link #READING_KWH_LIMIT} as a decimal. */
    static final BigDecimal READING_KWH_LIMIT_DECIMAL = BigDecimal.valueOf(READING_KWH_LIMIT);

    private InputBounds() {
    }
}
