package dev.gatehouse.policy.review;

/** The admission operation, as AdmissionReview spells it. */
public enum Operation {
    CREATE, UPDATE, DELETE, CONNECT
}
