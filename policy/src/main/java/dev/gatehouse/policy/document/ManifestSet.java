package dev.gatehouse.policy.document;

import java.util.List;

/** What {@link ManifestReader} read: the objects, in input order, and the documents it could not read. */
public record ManifestSet(List<Manifest> manifests, List<ManifestError> errors) {
    public ManifestSet {
        manifests = List.copyOf(manifests);
        errors = List.copyOf(errors);
    }
}
