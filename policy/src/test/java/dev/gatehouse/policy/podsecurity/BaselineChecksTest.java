package dev.gatehouse.policy.podsecurity;

import static dev.gatehouse.policy.podsecurity.CheckTables.allowed;
import static dev.gatehouse.policy.podsecurity.CheckTables.row;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One table per baseline check: exact reason and detail, plural forms, offender order and version changes. */
class BaselineChecksTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void appArmorProfile(String behaviour, int minor, String pod, String reason, String detail) {
        CheckTables.assertCheck("appArmorProfile", minor, pod, reason, detail);
    }

    static Stream<Arguments> appArmorProfile() {
        String prefix = "container.apparmor.security.beta.kubernetes.io/";
        return Stream.of(
                allowed("RuntimeDefault and Localhost types are allowed", 0,
                        "spec: {securityContext: {appArmorProfile: {type: RuntimeDefault}}, containers: [{name: a, securityContext: {appArmorProfile: {type: Localhost, localhostProfile: p}}}]}"),
                allowed("empty, runtime/default and localhost/ annotations are allowed; other keys are ignored", 0,
                        "metadata: {annotations: {'" + prefix + "a': '', '" + prefix + "b': runtime/default, '" + prefix + "c': localhost/x, other: unconfined}}\nspec: {containers: [{name: a}]}"),
                row("pod and container with Unconfined type", 0,
                        "spec: {securityContext: {appArmorProfile: {type: Unconfined}}, containers: [{name: a, securityContext: {appArmorProfile: {type: Unconfined}}}]}",
                        "forbidden AppArmor profile", "pod and container \"a\" must not set AppArmor profile type to \"Unconfined\""),
                row("a bad annotation is listed as key=\"value\" after the types, in quotes", 0,
                        "metadata: {annotations: {'" + prefix + "a': unconfined}}\nspec: {containers: [{name: a}]}",
                        "forbidden AppArmor profile",
                        "annotation must not set AppArmor profile type to \"" + prefix + "a=\"unconfined\"\""),
                row("types sorted, then annotations sorted; the reason is plural for several values", 0,
                        "metadata: {annotations: {'" + prefix + "z': bogus, '" + prefix + "b': unconfined}}\n"
                                + "spec: {containers: [{name: b, securityContext: {appArmorProfile: {type: Unconfined}}}, {name: a, securityContext: {appArmorProfile: {type: Foo}}}]}",
                        "forbidden AppArmor profiles",
                        "containers \"b\", \"a\" and annotations must not set AppArmor profile type to \"Foo\", \"Unconfined\", \""
                                + prefix + "b=\"unconfined\"\", \"" + prefix + "z=\"bogus\"\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void capabilitiesBaseline(String behaviour, int minor, String pod, String reason, String detail) {
        CheckTables.assertCheck("capabilities_baseline", minor, pod, reason, detail);
    }

    static Stream<Arguments> capabilitiesBaseline() {
        return Stream.of(
                allowed("the default set may be added", 0,
                        "spec: {containers: [{name: a, securityContext: {capabilities: {add: [AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT]}}}]}"),
                row("one container adding NET_RAW", 0,
                        "spec: {containers: [{name: a, securityContext: {capabilities: {add: [NET_RAW]}}}]}",
                        "non-default capabilities", "container \"a\" must not include \"NET_RAW\" in securityContext.capabilities.add"),
                row("capability names are case-sensitive; capabilities sorted and de-duplicated, containers in visiting order", 0,
                        "spec: {initContainers: [{name: i, securityContext: {capabilities: {add: [SYS_ADMIN, chown]}}}], containers: [{name: c, securityContext: {capabilities: {add: [SYS_ADMIN, CHOWN]}}}], ephemeralContainers: [{name: e, securityContext: {capabilities: {add: [NET_RAW]}}}]}",
                        "non-default capabilities",
                        "containers \"i\", \"c\", \"e\" must not include \"NET_RAW\", \"SYS_ADMIN\", \"chown\" in securityContext.capabilities.add"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void hostNamespaces(String behaviour, int minor, String pod, String reason, String detail) {
        CheckTables.assertCheck("hostNamespaces", minor, pod, reason, detail);
    }

    static Stream<Arguments> hostNamespaces() {
        return Stream.of(
                allowed("false is allowed", 0, "spec: {hostNetwork: false, hostPID: false, hostIPC: false, containers: [{name: a}]}"),
                row("one namespace", 0, "spec: {hostPID: true, containers: [{name: a}]}", "host namespaces", "hostPID=true"),
                row("all three, in network, PID, IPC order", 0, "spec: {hostIPC: true, hostPID: true, hostNetwork: true, containers: [{name: a}]}",
                        "host namespaces", "hostNetwork=true, hostPID=true, hostIPC=true"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void hostPathVolumes(String behaviour, int minor, String pod, String reason, String detail) {
        CheckTables.assertCheck("hostPathVolumes", minor, pod, reason, detail);
    }

    static Stream<Arguments> hostPathVolumes() {
        return Stream.of(
                allowed("other volume types are not this check's concern", 0, "spec: {volumes: [{name: a, nfs: {server: s, path: /}}]}"),
                row("one hostPath volume", 0, "spec: {volumes: [{name: a, hostPath: {path: /}}]}", "hostPath volumes", "volume \"a\""),
                row("several, in order", 0, "spec: {volumes: [{name: b, hostPath: {path: /}}, {name: x, emptyDir: {}}, {name: a, hostPath: {path: /}}]}",
                        "hostPath volumes", "volumes \"b\", \"a\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void hostPorts(String behaviour, int minor, String pod, String reason, String detail) {
        CheckTables.assertCheck("hostPorts", minor, pod, reason, detail);
    }

    static Stream<Arguments> hostPorts() {
        return Stream.of(
                allowed("hostPort 0 or unset is allowed", 0, "spec: {containers: [{name: a, ports: [{containerPort: 80, hostPort: 0}, {containerPort: 81}]}]}"),
                row("one container, one port", 0, "spec: {containers: [{name: a, ports: [{containerPort: 80, hostPort: 8080}]}]}",
                        "hostPort", "container \"a\" uses hostPort 8080"),
                row("ports sorted as strings and de-duplicated; containers in visiting order", 0,
                        "spec: {containers: [{name: b, ports: [{containerPort: 1, hostPort: 9}, {containerPort: 2, hostPort: 10}]}], initContainers: [{name: a, ports: [{containerPort: 1, hostPort: 10}]}]}",
                        "hostPort", "containers \"a\", \"b\" use hostPorts 10, 9"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void hostProbesAndHostLifecycle(String behaviour, int minor, String pod, String reason, String detail) {
        CheckTables.assertCheck("hostProbesAndHostLifecycle", minor, pod, reason, detail);
    }

    static Stream<Arguments> hostProbesAndHostLifecycle() {
        return Stream.of(
                allowed("probes without a host are allowed", 34,
                        "spec: {containers: [{name: a, livenessProbe: {httpGet: {port: 80, host: ''}}, readinessProbe: {tcpSocket: {port: 80}}}]}"),
                row("a probe host", 34, "spec: {containers: [{name: a, livenessProbe: {httpGet: {port: 80, host: bad.host}}}]}",
                        "probe or lifecycle host", "container \"a\" uses probe or lifecycle host \"bad.host\""),
                row("containers and hosts sorted and de-duplicated, from probes and lifecycle handlers", 34,
                        "spec: {containers: [{name: b, startupProbe: {tcpSocket: {port: 1, host: y}}, lifecycle: {preStop: {httpGet: {port: 1, host: x}}}}, {name: a, lifecycle: {postStart: {tcpSocket: {port: 1, host: y}}}}]}",
                        "probe or lifecycle host", "containers \"a\", \"b\" use probe or lifecycle hosts \"x\", \"y\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void privileged(String behaviour, int minor, String pod, String reason, String detail) {
        CheckTables.assertCheck("privileged", minor, pod, reason, detail);
    }

    static Stream<Arguments> privileged() {
        return Stream.of(
                allowed("privileged false is allowed", 0, "spec: {containers: [{name: a, securityContext: {privileged: false}}]}"),
                row("one privileged container", 0, "spec: {containers: [{name: a, securityContext: {privileged: true}}, {name: b}]}",
                        "privileged", "container \"a\" must not set securityContext.privileged=true"),
                row("init, regular and ephemeral containers, in that order", 0,
                        "spec: {ephemeralContainers: [{name: e, securityContext: {privileged: true}}], containers: [{name: c, securityContext: {privileged: true}}], initContainers: [{name: i, securityContext: {privileged: true}}]}",
                        "privileged", "containers \"i\", \"c\", \"e\" must not set securityContext.privileged=true"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void procMount(String behaviour, int minor, String pod, String reason, String detail) {
        CheckTables.assertCheck("procMount", minor, pod, reason, detail);
    }

    static Stream<Arguments> procMount() {
        String unmasked = "{containers: [{name: a, securityContext: {procMount: Unmasked}}, {name: b, securityContext: {procMount: Default}}]";
        return Stream.of(
                allowed("Default is allowed", 0, "spec: {containers: [{name: a, securityContext: {procMount: Default}}]}"),
                row("Unmasked is forbidden", 0, "spec: " + unmasked + "}",
                        "procMount", "container \"a\" must not set securityContext.procMount to \"Unmasked\""),
                row("v1.0: a user namespace does not help", 0, "spec: " + unmasked + ", hostUsers: false}",
                        "procMount", "container \"a\" must not set securityContext.procMount to \"Unmasked\""),
                allowed("v1.35: any value in a user namespace", 35, "spec: " + unmasked + ", hostUsers: false}"),
                row("v1.35: hostUsers true is not a user namespace", 35, "spec: " + unmasked + ", hostUsers: true}",
                        "procMount", "container \"a\" must not set securityContext.procMount to \"Unmasked\""),
                row("values sorted and de-duplicated", 35,
                        "spec: {containers: [{name: a, securityContext: {procMount: Unmasked}}, {name: b, securityContext: {procMount: Bogus}}, {name: c, securityContext: {procMount: Unmasked}}]}",
                        "procMount", "containers \"a\", \"b\", \"c\" must not set securityContext.procMount to \"Bogus\", \"Unmasked\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void seLinuxOptions(String behaviour, int minor, String pod, String reason, String detail) {
        CheckTables.assertCheck("seLinuxOptions", minor, pod, reason, detail);
    }

    static Stream<Arguments> seLinuxOptions() {
        String engine = "spec: {containers: [{name: a, securityContext: {seLinuxOptions: {type: container_engine_t}}}]}";
        return Stream.of(
                allowed("allowed types and any level", 0,
                        "spec: {securityContext: {seLinuxOptions: {type: container_t, level: 's0:c1'}}, containers: [{name: a, securityContext: {seLinuxOptions: {type: container_kvm_t}}}]}"),
                row("pod user alone", 0, "spec: {securityContext: {seLinuxOptions: {user: u}}, containers: [{name: a}]}",
                        "seLinuxOptions", "pod set forbidden securityContext.seLinuxOptions: user may not be set"),
                row("pod and container: types, user and role together", 0,
                        "spec: {securityContext: {seLinuxOptions: {type: x, role: r}}, containers: [{name: a, securityContext: {seLinuxOptions: {type: y, user: u}}}]}",
                        "seLinuxOptions",
                        "pod and container \"a\" set forbidden securityContext.seLinuxOptions: types \"x\", \"y\"; user may not be set; role may not be set"),
                row("v1.30: container_engine_t is forbidden", 30, engine,
                        "seLinuxOptions", "container \"a\" set forbidden securityContext.seLinuxOptions: type \"container_engine_t\""),
                allowed("v1.31: container_engine_t is allowed", 31, engine));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void seccompProfileBaseline(String behaviour, int minor, String pod, String reason, String detail) {
        CheckTables.assertCheck("seccompProfile_baseline", minor, pod, reason, detail);
    }

    static Stream<Arguments> seccompProfileBaseline() {
        String annotations = "metadata: {annotations: {seccomp.security.alpha.kubernetes.io/pod: unconfined, "
                + "container.seccomp.security.alpha.kubernetes.io/a: '', container.seccomp.security.alpha.kubernetes.io/zz: unconfined}}\n"
                + "spec: {containers: [{name: a}]}";
        String fields = "spec: {securityContext: {seccompProfile: {type: Unconfined}}, containers: [{name: a, securityContext: {seccompProfile: {type: Unconfined}}}, {name: b, securityContext: {seccompProfile: {type: RuntimeDefault}}}]}";
        return Stream.of(
                allowed("v1.0: allowed annotation values", 0,
                        "metadata: {annotations: {seccomp.security.alpha.kubernetes.io/pod: runtime/default, container.seccomp.security.alpha.kubernetes.io/a: docker/default, container.seccomp.security.alpha.kubernetes.io/b: localhost/p}}\n"
                                + "spec: {containers: [{name: a}, {name: b}]}"),
                row("v1.0: pod and container annotations, sorted; empty is forbidden; other containers' keys ignored", 0, annotations,
                        "seccompProfile",
                        "forbidden annotations container.seccomp.security.alpha.kubernetes.io/a=\"\", seccomp.security.alpha.kubernetes.io/pod=\"unconfined\""),
                allowed("v1.0: the fields are not checked yet", 18, fields),
                allowed("v1.19: the annotations are no longer checked", 19, annotations),
                row("v1.19: pod and container Unconfined", 19, fields,
                        "seccompProfile", "pod and container \"a\" must not set securityContext.seccompProfile.type to \"Unconfined\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void sysctls(String behaviour, int minor, String pod, String reason, String detail) {
        CheckTables.assertCheck("sysctls", minor, pod, reason, detail);
    }

    static Stream<Arguments> sysctls() {
        return Stream.of(
                allowed("v1.0 safe set", 0,
                        "spec: {securityContext: {sysctls: [{name: kernel.shm_rmid_forced, value: '0'}, {name: net.ipv4.ip_unprivileged_port_start, value: '0'}]}}"),
                row("forbidden names in the order given", 0,
                        "spec: {securityContext: {sysctls: [{name: net.core.somaxconn, value: '1'}, {name: kernel.msgmax, value: '1'}]}}",
                        "forbidden sysctls", "net.core.somaxconn, kernel.msgmax"),
                row("v1.26: ip_local_reserved_ports not yet allowed", 26,
                        "spec: {securityContext: {sysctls: [{name: net.ipv4.ip_local_reserved_ports, value: '1'}]}}",
                        "forbidden sysctls", "net.ipv4.ip_local_reserved_ports"),
                allowed("v1.27: ip_local_reserved_ports allowed", 27,
                        "spec: {securityContext: {sysctls: [{name: net.ipv4.ip_local_reserved_ports, value: '1'}]}}"),
                row("v1.28: tcp_keepalive_time not yet allowed", 28,
                        "spec: {securityContext: {sysctls: [{name: net.ipv4.tcp_keepalive_time, value: '1'}]}}",
                        "forbidden sysctls", "net.ipv4.tcp_keepalive_time"),
                allowed("v1.29: keepalive and fin_timeout allowed", 29,
                        "spec: {securityContext: {sysctls: [{name: net.ipv4.tcp_keepalive_time, value: '1'}, {name: net.ipv4.tcp_fin_timeout, value: '1'}, {name: net.ipv4.tcp_keepalive_intvl, value: '1'}, {name: net.ipv4.tcp_keepalive_probes, value: '1'}]}}"),
                row("v1.31: tcp_rmem not yet allowed", 31,
                        "spec: {securityContext: {sysctls: [{name: net.ipv4.tcp_rmem, value: '1'}]}}",
                        "forbidden sysctls", "net.ipv4.tcp_rmem"),
                allowed("v1.32: tcp_rmem and tcp_wmem allowed", 32,
                        "spec: {securityContext: {sysctls: [{name: net.ipv4.tcp_rmem, value: '1'}, {name: net.ipv4.tcp_wmem, value: '1'}]}}"),
                row("v1.36: tcp_notsent_lowat not yet allowed", 36,
                        "spec: {securityContext: {sysctls: [{name: net.ipv4.tcp_notsent_lowat, value: '1'}]}}",
                        "forbidden sysctls", "net.ipv4.tcp_notsent_lowat"),
                allowed("v1.37: slow_start_after_idle and notsent_lowat allowed", 37,
                        "spec: {securityContext: {sysctls: [{name: net.ipv4.tcp_slow_start_after_idle, value: '0'}, {name: net.ipv4.tcp_notsent_lowat, value: '1'}]}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void windowsHostProcess(String behaviour, int minor, String pod, String reason, String detail) {
        CheckTables.assertCheck("windowsHostProcess", minor, pod, reason, detail);
    }

    static Stream<Arguments> windowsHostProcess() {
        return Stream.of(
                allowed("hostProcess false is allowed", 0,
                        "spec: {securityContext: {windowsOptions: {hostProcess: false}}, containers: [{name: a, securityContext: {windowsOptions: {hostProcess: false}}}]}"),
                row("pod only", 0, "spec: {securityContext: {windowsOptions: {hostProcess: true}}, containers: [{name: a}]}",
                        "hostProcess", "pod must not set securityContext.windowsOptions.hostProcess=true"),
                row("pod and two containers", 0,
                        "spec: {securityContext: {windowsOptions: {hostProcess: true}}, containers: [{name: a, securityContext: {windowsOptions: {hostProcess: true}}}, {name: b, securityContext: {windowsOptions: {hostProcess: true}}}]}",
                        "hostProcess", "pod and containers \"a\", \"b\" must not set securityContext.windowsOptions.hostProcess=true"));
    }
}
