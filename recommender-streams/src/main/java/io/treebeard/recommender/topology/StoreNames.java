package io.treebeard.recommender.topology;

/**
 * Names of every state store. They are stable on purpose: each store's changelog topic is
 * {@code <application.id>-<name>-changelog}, so renaming one would strand its state.
 */
public final class StoreNames {

    /** user_id to the readings and the LSN of each date ({@code UsageState}). */
    public static final String USAGE_LEDGER = "usage-ledger";
    /** user_id to the unrounded 12-month usage profile the cost maths use. */
    public static final String USAGE_PROFILES = "usage-profiles";
    /** user_id to the last usage analysis published, or the version of its tombstone ({@code AnalysisState}). */
    public static final String USAGE_ANALYSES = "usage-analyses";
    /** user_id to the profile and its LSN. */
    public static final String PROFILES = "profiles";
    /** user_id to the last recommendation document published and its version. */
    public static final String USER_DOCS = "user-docs";
    /** plan_id to the plan and its LSN (every task holds the whole catalog). */
    public static final String PLAN_CATALOG = "plan-catalog";
    /** {@code region|plan_id} of every active plan: the plans a user of a region can be offered. */
    public static final String PLANS_BY_REGION = "plans-by-region";
    /** {@code region|user_id} of every profile: the users a plan change in a region can affect. */
    public static final String USERS_BY_REGION = "users-by-region";
    /** {@code plan_id|user_id} of every profile with a current plan. */
    public static final String USERS_BY_CURRENT_PLAN = "users-by-current-plan";

    /** plan_id to the users a plan change still has to visit ({@code FanoutJob}). */
    public static final String PLAN_FANOUT = "plan-fanout";

    /** The repartition that copies every plan change to every partition. */
    public static final String PLAN_BROADCAST = "plan-broadcast";

    /** Separator of composite index keys; identifiers cannot contain it. */
    public static final String SEPARATOR = "|";

    private StoreNames() {
    }

    /** An index key. */
    public static String key(String prefix, String id) {
        return prefix + SEPARATOR + id;
    }
}
