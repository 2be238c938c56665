package dev.gatehouse.policy.podsecurity;

import static dev.gatehouse.policy.podsecurity.CheckTables.allowed;
import static dev.gatehouse.policy.podsecurity.CheckTables.row;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One table per restricted check: exact reason and detail, plural forms, offender order and version changes. */
class RestrictedChecksTest {

    private static final String WINDOWS = "os: {name: windows}, ";

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void allowPrivilegeEscalation(String behaviour, int minor, String pod, String reason, String detail) {
        CheckTables.assertCheck("allowPrivilegeEscalation", minor, pod, reason, detail);
    }

    static Stream<Arguments> allowPrivilegeEscalation() {
        String unset = "{containers: [{name: a}, {name: b, securityContext: {allowPrivilegeEscalation: true}}, {name: c, securityContext: {allowPrivilegeEscalation: false}}]}";
        return Stream.of(
                allowed("explicit false everywhere", 8, "spec: {containers: [{name: a, securityContext: {allowPrivilegeEscalation: false}}]}"),
                row("unset and true are both forbidden", 8, "spec: " + unset,
                        "allowPrivilegeEscalation != false", "containers \"a\", \"b\" must set securityContext.allowPrivilegeEscalation=false"),
                row("v1.24: windows pods are still checked", 24, "spec: {" + WINDOWS + unset.substring(1),
                        "allowPrivilegeEscalation != false", "containers \"a\", \"b\" must set securityContext.allowPrivilegeEscalation=false"),
                allowed("v1.25: windows pods are exempt", 25, "spec: {" + WINDOWS + unset.substring(1)),
                row("v1.25: linux pods are checked", 25, "spec: {os: {name: linux}, containers: [{name: a}]}",
                        "allowPrivilegeEscalation != false", "container \"a\" must set securityContext.allowPrivilegeEscalation=false"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void capabilitiesRestricted(String behaviour, int minor, String pod, String reason, String detail) {
        CheckTables.assertCheck("capabilities_restricted", minor, pod, reason, detail);
    }

    static Stream<Arguments> capabilitiesRestricted() {
        String mixed = "{containers: [{name: a}, {name: b, securityContext: {capabilities: {drop: [NET_RAW], add: [SYS_TIME, NET_BIND_SERVICE]}}}, "
                + "{name: c, securityContext: {capabilities: {drop: [ALL], add: [NET_RAW, AUDIT_WRITE]}}}]}";
        return Stream.of(
                allowed("drop ALL and add only NET_BIND_SERVICE", 22,
                        "spec: {containers: [{name: a, securityContext: {capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}}}]}"),
                row("missing drop ALL only", 22, "spec: {containers: [{name: a, securityContext: {capabilities: {drop: [all]}}}]}",
                        "unrestricted capabilities", "container \"a\" must set securityContext.capabilities.drop=[\"ALL\"]"),
                row("both parts, joined by a semicolon; capabilities sorted", 22, "spec: " + mixed,
                        "unrestricted capabilities",
                        "containers \"a\", \"b\" must set securityContext.capabilities.drop=[\"ALL\"]; "
                                + "containers \"b\", \"c\" must not include \"AUDIT_WRITE\", \"NET_RAW\", \"SYS_TIME\" in securityContext.capabilities.add"),
                row("v1.24: windows pods are still checked", 24, "spec: {" + WINDOWS + "containers: [{name: a}]}",
                        "unrestricted capabilities", "container \"a\" must set securityContext.capabilities.drop=[\"ALL\"]"),
                allowed("v1.25: windows pods are exempt", 25, "spec: {" + WINDOWS + mixed.substring(1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void procMountRestricted(String behaviour, int minor, String pod, String reason, String detail) {
        CheckTables.assertCheck("procMount_restricted", minor, pod, reason, detail);
    }

    static Stream<Arguments> procMountRestricted() {
        return Stream.of(
                allowed("Default is allowed", 35, "spec: {hostUsers: false, containers: [{name: a, securityContext: {procMount: Default}}]}"),
                row("a user namespace does not relax restricted", 35,
                        "spec: {hostUsers: false, containers: [{name: a, securityContext: {procMount: Unmasked}}]}",
                        "procMount", "container \"a\" must not set securityContext.procMount to \"Unmasked\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void restrictedVolumes(String behaviour, int minor, String pod, String reason, String detail) {
        CheckTables.assertCheck("restrictedVolumes", minor, pod, reason, detail);
    }

    static Stream<Arguments> restrictedVolumes() {
        return Stream.of(
                allowed("every allowed type", 0,
                        "spec: {volumes: [{name: a, configMap: {name: c}}, {name: b, csi: {driver: d}}, {name: c, downwardAPI: {}}, "
                                + "{name: d, emptyDir: {}}, {name: e, ephemeral: {}}, {name: f, image: {reference: r}}, "
                                + "{name: g, persistentVolumeClaim: {claimName: c}}, {name: h, projected: {}}, {name: i, secret: {secretName: s}}]}"),
                row("one hostPath volume", 0, "spec: {volumes: [{name: v, hostPath: {path: /}}]}",
                        "restricted volume types", "volume \"v\" uses restricted volume type \"hostPath\""),
                row("volumes in order; types sorted and de-duplicated; a source-less volume is unknown here", 0,
                        "spec: {volumes: [{name: z, nfs: {server: s, path: /}}, {name: y, gitRepo: {repository: r}}, {name: x, nfs: {server: s, path: /}}, {name: w}]}",
                        "restricted volume types",
                        "volumes \"z\", \"y\", \"x\", \"w\" use restricted volume types \"gitRepo\", \"nfs\", \"unknown\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void runAsNonRoot(String behaviour, int minor, String pod, String reason, String detail) {
        CheckTables.assertCheck("runAsNonRoot", minor, pod, reason, detail);
    }

    static Stream<Arguments> runAsNonRoot() {
        String implicit = "{containers: [{name: a}, {name: b, securityContext: {runAsNonRoot: true}}, {name: c}]}";
        return Stream.of(
                allowed("pod level true covers unset containers", 0,
                        "spec: {securityContext: {runAsNonRoot: true}, containers: [{name: a}]}"),
                allowed("every container true", 0, "spec: {containers: [{name: a, securityContext: {runAsNonRoot: true}}]}"),
                row("containers left unset without a pod-level true", 0, "spec: " + implicit,
                        "runAsNonRoot != true", "pod or containers \"a\", \"c\" must set securityContext.runAsNonRoot=true"),
                row("an explicit false is reported before unset containers", 0,
                        "spec: {securityContext: {runAsNonRoot: false}, containers: [{name: a, securityContext: {runAsNonRoot: false}}, {name: b}]}",
                        "runAsNonRoot != true", "pod and container \"a\" must not set securityContext.runAsNonRoot=false"),
                row("v1.34: a user namespace does not help", 34, "spec: {hostUsers: false, containers: [{name: a}]}",
                        "runAsNonRoot != true", "pod or container \"a\" must set securityContext.runAsNonRoot=true"),
                allowed("v1.35: a user namespace is allowed", 35, "spec: {hostUsers: false, containers: [{name: a}]}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void runAsUser(String behaviour, int minor, String pod, String reason, String detail) {
        CheckTables.assertCheck("runAsUser", minor, pod, reason, detail);
    }

    static Stream<Arguments> runAsUser() {
        String root = "{securityContext: {runAsUser: 0}, containers: [{name: a, securityContext: {runAsUser: 0}}, {name: b, securityContext: {runAsUser: 1000}}, {name: c, securityContext: {runAsUser: 0}}]}";
        return Stream.of(
                allowed("non-zero and unset are allowed", 23,
                        "spec: {securityContext: {runAsUser: 1000}, containers: [{name: a}, {name: b, securityContext: {runAsUser: 1}}]}"),
                row("pod only", 23, "spec: {securityContext: {runAsUser: 0}, containers: [{name: a}]}",
                        "runAsUser=0", "pod must not set runAsUser=0"),
                row("pod and containers", 23, "spec: " + root,
                        "runAsUser=0", "pod and containers \"a\", \"c\" must not set runAsUser=0"),
                row("v1.34: a user namespace does not help", 34, "spec: {hostUsers: false, " + root.substring(1),
                        "runAsUser=0", "pod and containers \"a\", \"c\" must not set runAsUser=0"),
                allowed("v1.35: a user namespace is allowed", 35, "spec: {hostUsers: false, " + root.substring(1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void seccompProfileRestricted(String behaviour, int minor, String pod, String reason, String detail) {
        CheckTables.assertCheck("seccompProfile_restricted", minor, pod, reason, detail);
    }

    static Stream<Arguments> seccompProfileRestricted() {
        String unset = "{containers: [{name: a}, {name: b, securityContext: {seccompProfile: {type: Localhost, localhostProfile: p}}}, {name: c}]}";
        return Stream.of(
                allowed("pod level RuntimeDefault covers unset containers", 19,
                        "spec: {securityContext: {seccompProfile: {type: RuntimeDefault}}, containers: [{name: a}]}"),
                row("containers left unset without a valid pod level", 19, "spec: " + unset,
                        "seccompProfile", "pod or containers \"a\", \"c\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\""),
                row("explicit bad values first, types sorted", 19,
                        "spec: {securityContext: {seccompProfile: {type: Unconfined}}, containers: [{name: a, securityContext: {seccompProfile: {type: Bogus}}}, {name: b}]}",
                        "seccompProfile", "pod and container \"a\" must not set securityContext.seccompProfile.type to \"Bogus\", \"Unconfined\""),
                row("v1.24: windows pods are still checked", 24, "spec: {" + WINDOWS + unset.substring(1),
                        "seccompProfile", "pod or containers \"a\", \"c\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\""),
                allowed("v1.25: windows pods are exempt", 25, "spec: {" + WINDOWS + unset.substring(1)));
    }
}
