package dev.gatehouse.rego;

import java.util.List;
import java.util.stream.Collectors;

/** Parse, compile or evaluation failure carrying one or more {@link RegoError}s. */
public class RegoException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<RegoError> errors;

    public RegoException(List<RegoError> errors) {
        super(render(errors), null, false, false);
        this.errors = List.copyOf(errors);
    }

    public RegoException(RegoError error) {
        this(List.of(error));
    }

    public List<RegoError> errors() {
        return errors;
    }

    /** The code of the first error. */
    public RegoError.Code code() {
        return errors.get(0).code();
    }

    private static String render(List<RegoError> errors) {
        if (errors.size() == 1) {
            return errors.get(0).toString();
        }
        return errors.size() + " errors occurred:\n"
                + errors.stream().map(RegoError::toString).collect(Collectors.joining("\n"));
    }
}
