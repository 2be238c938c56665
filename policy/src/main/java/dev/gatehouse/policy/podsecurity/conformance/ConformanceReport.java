package dev.gatehouse.policy.podsecurity.conformance;

import dev.gatehouse.policy.podsecurity.Level;
import dev.gatehouse.policy.podsecurity.Version;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of running the upstream Pod Security conformance fixtures: how many passed and failed for each level
 * and version, and every failing fixture with what was expected and what happened. Immutable and thread-safe.
 *
 * @param folder the conformance folder that was given
 * @param status whether the fixtures ran, or why not
 * @param problem for {@link Status#SKIPPED} and {@link Status#UNREADABLE}, a sentence saying why; else empty
 * @param tallies per level and version, ordered by level then version
 * @param failures every failing fixture, in the order the fixtures were run
 */
public record ConformanceReport(Path folder, Status status, String problem, List<Tally> tallies, List<Failure> failures) {

    /** Whether the fixtures were run. */
    public enum Status {
        /** Every fixture found was evaluated. */
        COMPLETED,
        /** The folder does not exist; nothing was run (the fixtures are optional material). */
        SKIPPED,
        /** The folder exists but is not a readable conformance folder; nothing (or not everything) was run. */
        UNREADABLE
    }

    /** Counts for one level and version. */
    public record Tally(Level level, Version version, int passed, int failed) {}

    /**
     * One failing fixture.
     *
     * @param file the fixture's path
     * @param expected what the fixture requires, e.g. {@code allowed} or {@code denied with "hostPort"}
     * @param actual what the evaluator said: {@code allowed}, the denial message, or why the fixture could not be read
     */
    public record Failure(Path file, String expected, String actual) {}

    public ConformanceReport {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(status, "status");
        problem = problem == null ? "" : problem;
        tallies = List.copyOf(tallies);
        failures = List.copyOf(failures);
    }

    static ConformanceReport notRun(Path folder, Status status, String problem) {
        return new ConformanceReport(folder, status, problem, List.of(), List.of());
    }

    public int passed() {
        return tallies.stream().mapToInt(Tally::passed).sum();
    }

    public int failed() {
        return tallies.stream().mapToInt(Tally::failed).sum();
    }

    public int total() {
        return passed() + failed();
    }

    /** Whether the fixtures ran, at least one was found, and none failed. */
    public boolean allPassed() {
        return status == Status.COMPLETED && total() > 0 && failures.isEmpty();
    }
}
