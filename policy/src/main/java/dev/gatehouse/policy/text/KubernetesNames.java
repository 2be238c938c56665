package dev.gatehouse.policy.text;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Kubernetes name validation (RFC 1123 labels and subdomains) with apimachinery's exact messages: namespace names
 * are labels; runtime class, object and policy names are subdomains. Stateless and thread-safe.
 */
public final class KubernetesNames {

    private static final String LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final String SUBDOMAIN_FMT = LABEL_FMT + "(\\." + LABEL_FMT + ")*";
    private static final Pattern LABEL = Pattern.compile("^" + LABEL_FMT + "$");
    private static final Pattern SUBDOMAIN = Pattern.compile("^" + SUBDOMAIN_FMT + "$");
    private static final int LABEL_MAX = 63;
    private static final int SUBDOMAIN_MAX = 253;

    private static final String LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case alphanumeric "
            + "characters or '-', and must start and end with an alphanumeric character";
    private static final String SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case "
            + "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";

    private KubernetesNames() {}

    /** Problems with a namespace name (an RFC 1123 label); empty when valid. */
    public static List<String> labelErrors(String value) {
        List<String> errors = new ArrayList<>(2);
        if (value.length() > LABEL_MAX) {
            errors.add(maxLength(LABEL_MAX));
        }
        if (!LABEL.matcher(value).matches()) {
            if (SUBDOMAIN.matcher(value).matches()) {
                // A valid subdomain within the length limit that is not a label can only have dots.
                errors.add("must not contain dots");
            } else {
                errors.add(regexError(LABEL_MSG, LABEL_FMT, "my-name", "123-abc"));
            }
        }
        return errors;
    }

    /** Problems with a runtime class name (an RFC 1123 subdomain); empty when valid. */
    public static List<String> subdomainErrors(String value) {
        List<String> errors = new ArrayList<>(2);
        if (value.length() > SUBDOMAIN_MAX) {
            errors.add(maxLength(SUBDOMAIN_MAX));
        }
        if (!SUBDOMAIN.matcher(value).matches()) {
            errors.add(regexError(SUBDOMAIN_MSG, SUBDOMAIN_FMT, "example.com"));
        }
        return errors;
    }

    private static String maxLength(int length) {
        return "must be no more than " + length + " characters";
    }

    /**
     * apimachinery's message for a value that does not match a format, with examples of values that do; its wording,
     * including the doubled space it produces before a second example.
     */
    public static String regexError(String msg, String fmt, String... examples) {
        StringBuilder out = new StringBuilder(msg).append(" (e.g. ");
        for (int i = 0; i < examples.length; i++) {
            if (i > 0) {
                out.append(" or ");
            }
            out.append('\'').append(examples[i]).append("', ");
        }
        return out.append("regex used for validation is '").append(fmt).append("')").toString();
    }
}
