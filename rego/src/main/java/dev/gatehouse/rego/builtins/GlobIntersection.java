package dev.gatehouse.rego.builtins;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides whether two "regex globs" can match a common string, as {@code regex.globs_match} (OPA uses
 * yashtewari/glob-intersection). A glob is a sequence of tokens — a literal, an escaped literal, {@code .} (any
 * character) or a class {@code [a-z0-9]} — each optionally followed by {@code *} or {@code +}. Both globs become
 * small automata and the product automaton is searched for an accepting path: linear in the product of their
 * sizes. Stateless.
 */
final class GlobIntersection {
    private GlobIntersection() {}

    /** A set of characters: any character, or a union of inclusive ranges. */
    private record CharSet(boolean any, List<int[]> ranges) {
        boolean intersects(CharSet o) {
            if (any || o.any) {
                return (any || !ranges.isEmpty()) && (o.any || !o.ranges.isEmpty());
            }
            for (int[] a : ranges) {
                for (int[] b : o.ranges) {
                    if (a[0] <= b[1] && b[0] <= a[1]) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /** One token; {@code star} means zero or more repetitions. */
    private record Token(CharSet chars, boolean star) {}

    static boolean nonEmpty(String g1, String g2) {
        List<Token> a = tokenize(g1);
        List<Token> b = tokenize(g2);
        Set<Long> seen = new HashSet<>();
        ArrayDeque<int[]> queue = new ArrayDeque<>();
        queue.add(new int[] {0, 0});
        while (!queue.isEmpty()) {
            int[] s = queue.poll();
            int i = s[0];
            int j = s[1];
            if (!seen.add(((long) i << 32) | j)) {
                continue;
            }
            if (i == a.size() && j == b.size()) {
                return true;
            }
            // Skip a starred token on either side (zero repetitions).
            if (i < a.size() && a.get(i).star()) {
                queue.add(new int[] {i + 1, j});
            }
            if (j < b.size() && b.get(j).star()) {
                queue.add(new int[] {i, j + 1});
            }
            if (i < a.size() && j < b.size() && a.get(i).chars().intersects(b.get(j).chars())) {
                // Consume one common character; a starred token may stay where it is.
                int ni = a.get(i).star() ? i : i + 1;
                int nj = b.get(j).star() ? j : j + 1;
                queue.add(new int[] {ni, nj});
                if (a.get(i).star() && !b.get(j).star()) {
                    queue.add(new int[] {i + 1, nj});
                }
                if (b.get(j).star() && !a.get(i).star()) {
                    queue.add(new int[] {ni, j + 1});
                }
                queue.add(new int[] {i + 1, j + 1});
            }
        }
        return false;
    }

    private static BuiltinException invalid(String input, int pos, String what) {
        return BuiltinException.builtinError("input:" + input + ", pos:" + pos + ", " + what
                + ": the input provided is invalid");
    }

    private static List<Token> tokenize(String g) {
        List<Token> out = new ArrayList<>();
        int[] cps = Text.codePoints(g);
        int i = 0;
        while (i < cps.length) {
            int c = cps[i];
            CharSet set;
            switch (c) {
                case '.' -> {
                    set = new CharSet(true, List.of());
                    i++;
                }
                case '\\' -> {
                    if (i + 1 >= cps.length) {
                        throw invalid(g, i + 1, "escape '\\' with no following character");
                    }
                    set = single(cps[i + 1]);
                    i += 2;
                }
                case '[' -> {
                    List<int[]> ranges = new ArrayList<>();
                    int k = i + 1;
                    boolean closed = false;
                    while (k < cps.length) {
                        int x = cps[k];
                        if (x == ']') {
                            closed = true;
                            break;
                        }
                        if (x == '\\' && k + 1 < cps.length) {
                            x = cps[++k];
                        }
                        if (k + 2 < cps.length && cps[k + 1] == '-' && cps[k + 2] != ']') {
                            int hi = cps[k + 2];
                            if (hi == '\\' && k + 3 < cps.length) {
                                hi = cps[k + 3];
                                k++;
                            }
                            ranges.add(new int[] {x, hi});
                            k += 3;
                        } else {
                            ranges.add(new int[] {x, x});
                            k++;
                        }
                    }
                    if (!closed) {
                        throw invalid(g, i + 1, "set-open '[' with no following ']'");
                    }
                    set = new CharSet(false, ranges);
                    i = k + 1;
                }
                case ']' -> throw invalid(g, i + 1, "set-close ']' with no preceding '['");
                case '*', '+' -> throw invalid(g, i + 1, "modifier '" + (char) c + "' with no preceding character");
                default -> {
                    set = single(c);
                    i++;
                }
            }
            if (i < cps.length && cps[i] == '*') {
                out.add(new Token(set, true));
                i++;
            } else if (i < cps.length && cps[i] == '+') {
                out.add(new Token(set, false));
                out.add(new Token(set, true));
                i++;
            } else {
                out.add(new Token(set, false));
            }
        }
        return out;
    }

    private static CharSet single(int c) {
        List<int[]> r = new ArrayList<>();
        r.add(new int[] {c, c});
        return new CharSet(false, r);
    }
}
