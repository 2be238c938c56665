package dev.gatehouse.rego.builtins;

import dev.gatehouse.rego.value.ArrayValue;
import dev.gatehouse.rego.value.BooleanValue;
import dev.gatehouse.rego.value.NumberValue;
import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.SetValue;
import dev.gatehouse.rego.value.StringValue;
import dev.gatehouse.rego.value.Value;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Network builtins (OPA's {@code cidr.go}, {@code net.go}): CIDR containment, intersection, expansion, merging,
 * validation and DNS lookup (only when the context allows network use). Stateless.
 */
final class NetBuiltins implements BuiltinFamily {

    /** cidr_expand refuses to build sets larger than this many addresses. */
    static final int MAX_EXPAND = 1 << 22;

    private static final Type MATCH_OPERAND = Types.anyOf(Types.STRING,
            Types.arrayOf(Types.anyOf(Types.STRING, Types.ANY_ARRAY)),
            Types.objectOf(Types.STRING, Types.anyOf(Types.STRING, Types.ANY_ARRAY)),
            Types.setOf(Types.anyOf(Types.STRING, Types.ANY_ARRAY)));

    @Override
    public List<Builtin> builtins() {
        return List.of(
                Builtin.of(two("net.cidr_contains").build(), NetBuiltins::contains),
                Builtin.of(two("net.cidr_overlap").deprecated().build(), NetBuiltins::contains),
                Builtin.of(two("net.cidr_intersects").build(), NetBuiltins::intersects),
                Builtin.of(decl("net.cidr_contains_matches").arg("cidrs", MATCH_OPERAND).arg("cidrs_or_ips", MATCH_OPERAND)
                        .result(Types.setOf(Types.ANY_ARRAY)).build(), NetBuiltins::containsMatches),
                Builtin.of(decl("net.cidr_expand").arg("cidr", Types.STRING).result(Types.setOf(Types.STRING)).build(),
                        NetBuiltins::expand),
                Builtin.of(decl("net.cidr_is_valid").arg("cidr", Types.STRING).result(Types.BOOLEAN).build(),
                        NetBuiltins::isValid),
                Builtin.of(decl("net.cidr_merge").arg("addrs", Types.anyOf(Types.arrayOf(Types.STRING),
                        Types.setOf(Types.STRING))).result(Types.setOf(Types.STRING)).build(), NetBuiltins::merge),
                Builtin.of(decl("net.lookup_ip_addr").arg("name", Types.STRING).result(Types.setOf(Types.STRING))
                        .nondeterministic().build(), NetBuiltins::lookup));
    }

    private static BuiltinDecl.Builder decl(String name) {
        return BuiltinDecl.builder(name).category("net");
    }

    private static BuiltinDecl.Builder two(String name) {
        return decl(name).arg("cidr", Types.STRING).arg("cidr_or_ip", Types.STRING).result(Types.BOOLEAN);
    }

    static IpAddresses.Net net(Value v, int pos) {
        return IpAddresses.parseCidr(Operands.string(v, pos));
    }

    static Value contains(BuiltinContext ctx, Value[] a) {
        IpAddresses.Net outer = net(a[0], 1);
        String b = Operands.string(a[1], 1);
        byte[] ip = IpAddresses.parseIp(b);
        if (ip != null) {
            return BooleanValue.of(outer.contains(ip));
        }
        IpAddresses.Net inner;
        try {
            inner = IpAddresses.parseCidr(b);
        } catch (BuiltinException e) {
            throw BuiltinException.builtinError("not a valid textual representation of an IP address or CIDR: " + b);
        }
        if (!outer.contains(widen(inner.ip()))) {
            return BooleanValue.FALSE;
        }
        byte[] last = IpAddresses.fromBigInteger(inner.last(), inner.ip().length);
        return BooleanValue.of(outer.contains(widen(last)));
    }

    /** A network address as the 16-byte form Contains expects. */
    private static byte[] widen(byte[] ip) {
        return ip.length == 4 ? IpAddresses.mapped(ip) : ip;
    }

    static Value intersects(BuiltinContext ctx, Value[] a) {
        IpAddresses.Net x = net(a[0], 1);
        IpAddresses.Net y = net(a[1], 2);
        return BooleanValue.of(x.contains(widen(y.ip())) || y.contains(widen(x.ip())));
    }

    private record Entry(Value cidr, Value index) {}

    private static List<Entry> matchOperand(int pos, Value v) {
        List<Entry> out = new ArrayList<>();
        switch (v) {
            case StringValue s -> out.add(new Entry(s, s));
            case ArrayValue arr -> {
                for (int i = 0; i < arr.size(); i++) {
                    out.add(new Entry(matchTerm(pos, arr.get(i)), NumberValue.of(i)));
                }
            }
            case SetValue set -> {
                for (Value e : set) {
                    out.add(new Entry(matchTerm(pos, e), e));
                }
            }
            case ObjectValue o -> {
                for (int i = 0; i < o.size(); i++) {
                    out.add(new Entry(matchTerm(pos, o.valueAt(i)), o.keyAt(i)));
                }
            }
            default -> { }
        }
        return out;
    }

    private static Value matchTerm(int pos, Value v) {
        if (v instanceof StringValue) {
            return v;
        }
        if (v instanceof ArrayValue arr && !arr.isEmpty()) {
            return arr.get(0);
        }
        throw BuiltinException.builtinError("operand " + pos + ": element must be string or non-empty array");
    }

    static Value containsMatches(BuiltinContext ctx, Value[] a) {
        List<Entry> xs = matchOperand(1, a[0]);
        List<Entry> ys = matchOperand(2, a[1]);
        SetValue.Builder out = SetValue.builder();
        for (Entry x : xs) {
            for (Entry y : ys) {
                if (contains(ctx, new Value[] {x.cidr(), y.cidr()}) == BooleanValue.TRUE) {
                    out.add(ArrayValue.of(x.index(), y.index()));
                }
            }
        }
        return out.build();
    }

    static Value expand(BuiltinContext ctx, Value[] a) {
        IpAddresses.Net n = net(a[0], 1);
        BigInteger count = BigInteger.ONE.shiftLeft(n.bits() - n.prefix());
        if (count.compareTo(BigInteger.valueOf(MAX_EXPAND)) > 0) {
            throw BuiltinException.builtinError("CIDR " + n + " has too many addresses to expand");
        }
        SetValue.Builder out = SetValue.builder();
        BigInteger first = n.first();
        for (long i = 0; i < count.longValue(); i++) {
            if ((i & 0xffff) == 0xffff && ctx != null) {
                ctx.checkCancelled();
            }
            out.add(StringValue.of(IpAddresses.format(IpAddresses.fromBigInteger(first.add(BigInteger.valueOf(i)),
                    n.ip().length))));
        }
        return out.build();
    }

    static Value isValid(BuiltinContext ctx, Value[] a) {
        if (!(a[0] instanceof StringValue s)) {
            return BooleanValue.FALSE;
        }
        try {
            IpAddresses.parseCidr(s.value());
            return BooleanValue.TRUE;
        } catch (BuiltinException e) {
            return BooleanValue.FALSE;
        }
    }

    private record Range(BigInteger first, BigInteger last, IpAddresses.Net network, int length) {}

    static Value merge(BuiltinContext ctx, Value[] a) {
        Iterable<Value> items = switch (a[0]) {
            case ArrayValue arr -> arr;
            case SetValue s -> s;
            default -> throw BuiltinException.builtinError("operand must be an array");
        };
        List<Range> v4 = new ArrayList<>();
        List<Range> v6 = new ArrayList<>();
        for (Value e : items) {
            IpAddresses.Net n = mergeNet(e);
            Range r = new Range(n.first(), n.last(), n, n.ip().length);
            (n.ip().length == 4 ? v4 : v6).add(r);
        }
        SetValue.Builder out = SetValue.builder();
        for (List<Range> family : List.of(v4, v6)) {
            for (Range r : mergeRanges(family)) {
                if (r.network() != null) {
                    out.add(StringValue.of(r.network().toString()));
                } else {
                    for (IpAddresses.Net n : IpAddresses.rangeToCidrs(r.first(), r.last(), r.length())) {
                        out.add(StringValue.of(n.toString()));
                    }
                }
            }
        }
        return out.build();
    }

    /** An element: a CIDR, or a bare IPv4 address with its classful default mask (as Go's DefaultMask). */
    private static IpAddresses.Net mergeNet(Value e) {
        if (!(e instanceof StringValue s)) {
            throw BuiltinException.builtinError("element must be string");
        }
        byte[] ip = IpAddresses.parseIp(s.value());
        if (ip == null) {
            return IpAddresses.parseCidr(s.value());
        }
        byte[] v4 = IpAddresses.to4(ip);
        if (v4 == null) {
            throw BuiltinException.builtinError("IPv6 invalid: needs prefix length");
        }
        int first = v4[0] & 0xff;
        int prefix = first < 0x80 ? 8 : first < 0xc0 ? 16 : 24;
        return new IpAddresses.Net(IpAddresses.mask(v4, prefix), prefix);
    }

    private static List<Range> mergeRanges(List<Range> ranges) {
        List<Range> list = new ArrayList<>(ranges);
        list.sort(Comparator.comparing(Range::last).thenComparing(Range::first));
        for (int i = list.size() - 1; i > 0; i--) {
            Range cur = list.get(i);
            Range prev = list.get(i - 1);
            if (cur.first().subtract(BigInteger.ONE).compareTo(prev.last()) <= 0) {
                BigInteger first = prev.first().min(cur.first());
                list.set(i - 1, new Range(first, cur.last(), null, cur.length()));
                list.remove(i);
            }
        }
        return list;
    }

    static Value lookup(BuiltinContext ctx, Value[] a) {
        String name = Operands.string(a[0], 1);
        if (!ctx.networkAllowed()) {
            throw BuiltinException.builtinError("network access is not allowed");
        }
        try {
            SetValue.Builder out = SetValue.builder();
            for (InetAddress addr : InetAddress.getAllByName(name)) {
                out.add(StringValue.of(IpAddresses.format(addr.getAddress())));
            }
            return out.build();
        } catch (UnknownHostException e) {
            throw BuiltinException.builtinError("lookup " + name + ": no such host");
        }
    }
}
