package dev.gatehouse.policy.vap;

import dev.gatehouse.policy.constraint.ConstraintLoader;
import dev.gatehouse.policy.constraint.LoadError;
import dev.gatehouse.policy.constraint.LoadedConstraints;
import dev.gatehouse.policy.constraint.engine.ConstraintEngine;
import dev.gatehouse.policy.document.ManifestReader;
import dev.gatehouse.policy.document.ManifestSet;
import dev.gatehouse.policy.review.ClusterState;
import dev.gatehouse.policy.review.GroupVersionKind;
import dev.gatehouse.policy.review.GroupVersionResource;
import dev.gatehouse.policy.review.Operation;
import dev.gatehouse.policy.review.Review;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Builds policies, engines and reviews from YAML for the VAP tests. */
final class VapFixtures {
    static final YAMLMapper YAML = YAMLMapper.builder().build();

    private VapFixtures() {}

    static JsonNode yaml(String text) {
        return YAML.readTree(text);
    }

    static LoadedConstraints load(String yaml) {
        ManifestSet set = ManifestReader.readString("test.yaml", yaml);
        return ConstraintLoader.load(set);
    }

    /** An engine over the YAML; fails the test when anything did not load. */
    static ConstraintEngine engine(String yaml) {
        return engine(yaml, dev.gatehouse.policy.cluster.StaticClusterState.EMPTY);
    }

    static ConstraintEngine engine(String yaml, ClusterState clusterState) {
        LoadedConstraints loaded = load(yaml);
        if (!loaded.errors().isEmpty()) {
            throw new AssertionError("load errors: " + loaded.errors());
        }
        return ConstraintEngine.builder().load(loaded).clusterState(clusterState).build();
    }

    static List<String> errors(String yaml) {
        List<String> out = new ArrayList<>();
        for (LoadError e : load(yaml).errors()) {
            out.add(e.field() + ": " + e.message());
        }
        return out;
    }

    static Review create(String objectYaml) {
        return review(Operation.CREATE, yaml(objectYaml), null);
    }

    static Review review(Operation operation, JsonNode object, JsonNode oldObject) {
        JsonNode any = object != null ? object : oldObject;
        String apiVersion = any.path("apiVersion").asString("");
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
        String kind = any.path("kind").asString("");
        String plural = kind.toLowerCase(Locale.ROOT) + "s";
        return new Review("uid", new GroupVersionKind(group, version, kind),
                new GroupVersionResource(group, version, plural), "", any.path("metadata").path("name").asString(""),
                any.path("metadata").path("namespace").asString(""), operation,
                new Review.UserInfo("alice", "", List.of("devs"), null), object, oldObject, false);
    }
}
