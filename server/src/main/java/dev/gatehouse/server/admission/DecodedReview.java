package dev.gatehouse.server.admission;

import dev.gatehouse.policy.review.Review;
import java.util.Objects;

/** A decoded AdmissionReview: the request and the API version its response must carry. */
public record DecodedReview(AdmissionApiVersion apiVersion, Review review) {
    public DecodedReview {
        Objects.requireNonNull(apiVersion, "apiVersion");
        Objects.requireNonNull(review, "review");
    }
}
