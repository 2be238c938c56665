package dev.gatehouse.auth.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kubelet's rotation rule, mirrored by a client reading the projected token file; time is a fake clock. */
class ProjectedTokenSourceTest {

    @TempDir
    Path dir;
    Path file;
    TokenFixture f;
    ProjectedTokenSource source;
    /** No jitter, so the thresholds are exact. */
    static final RandomGenerator NO_JITTER = new RandomGenerator() {
        @Override
        public long nextLong() {
            return 0;
        }

        @Override
        public double nextDouble() {
            return 0;
        }
    };

    @BeforeEach
    void setUp() {
        f = new TokenFixture(SigningAlgorithm.ES256);
        file = dir.resolve("token");
        // A long check interval: only the rotation rule (or expiry) makes the source look at the file again.
        source = ProjectedTokenSource.of(file, f.clock, Duration.ofDays(365), NO_JITTER);
    }

    /** Writes the token the way the kubelet's atomic writer does: a new file swapped in. */
    String write(long expirationSeconds) throws Exception {
        String token = f.issue(new TokenRequestSpec(List.of(), expirationSeconds, null)).token();
        Path tmp = dir.resolve("token.tmp");
        Files.writeString(tmp, token + "\n");
        Files.setLastModifiedTime(tmp, FileTime.from(f.clock.instant()));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return token;
    }

    @Test
    void token_isReadOnce_andReusedUntilEightyPercentOfItsLifetime() throws Exception {
        String first = write(3600);
        assertThat(source.token()).isEqualTo(first);
        f.clock.advance(Duration.ofSeconds(10));
        String second = write(3600); // the file changed, but the rule does not yet say to look
        f.clock.advance(Duration.ofSeconds(2860 - 10)); // 2860 s < 80% of 3600 = 2880
        assertThat(source.token()).isEqualTo(first);
        f.clock.advance(Duration.ofSeconds(21)); // 2881 s: within the last 20% of the TTL
        assertThat(source.token()).isEqualTo(second);
    }

    @Test
    void tokenOlderThan24Hours_isReRead_evenWithALongLifetime() throws Exception {
        String first = write(7 * 24 * 3600);
        assertThat(source.token()).isEqualTo(first);
        f.clock.advance(Duration.ofSeconds(30));
        String second = write(7 * 24 * 3600);
        f.clock.set(TokenFixture.START.plus(Duration.ofHours(24)));
        assertThat(source.token()).isEqualTo(first); // exactly 24 h: not after
        f.clock.advance(Duration.ofSeconds(1));
        assertThat(source.token()).isEqualTo(second);
    }

    @Test
    void clockLeapBackwards_beforeIat_reReadsTheFile() throws Exception {
        String first = write(3600);
        assertThat(source.token()).isEqualTo(first);
        f.clock.advance(Duration.ofSeconds(5));
        String second = write(3600);
        f.clock.set(TokenFixture.START.minusSeconds(1));
        assertThat(source.token()).isEqualTo(second);
    }

    @Test
    void extendedToken_refreshesOnItsWarnafter_notOnTheOneYearExpiry() throws Exception {
        String first = f.issue(new TokenRequestSpec(List.of(), 3607L, new BoundObjectRef("Pod", "v1", "web-0", ""))).token();
        Files.writeString(file, first);
        assertThat(source.token()).isEqualTo(first);
        f.clock.advance(Duration.ofSeconds(60));
        String second = write(3600);
        f.clock.set(TokenFixture.START.plusSeconds(3607 - 3607 * 20 / 100 + 1));
        assertThat(source.token()).isEqualTo(second);
    }

    @Test
    void expiredTokenInTheFile_isNeverHandedOut() throws Exception {
        write(600);
        assertThat(source.token()).isNotEmpty();
        f.clock.advance(Duration.ofSeconds(600));
        assertThatThrownBy(source::token).isInstanceOf(ProjectedTokenSource.ExpiredTokenException.class)
                .hasMessageContaining("expired at 2026-01-01T00:10:00Z").hasMessageContaining(file.toString());
        String fresh = write(600);
        assertThat(source.token()).isEqualTo(fresh);
    }

    @Test
    void unreadableFile_keepsServingTheOldTokenUntilItExpires() throws Exception {
        String first = write(3600);
        assertThat(source.token()).isEqualTo(first);
        Files.delete(file);
        f.clock.advance(Duration.ofSeconds(3000)); // the rule says refresh, the file is gone
        assertThat(source.token()).isEqualTo(first);
        f.clock.advance(Duration.ofSeconds(600));
        assertThatThrownBy(source::token).isInstanceOf(ProjectedTokenSource.ExpiredTokenException.class);
    }

    @Test
    void changedFile_isPickedUpAfterTheCheckInterval() throws Exception {
        ProjectedTokenSource polling = ProjectedTokenSource.of(file, f.clock, Duration.ofSeconds(1), NO_JITTER);
        String first = write(3600);
        assertThat(polling.token()).isEqualTo(first);
        f.clock.advance(Duration.ofSeconds(5));
        String second = write(3600);
        assertThat(polling.token()).isEqualTo(second);
    }

    @Test
    void missingOrGarbageFile_isAClearError() throws Exception {
        assertThatThrownBy(source::token).isInstanceOf(ProjectedTokenSource.TokenFileException.class)
                .hasMessageContaining("cannot read the service account token file " + file);
        Files.writeString(file, "not-a-jwt");
        ProjectedTokenSource fresh = ProjectedTokenSource.of(file, f.clock, Duration.ZERO, NO_JITTER);
        assertThatThrownBy(fresh::token).isInstanceOf(ProjectedTokenSource.TokenFileException.class)
                .hasMessage(file + " does not hold a JWT (expected three dot-separated parts)");
    }

    @Test
    void jitter_bringsTheRefreshForwardByUpToTenSeconds() throws Exception {
        ProjectedTokenSource jittery = ProjectedTokenSource.of(file, f.clock, Duration.ofDays(365), new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public double nextDouble() {
                return 0.999;
            }
        });
        String first = write(3600);
        assertThat(jittery.token()).isEqualTo(first);
        f.clock.advance(Duration.ofSeconds(1));
        String second = write(3600);
        f.clock.set(TokenFixture.START.plusSeconds(2880 - 9));
        assertThat(jittery.token()).isEqualTo(second);
    }
}
