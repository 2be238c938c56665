package dev.gatehouse.policy.cel;

import com.google.re2j.Pattern;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A named string format of Kubernetes' format library, with the validation messages of k8s.io/apimachinery
 * ({@code IsDNS1123Label}, {@code IsQualifiedName}, ...) and kube-openapi's strfmt. Immutable, thread-safe.
 *
 * @param name the format's display name, e.g. {@code DNS1123Label}
 * @param validator returns the validation errors, empty when the string is valid
 */
record NamedFormat(String name, Function<String, List<String>> validator) {

  private static final String DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final String DNS1123_LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case "
      + "alphanumeric characters or '-', and must start and end with an alphanumeric character";
  private static final String DNS1123_SUBDOMAIN_FMT = DNS1123_LABEL_FMT + "(\\." + DNS1123_LABEL_FMT + ")*";
  private static final String DNS1123_SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case "
      + "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
  private static final String DNS1035_LABEL_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?";
  private static final String DNS1035_LABEL_MSG = "a DNS-1035 label must consist of lower case alphanumeric "
      + "characters or '-', start with an alphabetic character, and end with an alphanumeric character";
  private static final String QUALIFIED_NAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
  private static final String QUALIFIED_NAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and "
      + "must start and end with an alphanumeric character";
  private static final String LABEL_VALUE_FMT = "(" + QUALIFIED_NAME_FMT + ")?";
  private static final String LABEL_VALUE_MSG = "a valid label must be an empty string or consist of alphanumeric "
      + "characters, '-', '_' or '.', and must start and end with an alphanumeric character";

  private static final Pattern DNS1123_LABEL = anchored(DNS1123_LABEL_FMT);
  private static final Pattern DNS1123_SUBDOMAIN = anchored(DNS1123_SUBDOMAIN_FMT);
  private static final Pattern DNS1035_LABEL = anchored(DNS1035_LABEL_FMT);
  private static final Pattern QUALIFIED_NAME = anchored(QUALIFIED_NAME_FMT);
  private static final Pattern LABEL_VALUE = anchored(LABEL_VALUE_FMT);
  private static final Pattern UUID = Pattern.compile(
      "(?i)(^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$)|(^[0-9a-f]{32}$)");
  private static final Pattern DATE_TIME_TAIL = Pattern.compile(
      "^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$");
  private static final DateTimeFormatter FULL_DATE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);

  /** The formats by the names CEL uses ({@code format.named(name)}, {@code format.<name>()}), in Kubernetes' order. */
  static final Map<String, NamedFormat> ALL = all();

  private static Map<String, NamedFormat> all() {
    Map<String, NamedFormat> m = new LinkedHashMap<>();
    m.put("dns1123Label", new NamedFormat("DNS1123Label", s -> dns1123Label(s, false)));
    m.put("dns1123Subdomain", new NamedFormat("DNS1123Subdomain", s -> dns1123Subdomain(s, false)));
    m.put("dns1035Label", new NamedFormat("DNS1035Label", s -> dns1035Label(s, false)));
    m.put("qualifiedName", new NamedFormat("QualifiedName", NamedFormat::qualifiedName));
    m.put("dns1123LabelPrefix", new NamedFormat("DNS1123LabelPrefix", s -> dns1123Label(s, true)));
    m.put("dns1123SubdomainPrefix", new NamedFormat("DNS1123SubdomainPrefix", s -> dns1123Subdomain(s, true)));
    m.put("dns1035LabelPrefix", new NamedFormat("DNS1035LabelPrefix", s -> dns1035Label(s, true)));
    m.put("labelValue", new NamedFormat("LabelValue", NamedFormat::labelValue));
    m.put("uri", new NamedFormat("URI", NamedFormat::uri));
    m.put("uuid", new NamedFormat("uuid", s -> UUID.matcher(s).find() ? List.of()
        : List.of("does not match the UUID format")));
    m.put("byte", new NamedFormat("byte", s -> isBase64(s) ? List.of() : List.of("invalid base64")));
    m.put("date", new NamedFormat("date", s -> isDate(s) ? List.of() : List.of("invalid date")));
    m.put("datetime", new NamedFormat("datetime", s -> isDateTime(s) ? List.of() : List.of("invalid datetime")));
    return java.util.Collections.unmodifiableMap(m);
  }

  List<String> validate(String value) {
    return validator.apply(value);
  }

  private static Pattern anchored(String fmt) {
    return Pattern.compile("^" + fmt + "$");
  }

  /** Kubernetes' RegexError: the message, examples, and the regular expression. */
  private static String regexError(String msg, String fmt, String... examples) {
    if (examples.length == 0) {
      return msg + " (regex used for validation is '" + fmt + "')";
    }
    StringBuilder b = new StringBuilder(msg).append(" (e.g. ");
    for (int i = 0; i < examples.length; i++) {
      if (i > 0) {
        b.append(" or ");
      }
      b.append('\'').append(examples[i]).append("', ");
    }
    return b.append("regex used for validation is '").append(fmt).append("')").toString();
  }

  private static String maxLenError(int length) {
    return "must be no more than " + length + " characters";
  }

  /** apimachinery's maskTrailingDash: a generateName prefix may end with '-'. */
  private static String maskTrailingDash(String name) {
    if (name.length() > 1 && name.endsWith("-")) {
      return name.substring(0, name.length() - 2) + "a";
    }
    return name;
  }

  private static List<String> dns1123Label(String value, boolean prefix) {
    String v = prefix ? maskTrailingDash(value) : value;
    List<String> errs = new ArrayList<>();
    if (v.length() > 63) {
      errs.add(maxLenError(63));
    }
    if (!DNS1123_LABEL.matcher(v).matches()) {
      errs.add(regexError(DNS1123_LABEL_MSG, DNS1123_LABEL_FMT, "my-name", "123-abc"));
    }
    return errs;
  }

  private static List<String> dns1123Subdomain(String value, boolean prefix) {
    String v = prefix ? maskTrailingDash(value) : value;
    List<String> errs = new ArrayList<>();
    if (v.length() > 253) {
      errs.add(maxLenError(253));
    }
    if (!DNS1123_SUBDOMAIN.matcher(v).matches()) {
      errs.add(regexError(DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, "example.com"));
    }
    return errs;
  }

  private static List<String> dns1035Label(String value, boolean prefix) {
    String v = prefix ? maskTrailingDash(value) : value;
    List<String> errs = new ArrayList<>();
    if (v.length() > 63) {
      errs.add(maxLenError(63));
    }
    if (!DNS1035_LABEL.matcher(v).matches()) {
      errs.add(regexError(DNS1035_LABEL_MSG, DNS1035_LABEL_FMT, "my-name", "abc-123"));
    }
    return errs;
  }

  private static List<String> qualifiedName(String value) {
    List<String> errs = new ArrayList<>();
    String[] parts = value.split("/", -1);
    String name;
    if (parts.length == 1) {
      name = parts[0];
    } else if (parts.length == 2) {
      String prefix = parts[0];
      name = parts[1];
      if (prefix.isEmpty()) {
        errs.add("prefix part must be non-empty");
      } else {
        for (String msg : dns1123Subdomain(prefix, false)) {
          errs.add("prefix part " + msg);
        }
      }
    } else {
      errs.add("a qualified name " + regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name",
          "123-abc") + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
      return errs;
    }
    if (name.isEmpty()) {
      errs.add("name part must be non-empty");
    } else if (name.length() > 63) {
      errs.add("name part " + maxLenError(63));
    }
    if (!QUALIFIED_NAME.matcher(name).matches()) {
      errs.add("name part " + regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc"));
    }
    return errs;
  }

  private static List<String> labelValue(String value) {
    List<String> errs = new ArrayList<>();
    if (value.length() > 63) {
      errs.add(maxLenError(63));
    }
    if (!LABEL_VALUE.matcher(value).matches()) {
      errs.add(regexError(LABEL_VALUE_MSG, LABEL_VALUE_FMT, "MyValue", "my_value", "12345"));
    }
    return errs;
  }

  private static List<String> uri(String value) {
    try {
      GoUrl.parseRequestUri(value);
      return List.of();
    } catch (IllegalArgumentException e) {
      return List.of(e.getMessage());
    }
  }

  /** Go's base64.StdEncoding.DecodeString, which skips CR and LF and requires padding. */
  private static boolean isBase64(String s) {
    String t = s.replace("\r", "").replace("\n", "");
    if (t.length() % 4 != 0) {
      return false;
    }
    try {
      Base64.getDecoder().decode(t);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean isDate(String s) {
    try {
      LocalDate.parse(s, FULL_DATE);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /** strfmt.IsDateTime: a valid date, a 't', then hh:mm:ss[.frac] and z or an offset. */
  private static boolean isDateTime(String s) {
    if (s.length() < 4) {
      return false;
    }
    String[] parts = s.toLowerCase(java.util.Locale.ROOT).split("t", -1);
    if (parts.length < 2 || !isDate(parts[0])) {
      return false;
    }
    com.google.re2j.Matcher m = DATE_TIME_TAIL.matcher(parts[1]);
    if (!m.find()) {
      return false;
    }
    return m.group(1).compareTo("23") <= 0 && m.group(2).compareTo("59") <= 0 && m.group(3).compareTo("59") <= 0;
  }
}
