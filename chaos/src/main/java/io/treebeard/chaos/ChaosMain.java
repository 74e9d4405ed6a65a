package io.treebeard.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code chaos}: the chaos suite and the fuzz pass (see {@link ChaosOptions#USAGE}); writes docs/reliability.md and exits
 * 1 when anything was lost, drifted, went backwards, broke a read rule or answered a fuzz request with a 5xx.
 */
public final class ChaosMain {

    private static final Logger LOG = LoggerFactory.getLogger(ChaosMain.class);

    private ChaosMain() {
    }

    public static void main(String[] args) throws Exception {
        ChaosOptions options;
        try {
            options = ChaosOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(run(options) ? 0 : 1);
    }

    static boolean run(ChaosOptions options) throws Exception {
        Path root = repositoryRoot();
        Instant started = Instant.now();
        Path runDir = Files.createTempDirectory("treebeard-chaos-");
        LOG.info("chaos suite: scale {}, seed {}, {} run(s) of {} faults, {} fuzz requests; run directory {}", options.scale(),
                options.seed(), options.runsPerFault(), options.faults().size(), options.fuzzRequests(), runDir);
        ReliabilityReport.Run result;
        try (Stack stack = Stack.start(root, runDir); Verdict verdict = new Verdict(stack)) {
            Model model = new Model();
            Dataset.seed(stack.dataSource(), model, new Random(options.seed()));
            Verdict.Result seeded = verdict.awaitZeroDrift(Duration.ofSeconds(300));
            LOG.info("seed data served: zero drift {} after {} ms ({})", seeded.clean(), seeded.took().toMillis(),
                    seeded.lastAudit() == null ? seeded.note() : seeded.lastAudit().summary());
            if (!seeded.clean()) {
                throw new IllegalStateException("the seed data never reached zero drift: " + seeded.note());
            }
            List<FaultRun> runs;
            Load load = new Load(stack, model, options.seed(), options.readsPerSecond());
            try {
                load.start();
                runs = new Chaos(stack, load, model, verdict, options).runAll();
            } finally {
                load.close();
            }
            Fuzzer.Result fuzz = options.fuzzRequests() > 0 ? new Fuzzer(stack).run(options.fuzzRequests(), options.seed()) : null;
            if (fuzz != null) {
                LOG.info("fuzz: {} requests, statuses {}, {} 5xx, {} not problem+json {}, {} half-applied, {} accepted, {} unanswered",
                        fuzz.requests(), fuzz.statusByApi(), fuzz.serverErrors(), fuzz.notProblem(), fuzz.notProblemByStatus(),
                        fuzz.halfApplied(), fuzz.accepted(), fuzz.noAnswer());
                fuzz.samples().forEach(s -> LOG.info("fuzz sample: {}", s));
            }
            Verdict.Result last = verdict.awaitZeroDrift(options.driftTimeout());
            String finalAudit = last.lastAudit() == null ? last.note() : last.lastAudit().summary();
            if (!last.clean() && last.lastAudit() != null) {
                last.lastAudit().drift().stream().limit(10).forEach(f -> LOG.warn("final drift: {}", f.lines()));
            }
            Map<String, Long> outcomes = new TreeMap<>();
            model.counts().forEach((k, v) -> outcomes.put(k.name().toLowerCase(java.util.Locale.ROOT), (long) v));
            boolean passed = runs.stream().allMatch(FaultRun::passed) && load.backwards().isEmpty() && last.clean()
                    && (fuzz == null || fuzz.passed());
            load.backwards().stream().limit(20).forEach(b -> LOG.warn("version backwards: {}", b));
            result = new ReliabilityReport.Run(commit(root), started.truncatedTo(ChronoUnit.SECONDS).toString(),
                    Duration.between(started, Instant.now()), options, runs, load.backwards(), load.versionsChecked(), outcomes, fuzz,
                    last.clean(), finalAudit, passed);
        } finally {
            if (!options.keep()) {
                KafkaBroker.deleteQuietly(runDir);
            }
        }
        if (options.writeReport()) {
            Path doc = root.resolve("docs").resolve("reliability.md");
            Files.writeString(doc, ReliabilityReport.markdown(result));
            LOG.info("wrote {}", doc);
        }
        LOG.info("chaos suite {} in {} s", result.passed() ? "PASSED" : "FAILED", result.took().toSeconds());
        return result.passed();
    }

    /** The repository root: the working directory, or its parent when run from the module. */
    static Path repositoryRoot() {
        Path cwd = Path.of("").toAbsolutePath();
        return Files.isDirectory(cwd.resolve("chaos")) ? cwd : cwd.getParent();
    }

    private static String commit(Path root) {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").directory(root.toFile()).redirectErrorStream(true)
                    .start();
            String out = new String(git.getInputStream().readAllBytes()).trim();
            return git.waitFor() == 0 ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

}
