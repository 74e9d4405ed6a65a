-- TreeBeard source of truth (contract section 1). The database itself rejects out-of-range rows, so data written
-- by direct SQL obeys the same ranges as data written through the ingest API.

-- Identifiers (plan_id, user_id, region codes): 1 to 64 characters of A-Z a-z 0-9 _ . : -
-- Scalar columns check the pattern inline: a SQL function in a CHECK is not inlined and would cost a function call
-- per row on the bulk path. The array check needs a function (no subqueries in CHECK); plans are low-volume.
CREATE FUNCTION tb_is_identifier(value text) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT value ~ '^[A-Za-z0-9_.:-]{1,64}$' $$;

CREATE FUNCTION tb_are_identifiers(value text[]) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT coalesce(bool_and(v IS NOT NULL AND tb_is_identifier(v)), false) FROM unnest(value) AS v $$;

CREATE TABLE plan_catalog (
    plan_id               text          PRIMARY KEY,
    provider              text          NOT NULL,
    name                  text          NOT NULL,
    available_regions     text[]        NOT NULL,
    is_active             boolean       NOT NULL,
    rate_structure        jsonb         NOT NULL,
    renewable_percentage  numeric(5,2)  NOT NULL,
    contract_months       int           NOT NULL,
    early_termination_fee numeric(10,2) NOT NULL DEFAULT 0,
    updated_at            timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT plan_catalog_plan_id_format CHECK (plan_id ~ '^[A-Za-z0-9_.:-]{1,64}$'),
    CONSTRAINT plan_catalog_provider_not_blank CHECK (length(btrim(provider)) > 0),
    CONSTRAINT plan_catalog_name_not_blank CHECK (length(btrim(name)) > 0),
    CONSTRAINT plan_catalog_regions_not_empty CHECK (cardinality(available_regions) > 0),
    CONSTRAINT plan_catalog_regions_format CHECK (tb_are_identifiers(available_regions)),
    -- Only the JSON kind is enforced here: the rate_structure rules are checked by the write API, and a row that
    -- breaks them through direct SQL is routed to treebeard.dlq.ingest by the change capture.
    CONSTRAINT plan_catalog_rate_structure_object CHECK (jsonb_typeof(rate_structure) = 'object'),
    CONSTRAINT plan_catalog_renewable_range CHECK (renewable_percentage BETWEEN 0 AND 100),
    CONSTRAINT plan_catalog_contract_months_range CHECK (contract_months >= 0),
    CONSTRAINT plan_catalog_etf_range CHECK (early_termination_fee >= 0)
);

CREATE TABLE user_profile (
    user_id           text        PRIMARY KEY,
    region            text        NOT NULL,
    current_plan_id   text        NULL,
    contract_end_date date        NULL,
    preferences       jsonb       NOT NULL DEFAULT '{}',
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT user_profile_user_id_format CHECK (user_id ~ '^[A-Za-z0-9_.:-]{1,64}$'),
    CONSTRAINT user_profile_region_format CHECK (region ~ '^[A-Za-z0-9_.:-]{1,64}$'),
    CONSTRAINT user_profile_current_plan_id_format CHECK (current_plan_id ~ '^[A-Za-z0-9_.:-]{1,64}$'),
    CONSTRAINT user_profile_preferences_object CHECK (jsonb_typeof(preferences) = 'object')
);

-- Usage rows may arrive before the profile exists: no foreign key to user_profile.
CREATE TABLE usage_history (
    user_id    text          NOT NULL,
    usage_date date          NOT NULL,
    kwh        numeric(10,3) NOT NULL,
    peak_kwh   numeric(10,3) NULL,
    PRIMARY KEY (user_id, usage_date),
    CONSTRAINT usage_history_user_id_format CHECK (user_id ~ '^[A-Za-z0-9_.:-]{1,64}$'),
    CONSTRAINT usage_history_kwh_range CHECK (kwh >= 0),
    CONSTRAINT usage_history_peak_kwh_range CHECK (peak_kwh IS NULL OR (peak_kwh >= 0 AND peak_kwh <= kwh))
);

-- The read model written by the cache projector (contract sections 1 and 4).
CREATE TABLE recommendations (
    user_id      text        PRIMARY KEY,
    version      bigint      NOT NULL,
    generated_at timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    payload      jsonb       NOT NULL,
    CONSTRAINT recommendations_user_id_format CHECK (user_id ~ '^[A-Za-z0-9_.:-]{1,64}$'),
    CONSTRAINT recommendations_version_range CHECK (version >= 0),
    CONSTRAINT recommendations_expiry_after_generation CHECK (expires_at >= generated_at),
    CONSTRAINT recommendations_payload_object CHECK (jsonb_typeof(payload) = 'object')
);
