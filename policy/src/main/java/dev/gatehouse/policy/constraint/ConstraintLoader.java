package dev.gatehouse.policy.constraint;

import dev.gatehouse.policy.constraint.expansion.Expander;
import dev.gatehouse.policy.constraint.expansion.ExpansionTemplate;
import dev.gatehouse.policy.constraint.expansion.ExpansionTemplateParser;
import dev.gatehouse.policy.document.Manifest;
import dev.gatehouse.policy.document.ManifestError;
import dev.gatehouse.policy.document.ManifestSet;
import dev.gatehouse.policy.vap.LoadedPolicies;
import dev.gatehouse.policy.vap.VapLoader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Loads templates and constraints from manifests: templates first (so constraints may come before their template
 * in the input), then constraints of the kinds they define, and ExpansionTemplates (checked for cycles between them). Every bad document becomes a {@link LoadError} naming
 * file, line, object and field; loading goes on with the rest. Constraints of a kind no valid template defines,
 * duplicate template kinds and duplicate constraint names are errors too. ValidatingAdmissionPolicies and their
 * bindings are loaded alongside ({@link VapLoader}).
 *
 * <p>Stateless and thread-safe.
 */
public final class ConstraintLoader {
    private ConstraintLoader() {}

    /** Loads everything {@code manifests} holds; reader errors are carried over. */
    public static LoadedConstraints load(ManifestSet manifests) {
        List<LoadError> errors = new ArrayList<>();
        for (ManifestError e : manifests.errors()) {
            errors.add(new LoadError(e.source(), e.line(), "", "", e.message()));
        }
        Map<String, ConstraintTemplate> byKind = new HashMap<>();
        List<ConstraintTemplate> templates = new ArrayList<>();
        Set<String> failedKinds = new HashSet<>();
        for (Manifest m : manifests.manifests()) {
            if (!TemplateParser.isTemplate(m.object())) {
                continue;
            }
            try {
                ConstraintTemplate t = TemplateParser.parse(m.object());
                if (byKind.containsKey(t.kind())) {
                    errors.add(new LoadError(m.source(), m.line(), t.describe(), "spec.crd.spec.names.kind",
                            "kind " + t.kind() + " is already defined by " + byKind.get(t.kind()).describe()));
                    continue;
                }
                byKind.put(t.kind(), t);
                templates.add(t);
            } catch (ConstraintException e) {
                failedKinds.add(m.object().path("spec").path("crd").path("spec").path("names").path("kind")
                        .asString(""));
                errors.add(new LoadError(m.source(), m.line(), "ConstraintTemplate/" + m.name(), e.field(),
                        e.getMessage()));
            }
        }
        List<Constraint> constraints = new ArrayList<>();
        List<JsonNode> others = new ArrayList<>();
        Set<String> names = new HashSet<>();
        // By identity: two identical templates in two files are a duplicate, not one template.
        List<ExpansionTemplate> expansions = new ArrayList<>();
        Map<ExpansionTemplate, Manifest> expansionSources = new IdentityHashMap<>();
        for (Manifest m : manifests.manifests()) {
            JsonNode object = m.object();
            if (TemplateParser.isTemplate(object)) {
                continue;
            }
            if (VapLoader.isVapObject(object)) {
                continue;
            }
            if (ExpansionTemplateParser.isExpansionTemplate(object)) {
                try {
                    ExpansionTemplate t = ExpansionTemplateParser.parse(object);
                    expansions.add(t);
                    expansionSources.put(t, m);
                } catch (ConstraintException e) {
                    errors.add(new LoadError(m.source(), m.line(), "ExpansionTemplate/" + m.name(), e.field(),
                            e.getMessage()));
                }
                continue;
            }
            if (!ConstraintParser.isConstraint(object)) {
                others.add(object);
                continue;
            }
            String described = m.kind() + "/" + m.name();
            ConstraintTemplate template = byKind.get(m.kind());
            if (template == null) {
                errors.add(new LoadError(m.source(), m.line(), described, "kind", failedKinds.contains(m.kind())
                        ? "the ConstraintTemplate defining kind " + m.kind() + " is invalid"
                        : "no ConstraintTemplate defines kind " + m.kind()));
                continue;
            }
            try {
                Constraint c = ConstraintParser.parse(object, template);
                if (!names.add(c.kind() + "/" + c.name())) {
                    errors.add(new LoadError(m.source(), m.line(), described, "metadata.name",
                            "Duplicate value: another " + c.kind() + " has this name"));
                    continue;
                }
                constraints.add(c);
            } catch (ConstraintException e) {
                errors.add(new LoadError(m.source(), m.line(), described, e.field(), e.getMessage()));
            }
        }
        // Duplicates and cycles are found here too, so that their errors name the file and line.
        Expander expander = Expander.of(expansions);
        for (Expander.Rejection r : expander.rejected()) {
            Manifest m = expansionSources.get(r.template());
            errors.add(new LoadError(m.source(), m.line(), r.template().describe(), "", r.message()));
        }
        LoadedPolicies admissionPolicies = VapLoader.load(manifests.manifests(), errors);
        return new LoadedConstraints(templates, constraints, others, errors, expander.templates(), admissionPolicies);
    }
}
