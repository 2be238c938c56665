package dev.gatehouse.policy.podsecurity.conformance;

import dev.gatehouse.policy.podsecurity.DefaultPodSecurityEvaluator;
import dev.gatehouse.policy.podsecurity.EvaluationResult;
import dev.gatehouse.policy.podsecurity.Level;
import dev.gatehouse.policy.podsecurity.LevelVersion;
import dev.gatehouse.policy.podsecurity.PodMetadataAndSpec;
import dev.gatehouse.policy.podsecurity.PodSecurityEvaluator;
import dev.gatehouse.policy.podsecurity.PodSpecs;
import dev.gatehouse.policy.podsecurity.Version;
import dev.gatehouse.policy.podsecurity.conformance.ConformanceReport.Failure;
import dev.gatehouse.policy.podsecurity.conformance.ConformanceReport.Status;
import dev.gatehouse.policy.podsecurity.conformance.ConformanceReport.Tally;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Runs upstream's Pod Security conformance fixtures against an evaluator, as upstream's {@code test/run.go} does.
 *
 * <p>The folder holds {@code EXPECTED.md} and {@code testdata/<level>/v1.<minor>/{pass,fail}/*.yaml}, one pod per
 * file. A pass fixture must be allowed at its level and version. A fail fixture must be denied, and the denial
 * message {@code violates PodSecurity "<level>:<version>": <reasons>} must contain the substring EXPECTED.md
 * registers for the fixture's check (file name = lower-case check ID + index). The fixtures are upstream's and
 * are read in place, never copied.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * ConformanceReport report = PodSecurityConformance.standard().run(Path.of("/work/shared/conformance/pod-security"));
 * }</pre>
 */
public final class PodSecurityConformance {

    /** A table row of EXPECTED.md: {@code     hostportsN     "hostPort"}. */
    private static final Pattern EXPECTED_ROW = Pattern.compile("^\\s+([a-z0-9_]+)N\\s+\"([^\"]*)\"\\s*$");
    private static final Pattern FIXTURE_NAME = Pattern.compile("^([a-z0-9_]+?)[0-9]*\\.yaml$");

    private final PodSecurityEvaluator evaluator;
    private final YAMLMapper yaml = YAMLMapper.builder().build();

    private PodSecurityConformance(PodSecurityEvaluator evaluator) {
        this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
    }

    /** A runner for {@link DefaultPodSecurityEvaluator#standard()}. */
    public static PodSecurityConformance standard() {
        return new PodSecurityConformance(DefaultPodSecurityEvaluator.standard());
    }

    /** A runner for the given evaluator. */
    public static PodSecurityConformance using(PodSecurityEvaluator evaluator) {
        return new PodSecurityConformance(evaluator);
    }

    /**
     * Runs every fixture under {@code folder}. Never throws for a bad folder or fixture: an absent folder is
     * {@link Status#SKIPPED}, an unusable one {@link Status#UNREADABLE}, and a fixture that cannot be read is a
     * failure naming the file and the problem.
     */
    public ConformanceReport run(Path folder) {
        if (!Files.exists(folder)) {
            return ConformanceReport.notRun(folder, Status.SKIPPED,
                    "the conformance folder " + folder + " does not exist");
        }
        Path expectedFile = folder.resolve("EXPECTED.md");
        Path testdata = folder.resolve("testdata");
        if (!Files.isDirectory(folder) || !Files.isRegularFile(expectedFile) || !Files.isDirectory(testdata)) {
            return ConformanceReport.notRun(folder, Status.UNREADABLE,
                    folder + " is not a Pod Security conformance folder: it needs EXPECTED.md and testdata/");
        }
        Map<String, String> expected;
        try {
            expected = readExpected(expectedFile);
        } catch (IOException e) {
            return ConformanceReport.notRun(folder, Status.UNREADABLE, "cannot read " + expectedFile + ": " + e.getMessage());
        }
        if (expected.isEmpty()) {
            return ConformanceReport.notRun(folder, Status.UNREADABLE,
                    expectedFile + " has no table of expected substrings (lines like: hostportsN \"hostPort\")");
        }
        List<Tally> tallies = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        try {
            for (Level level : List.of(Level.BASELINE, Level.RESTRICTED)) {
                Path levelDir = testdata.resolve(level.label());
                if (!Files.isDirectory(levelDir)) {
                    continue;
                }
                for (Version version : versions(levelDir)) {
                    int[] counts = new int[2];
                    Path versionDir = levelDir.resolve(version.toString());
                    LevelVersion levelVersion = LevelVersion.of(level, version);
                    for (Path file : fixtures(versionDir.resolve("pass"))) {
                        record(counts, failures, runPass(file, levelVersion));
                    }
                    for (Path file : fixtures(versionDir.resolve("fail"))) {
                        record(counts, failures, runFail(file, levelVersion, expected));
                    }
                    tallies.add(new Tally(level, version, counts[0], counts[1]));
                }
            }
        } catch (IOException e) {
            return new ConformanceReport(folder, Status.UNREADABLE, "cannot list fixtures: " + e.getMessage(), tallies, failures);
        }
        return new ConformanceReport(folder, Status.COMPLETED, "", tallies, failures);
    }

    private static void record(int[] counts, List<Failure> failures, Optional<Failure> failure) {
        if (failure.isPresent()) {
            counts[1]++;
            failures.add(failure.get());
        } else {
            counts[0]++;
        }
    }

    private Optional<Failure> runPass(Path file, LevelVersion levelVersion) {
        Outcome outcome = evaluate(file, levelVersion);
        if (outcome.problem != null) {
            return Optional.of(new Failure(file, "allowed", outcome.problem));
        }
        if (outcome.result.allowed()) {
            return Optional.empty();
        }
        return Optional.of(new Failure(file, "allowed", message(outcome.result)));
    }

    private Optional<Failure> runFail(Path file, LevelVersion levelVersion, Map<String, String> expectedByCheck) {
        Matcher name = FIXTURE_NAME.matcher(file.getFileName().toString());
        String substring = name.matches() ? expectedByCheck.get(name.group(1)) : null;
        if (substring == null) {
            return Optional.of(new Failure(file, "a check registered in EXPECTED.md",
                    "no expected substring is registered for this file name"));
        }
        String expected = "denied with \"" + substring + "\"";
        Outcome outcome = evaluate(file, levelVersion);
        if (outcome.problem != null) {
            return Optional.of(new Failure(file, expected, outcome.problem));
        }
        if (outcome.result.allowed()) {
            return Optional.of(new Failure(file, expected, "allowed"));
        }
        String message = message(outcome.result);
        return message.contains(substring) ? Optional.empty() : Optional.of(new Failure(file, expected, message));
    }

    private Outcome evaluate(Path file, LevelVersion levelVersion) {
        JsonNode document;
        try {
            document = yaml.readTree(Files.readString(file));
        } catch (IOException | JacksonException e) {
            return Outcome.problem("cannot read the fixture: " + e.getMessage());
        }
        if (document == null || !document.isObject()) {
            return Outcome.problem("the fixture is not a YAML object");
        }
        Optional<PodMetadataAndSpec> pod;
        try {
            pod = PodSpecs.of(document.path("kind").asString(""), document);
        } catch (IllegalArgumentException e) {
            return Outcome.problem("the fixture's pod is malformed: " + e.getMessage());
        }
        if (pod.isEmpty()) {
            return Outcome.problem("the fixture is not a pod (kind \"" + document.path("kind").asString("") + "\")");
        }
        return Outcome.of(evaluator.evaluate(levelVersion, pod.get().metadata(), pod.get().spec()));
    }

    /** The denial as upstream words it, without the object name prefix. */
    static String message(EvaluationResult result) {
        return "violates PodSecurity \"" + result.levelVersion() + "\": " + result.reasonsWithDetails();
    }

    private static Map<String, String> readExpected(Path file) throws IOException {
        Map<String, String> expected = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            Matcher row = EXPECTED_ROW.matcher(line);
            if (row.matches()) {
                expected.put(row.group(1), row.group(2));
            }
        }
        return expected;
    }

    private static List<Version> versions(Path levelDir) throws IOException {
        try (Stream<Path> entries = Files.list(levelDir)) {
            return entries.filter(Files::isDirectory)
                    .map(p -> Version.parse(p.getFileName().toString()))
                    .flatMap(Optional::stream)
                    .filter(v -> !v.latest())
                    .sorted()
                    .toList();
        }
    }

    private static List<Path> fixtures(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> p.getFileName().toString().endsWith(".yaml") && Files.isRegularFile(p))
                    .sorted()
                    .toList();
        }
    }

    /** Either an evaluation result or why the fixture could not be evaluated. */
    private record Outcome(EvaluationResult result, String problem) {
        static Outcome of(EvaluationResult result) {
            return new Outcome(result, null);
        }

        static Outcome problem(String problem) {
            return new Outcome(null, problem);
        }
    }
}
