package io.treebeard.schemas.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Objects;

/**
 * A plan's tariff, the {@code rate_structure} column (contract section 2). Instances are expected to have passed
 * {@link io.treebeard.schemas.validation.RateStructureValidator}; the canonical constructor only normalises absent
 * optional parts.
 *
 * @param monthlyFee   $ per month, 0 when absent
 * @param energy       exactly one of flat, tiered or time-of-use
 * @param billCredits  credits applied in a month whose kWh lies in their band; empty when absent
 * @param minimumUsage a fee charged below a monthly kWh bound, or null
 */
public record RateStructure(double monthlyFee, Energy energy, List<BillCredit> billCredits, MinimumUsage minimumUsage) {

    public RateStructure {
        Objects.requireNonNull(energy, "energy");
        billCredits = billCredits == null ? List.of() : List.copyOf(billCredits);
    }

    /** The energy charge of a month, one of three kinds. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({
        @JsonSubTypes.Type(value = Flat.class, name = "flat"),
        @JsonSubTypes.Type(value = Tiered.class, name = "tiered"),
        @JsonSubTypes.Type(value = Tou.class, name = "tou")
    })
    public sealed interface Energy permits Flat, Tiered, Tou {
    }

    /** One rate for every kWh. */
    public record Flat(double rate) implements Energy {
    }

    /** Monthly blocks; every tier but the last has an upper bound. */
    public record Tiered(List<Tier> tiers) implements Energy {
        public Tiered {
            tiers = List.copyOf(tiers);
        }
    }

    /**
     * A block of a tiered tariff.
     *
     * @param upToKwh inclusive upper bound of the block, null for the last block
     * @param rate    $ per kWh inside the block
     */
    public record Tier(Double upToKwh, double rate) {
    }

    /** Time of use: peak kWh at one rate, the rest at another. */
    public record Tou(double peakRate, double offPeakRate) implements Energy {
    }

    /**
     * A credit for a month whose kWh is within {@code [minKwh, maxKwh]}.
     *
     * @param maxKwh null means no upper bound
     */
    public record BillCredit(double minKwh, Double maxKwh, double credit) {
    }

    /** A fee charged in a month whose kWh is strictly below {@code belowKwh}. */
    public record MinimumUsage(double belowKwh, double fee) {
    }
}
