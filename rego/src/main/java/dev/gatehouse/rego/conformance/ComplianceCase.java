package dev.gatehouse.rego.conformance;

import dev.gatehouse.rego.value.Value;
import java.util.List;

/**
 * One case of OPA's compliance suite (fields of OPA's {@code cases.TestCase} the runner uses).
 *
 * @param file          path of the YAML file relative to the version folder
 * @param note          the case's name
 * @param query         query text (a body)
 * @param modules       module sources, named {@code test-N.rego}
 * @param data          base data or null
 * @param input         input or null
 * @param inputTerm     input as Rego term text (wins over input) or null
 * @param wantResult    expected rows (null when not given; empty = undefined)
 * @param wantError     expected error substring or null
 * @param wantErrorCode expected error code or null
 * @param strictError   strict builtin errors
 * @param sortBindings  sort array bindings before comparing
 * @param ignoreGeneratedVars drop {@code __localq*} bindings
 */
public record ComplianceCase(
        String file,
        String note,
        String query,
        List<String> modules,
        Value data,
        Value input,
        String inputTerm,
        List<Value> wantResult,
        String wantError,
        String wantErrorCode,
        boolean strictError,
        boolean sortBindings,
        boolean ignoreGeneratedVars) {

    /** The folder (category) the case came from. */
    public String category() {
        int i = file.indexOf('/');
        return i < 0 ? "" : file.substring(0, i);
    }
}
