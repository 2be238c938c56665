package dev.gatehouse.policy.cel;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import java.util.ArrayList;
import java.util.List;

/**
 * Kubernetes' regex library ({@code kubernetes.regex}): {@code s.find(re)} returns the first match or {@code ''};
 * {@code s.findAll(re)} and {@code s.findAll(re, n)} return the successive non-overlapping matches (all of them
 * when {@code n < 0}, none when {@code n == 0}).
 *
 * <p>RE2 semantics through re2j, linear in the input; an empty match right after a previous match is skipped, as Go's
 * {@code FindAllString} does. A bad pattern fails with {@code Illegal regex: error parsing regexp: ...}.
 */
final class RegexLibrary implements KubernetesCelLibrary {
  private static final ListType LIST_STRING = ListType.create(SimpleType.STRING);

  // Declared after the static types the overloads use: class initialisation runs in textual order.
  static final RegexLibrary INSTANCE = new RegexLibrary();

  private final List<LibraryOverload> overloads = List.of(
      LibraryOverload.member("find", "string_find_string", SimpleType.STRING, SimpleType.STRING,
          SimpleType.STRING, String.class, String.class, RegexLibrary::find),
      LibraryOverload.member("findAll", "string_find_all_string", LIST_STRING, SimpleType.STRING,
          SimpleType.STRING, String.class, String.class, (s, re) -> findAll(s, re, -1)),
      LibraryOverload.ofArity("findAll", "string_find_all_string_int", true, LIST_STRING,
          List.of(SimpleType.STRING, SimpleType.STRING, SimpleType.INT),
          List.of(String.class, String.class, Long.class),
          args -> findAll((String) args[0], (String) args[1], (Long) args[2])));

  private RegexLibrary() {}

  @Override
  public String name() {
    return "kubernetes.regex";
  }

  @Override
  public List<LibraryOverload> overloads() {
    return overloads;
  }

  /**
   * Kubernetes' runtime cost of a regex call: a tenth of a unit per input character, times a quarter of the
   * pattern length (RE2 runs in time linear in both).
   */
  private static void charge(String s, String regex) {
    CompiledExpression.chargeCurrent((long) Math.ceil((1 + s.length()) * 0.1 * Math.max(1, regex.length() * 0.25)));
  }

  static Pattern compile(String regex) throws CelEvaluationException {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw CelOperations.error("Illegal regex: " + e.getMessage());
    }
  }

  private static Object find(String s, String regex) throws CelEvaluationException {
    charge(s, regex);
    Matcher m = compile(regex).matcher(s);
    return m.find() ? m.group() : "";
  }

  private static Object findAll(String s, String regex, long n) throws CelEvaluationException {
    charge(s, regex);
    Pattern pattern = compile(regex);
    List<String> result = new ArrayList<>();
    if (n == 0) {
      return result;
    }
    Matcher m = pattern.matcher(s);
    int pos = 0;
    int previousEnd = -1;
    while ((n < 0 || result.size() < n) && pos <= s.length() && m.find(pos)) {
      boolean accept = true;
      if (m.end() == pos) {
        // An empty match right after the previous match is not a new match (Go's allMatches).
        if (m.start() == previousEnd) {
          accept = false;
        }
        pos = pos < s.length() ? pos + Character.charCount(s.codePointAt(pos)) : s.length() + 1;
      } else {
        pos = m.end();
      }
      previousEnd = m.end();
      if (accept) {
        result.add(m.group());
      }
    }
    return result;
  }
}
