package dev.gatehouse.policy.podsecurity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.ReplicationControllerBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Finding the evaluated pod in a Pod or in each controller's pod template, as fabric8 objects and as JSON. */
class PodSpecsTest {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private static PodTemplateSpec template() {
        return new PodTemplateSpecBuilder()
                .withNewMetadata().addToAnnotations("marker", "template").endMetadata()
                .withNewSpec().addNewContainer().withName("templated").endContainer().endSpec()
                .build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void fabric8Object_yieldsItsPodTemplate(String kind, HasMetadata object) {
        PodMetadataAndSpec pod = PodSpecs.of(object).orElseThrow();

        assertThat(pod.metadata().getAnnotations()).containsEntry("marker", "template");
        assertThat(pod.spec().getContainers()).extracting(c -> c.getName()).containsExactly("templated");
    }

    static Stream<Arguments> fabric8Object_yieldsItsPodTemplate() {
        return Stream.of(
                Arguments.of("Pod", new PodBuilder().withMetadata(template().getMetadata()).withSpec(template().getSpec()).build()),
                Arguments.of("ReplicationController", new ReplicationControllerBuilder().withNewSpec().withTemplate(template()).endSpec().build()),
                Arguments.of("PodTemplate", new PodTemplateBuilder().withTemplate(template()).build()),
                Arguments.of("ReplicaSet", new ReplicaSetBuilder().withNewSpec().withTemplate(template()).endSpec().build()),
                Arguments.of("Deployment", new DeploymentBuilder().withNewSpec().withTemplate(template()).endSpec().build()),
                Arguments.of("StatefulSet", new StatefulSetBuilder().withNewSpec().withTemplate(template()).endSpec().build()),
                Arguments.of("DaemonSet", new DaemonSetBuilder().withNewSpec().withTemplate(template()).endSpec().build()),
                Arguments.of("Job", new JobBuilder().withNewSpec().withTemplate(template()).endSpec().build()),
                Arguments.of("CronJob", new CronJobBuilder().withNewSpec().withNewJobTemplate().withNewSpec()
                        .withTemplate(template()).endSpec().endJobTemplate().endSpec().build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void jsonObject_yieldsItsPodTemplate(String kind, String yaml) {
        JsonNode node = YAML.readTree(yaml);

        PodMetadataAndSpec pod = PodSpecs.of(kind, node).orElseThrow();

        assertThat(pod.metadata().getAnnotations()).containsEntry("marker", "template");
        assertThat(pod.spec().getContainers()).extracting(c -> c.getName()).containsExactly("templated");
    }

    static Stream<Arguments> jsonObject_yieldsItsPodTemplate() {
        String template = "{metadata: {annotations: {marker: template}}, spec: {containers: [{name: templated}]}}";
        return Stream.of(
                Arguments.of("Pod", "kind: Pod\nmetadata: {annotations: {marker: template}}\nspec: {containers: [{name: templated}]}"),
                Arguments.of("ReplicationController", "spec: {template: " + template + "}"),
                Arguments.of("PodTemplate", "template: " + template),
                Arguments.of("ReplicaSet", "spec: {template: " + template + "}"),
                Arguments.of("Deployment", "spec: {template: " + template + "}"),
                Arguments.of("StatefulSet", "spec: {template: " + template + "}"),
                Arguments.of("DaemonSet", "spec: {template: " + template + "}"),
                Arguments.of("Job", "spec: {template: " + template + "}"),
                Arguments.of("CronJob", "spec: {jobTemplate: {spec: {template: " + template + "}}}"));
    }

    @Test
    void otherKinds_haveNoPod() {
        assertThat(PodSpecs.of(new ConfigMapBuilder().build())).isEmpty();
        assertThat(PodSpecs.of("ConfigMap", YAML.readTree("data: {a: b}"))).isEmpty();
        assertThat(PodSpecs.of((HasMetadata) null)).isEmpty();
    }

    @Test
    void controllerWithoutTemplate_yieldsAnEmptyPod() {
        Optional<PodMetadataAndSpec> fromJson = PodSpecs.of("Deployment", YAML.readTree("spec: {replicas: 1}"));
        Optional<PodMetadataAndSpec> fromFabric8 = PodSpecs.of(new DeploymentBuilder().build());

        assertThat(fromJson).hasValueSatisfying(p -> assertThat(p.spec().getContainers()).isEmpty());
        assertThat(fromFabric8).hasValueSatisfying(p -> assertThat(p.spec().getContainers()).isEmpty());
    }

    @Test
    void malformedTemplate_isRejectedNamingThePath() {
        assertThatThrownBy(() -> PodSpecs.of("CronJob", YAML.readTree("spec: {jobTemplate: {spec: {template: {spec: [1]}}}}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("spec.jobTemplate.spec.template.spec must be an object");
        assertThatThrownBy(() -> PodSpecs.of("Deployment", YAML.readTree("spec: {template: {spec: {hostPID: {no: 1}}}}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("spec.template.spec is malformed: ");
        assertThatThrownBy(() -> PodSpecs.of("Job", YAML.readTree("spec: {template: 3}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("spec.template must be an object");
        assertThatThrownBy(() -> PodSpecs.of("Pod", YAML.readTree("[1, 2]")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a Pod must be an object");
    }
}
