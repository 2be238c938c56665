package dev.gatehouse.server.admission;

import java.util.Optional;

/** The AdmissionReview API versions the webhook accepts; a response always carries the request's version. */
public enum AdmissionApiVersion {
    V1("admission.k8s.io/v1"),
    V1BETA1("admission.k8s.io/v1beta1");

    private final String apiVersion;

    AdmissionApiVersion(String apiVersion) {
        this.apiVersion = apiVersion;
    }

    /** The {@code apiVersion} string as it appears in the document. */
    public String apiVersion() {
        return apiVersion;
    }

    static Optional<AdmissionApiVersion> parse(String apiVersion) {
        for (AdmissionApiVersion v : values()) {
            if (v.apiVersion.equals(apiVersion)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
